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
