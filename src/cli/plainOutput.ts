// Plain-mode output of the CLI. stdout carries only what the model answered (its text, or its
// refusal); stderr carries progress lines and the model's reasoning as it streams, set apart
// (a "Thinking…" header, every line prefixed, dimmed on a terminal) so it is never read as the answer.
import type { StreamEvent } from '../core';

export const REASONING_HEADER = 'Thinking…';
export const REASONING_PREFIX = '│ ';
export const REFUSAL_MARKER = 'The model refused to answer:';

const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';
const NORMAL = '\x1b[22m';

export interface PlainOutputOptions {
  /** ANSI styling (stderr is a terminal and NO_COLOR is unset). */
  color: boolean;
  now?: () => number;
}

/** Progress lines for events that are neither answer nor reasoning. */
function describeOnStderr(event: StreamEvent): string | undefined {
  switch (event.type) {
    case 'retrying':
      return `Retrying in ${(event.delayMs / 1000).toFixed(1)} s (attempt ${event.attempt}): ${event.error.message}`;
    case 'stage':
      return `› ${event.stage.content}${event.stage.sources?.length ? ` (${event.stage.sources.join(', ')})` : ''}`;
    case 'title':
      return `Title: ${event.title}`;
    case 'sources':
      return event.sources.map((s) => `Source ${s.file_id}: ${s.snippet}`).join('\n');
    case 'subqueries':
      return event.subqueries.map((q) => `Subquery: ${q.query} → ${q.answer}`).join('\n');
    case 'graph-data': {
      const g = event.graphData;
      const lines = [...(g.subqueries ?? []).map((q) => `Subquery: ${q.query} → ${q.answer}`), ...(g.sources ?? []).map((s) => `Source ${s.file_id}: ${s.snippet}`)];
      return lines.length ? lines.join('\n') : undefined;
    }
    default:
      return undefined;
  }
}

export class PlainOutput {
  /** Last piece written to stdout (the caller ends a terminal's line after it). */
  lastStdout = '';
  refused = false;
  private reasoningSince: number | undefined;
  private atLineStart = true;
  private readonly now: () => number;

  constructor(
    private readonly stdout: (text: string) => void,
    private readonly stderr: (text: string) => void,
    private readonly options: PlainOutputOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  handle(event: StreamEvent): void {
    switch (event.type) {
      case 'reasoning':
        return this.reasoning(event.text);
      case 'text':
        this.endReasoning();
        return this.answer(event.text);
      case 'refusal':
        this.endReasoning();
        if (!this.refused) {
          this.refused = true;
          this.stderr(`${this.style(BOLD, REFUSAL_MARKER)}\n`);
        }
        return this.answer(event.text);
      default: {
        const line = describeOnStderr(event);
        if (!line) return;
        this.endReasoning();
        this.stderr(`${line}\n`);
      }
    }
  }

  /** The stream ended: close an open reasoning block. */
  finish(): void {
    this.endReasoning();
  }

  private answer(text: string): void {
    this.stdout(text);
    this.lastStdout = text;
  }

  private reasoning(text: string): void {
    if (this.reasoningSince === undefined) {
      this.reasoningSince = this.now();
      this.atLineStart = true;
      this.stderr(`${this.style(DIM, REASONING_HEADER)}\n`);
    }
    let out = '';
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (i > 0) {
        out += '\n';
        this.atLineStart = true;
      }
      const line = lines[i]!;
      if (!line) continue;
      if (this.atLineStart) out += REASONING_PREFIX;
      out += line;
      this.atLineStart = false;
    }
    if (out) this.stderr(this.style(DIM, out));
  }

  private endReasoning(): void {
    if (this.reasoningSince === undefined) return;
    const seconds = Math.round((this.now() - this.reasoningSince) / 100) / 10;
    this.reasoningSince = undefined;
    this.stderr(`${this.atLineStart ? '' : '\n'}${this.style(DIM, `Thought for ${seconds} s.`)}\n`);
    this.atLineStart = true;
  }

  private style(code: string, text: string): string {
    return this.options.color ? `${code}${text}${NORMAL}` : text;
  }
}
