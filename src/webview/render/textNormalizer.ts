// markdown-it turns \r\n and lone \r into \n and NUL into U+FFFD before parsing. Doing the same
// to each delta as it arrives keeps our line arithmetic equal to markdown-it's, even when a
// \r\n pair is split across two deltas.
export class TextNormalizer {
  private pendingCR = false;

  push(delta: string): string {
    if (delta === '') return '';
    const s = this.pendingCR && delta.startsWith('\n') ? delta.slice(1) : delta;
    this.pendingCR = delta.endsWith('\r');
    return s.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
  }

  reset(): void {
    this.pendingCR = false;
  }
}

export function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD');
}
