// The whole clean-up from model deltas to document-ready text, in order: line endings (\r\n, \n or a
// lone \r, a pair possibly split across deltas, all become \n) → fence stripping → indentation (the
// first line continues at the cursor; leading tabs/spaces follow insertSpaces/tabSize) → the
// document's EOL; and where the text sits relative to the cursor's line, so it never glues onto
// existing code. Pure and incremental (no vscode).
import { FenceStripper } from './fenceStripper';

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

// Model output may use \r\n, \n or a lone \r, and a \r\n pair may be split across two deltas.
// Everything downstream works on \n only; the document's own EOL is put back at the very end.
/** Streaming \r\n / \r → \n. Holds a trailing \r until the next delta says whether \n follows. */
export class LineEndingNormalizer {
  private heldCR = false;

  push(text: string): string {
    let s = this.heldCR ? '\r' + text : text;
    this.heldCR = s.endsWith('\r');
    if (this.heldCR) s = s.slice(0, -1);
    return s.replace(/\r\n?/g, '\n');
  }

  end(): string {
    const out = this.heldCR ? '\n' : '';
    this.heldCR = false;
    return out;
  }
}

/** \n → the document's EOL ('\n' or '\r\n'). */
export function toEol(text: string, eol: '\n' | '\r\n'): string {
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}

// Keeps the document's indentation when model text goes in:
//   - the first line continues at the cursor, so indentation the model repeats there is dropped
//     (the cursor already sits after it);
//   - leading tabs/spaces follow the editor's insertSpaces/tabSize.
// The model is asked to indent every later line as it must appear in the file, so those keep
// their depth. Streaming: only a line's leading whitespace is held until its first other char.
// Input uses \n line endings.
export interface IndentOptions {
  /** Whitespace between the line start and the cursor when nothing else is there; otherwise undefined. */
  cursorIndent: string | undefined;
  insertSpaces: boolean;
  tabSize: number;
}

/** Leading whitespace in the document's style: tabs→spaces, or whole tab widths of spaces→tabs. */
export function convertIndent(ws: string, insertSpaces: boolean, tabSize: number): string {
  if (ws === '' || tabSize < 1) return ws;
  if (insertSpaces ? !ws.includes('\t') : !ws.includes(' '.repeat(tabSize))) return ws;
  let width = 0;
  for (const c of ws) width = c === '\t' ? width + tabSize - (width % tabSize) : width + 1;
  return insertSpaces ? ' '.repeat(width) : '\t'.repeat(Math.floor(width / tabSize)) + ' '.repeat(width % tabSize);
}

const LEADING_WS = /[ \t]*/y;

export class IndentAdjuster {
  private atLineStart = true;
  private firstLine = true;
  private ws = '';

  constructor(private readonly options: IndentOptions) {}

  push(text: string): string {
    let out = '';
    for (let i = 0; i < text.length; ) {
      if (this.atLineStart) {
        LEADING_WS.lastIndex = i;
        const ws = LEADING_WS.exec(text)![0];
        this.ws += ws;
        i += ws.length;
        if (i >= text.length) break;
        out += this.leading();
      }
      const nl = text.indexOf('\n', i);
      if (nl < 0) {
        out += text.slice(i);
        break;
      }
      out += text.slice(i, nl + 1);
      i = nl + 1;
      this.atLineStart = true;
      this.firstLine = false;
    }
    return out;
  }

  end(): string {
    return this.atLineStart && this.ws !== '' ? this.leading() : '';
  }

  private leading(): string {
    const { cursorIndent, insertSpaces, tabSize } = this.options;
    let ws = convertIndent(this.ws, insertSpaces, tabSize);
    if (this.firstLine && cursorIndent && ws.startsWith(cursorIndent)) ws = ws.slice(cursorIndent.length);
    this.ws = '';
    this.atLineStart = false;
    return ws;
  }
}

// Where generated text sits relative to the line the cursor is on. Inserting at the start of a
// non-empty line must not glue the last generated line onto the existing code ("…);export …"),
// and inserting at the end of one must not glue the first generated line onto it: the insertion
// then ends (or starts) with a line break so the existing line keeps its own line.
export interface InsertionPlacement {
  /** Put a line break before the text (cursor at the end of a non-empty line). */
  startWithNewline: boolean;
  /** End the text with a line break (cursor at the start of a non-empty line). */
  endWithNewline: boolean;
  /** Indentation to repeat after that final line break, so the existing line keeps its indentation. */
  endIndent: string;
}

/** `lineText` is the cursor's line without its EOL, `character` the cursor column in it. */
export function insertionPlacement(lineText: string, character: number): InsertionPlacement {
  const before = lineText.slice(0, character);
  const after = lineText.slice(character);
  const blankBefore = /^[ \t]*$/.test(before);
  const blankAfter = /^[ \t]*$/.test(after);
  if (blankBefore && !blankAfter) return { startWithNewline: false, endWithNewline: true, endIndent: before };
  if (!blankBefore && blankAfter) return { startWithNewline: true, endWithNewline: false, endIndent: '' };
  return { startWithNewline: false, endWithNewline: false, endIndent: '' };
}
