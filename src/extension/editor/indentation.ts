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
