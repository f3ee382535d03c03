// The whole clean-up from model deltas to document-ready text, in order:
// line endings → fence stripping → indentation → the document's EOL. Pure and incremental.
import { FenceStripper } from './fenceStripper';
import { IndentAdjuster, type IndentOptions } from './indentation';
import { LineEndingNormalizer, toEol } from './lineEndings';

export interface InsertionOptions extends IndentOptions {
  eol: '\n' | '\r\n';
  /** Rewriting whole lines: the replacement must end with a line break too, or it joins the next line. */
  endWithNewline: boolean;
  /** Start with a line break unless the text does (generating at the end of a non-empty line). */
  startWithNewline?: boolean;
  /** Repeated after the final line break, so the line the text was inserted before keeps its indentation. */
  endIndent?: string;
}

export class InsertionText {
  private readonly lineEndings = new LineEndingNormalizer();
  private readonly fences = new FenceStripper();
  private readonly indent: IndentAdjuster;
  private emitted = 0;
  private lastChar = '';

  constructor(private readonly options: InsertionOptions) {
    this.indent = new IndentAdjuster(options);
  }

  /** Characters (in \n form) produced so far. */
  get length(): number {
    return this.emitted;
  }

  push(delta: string): string {
    return this.out(this.indent.push(this.fences.push(this.lineEndings.push(delta))));
  }

  end(): string {
    let s = this.indent.push(this.fences.push(this.lineEndings.end()));
    s += this.indent.push(this.fences.end()) + this.indent.end();
    const any = this.emitted + s.length > 0;
    if (this.options.endWithNewline && any && !(s === '' ? this.lastChar : s).endsWith('\n')) s += '\n';
    if (this.options.endIndent && any && (s === '' ? this.lastChar : s).endsWith('\n')) s += this.options.endIndent;
    return this.out(s);
  }

  private out(s: string): string {
    if (s === '') return '';
    if (this.options.startWithNewline && this.emitted === 0 && !s.startsWith('\n')) s = '\n' + s;
    this.emitted += s.length;
    this.lastChar = s[s.length - 1];
    return toEol(s, this.options.eol);
  }
}
