// Models often answer "Here is the code:\n```ts\n…\n```\nThis works because…" even when told not to.
// The editor wants only the code. This strips, while streaming and without waiting for the end:
//   - a fenced block's opening and closing fence lines (``` or ~~~, any info string),
//   - short lead-in prose before a single fenced block (at most 3 prose-looking lines),
//   - everything after the closing fence (trailing explanation),
//   - leading blank lines and trailing newlines of an unfenced answer.
// Any chunking of the same answer gives the same output as one push of the whole answer.
// Input must already use \n line endings (see lineEndings.ts).

interface Fence {
  char: '`' | '~';
  length: number;
  /** Spaces before the opening fence; removed from content lines (CommonMark). */
  indent: number;
}

/** Lead-in prose is only dropped when this short; longer text before a fence is content. */
const MAX_LEAD_IN_LINES = 3;
const MAX_LEAD_IN_CHARS = 600;

export function parseFenceOpener(line: string): Fence | undefined {
  const m = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(line);
  if (!m) return undefined;
  const char = m[2][0] as '`' | '~';
  // A backtick fence's info string cannot contain backticks (that is inline code).
  if (char === '`' && m[3].includes('`')) return undefined;
  return { char, length: m[2].length, indent: m[1].length };
}

function isClosingFence(line: string, fence: Fence): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return !!m && m[1][0] === fence.char && m[1].length >= fence.length;
}

/** Could more characters turn this partial line into a closing fence? Then it must not be emitted yet. */
function couldBecomeClosingFence(partial: string, fence: Fence): boolean {
  const m = /^ {0,3}([`~]*)[ \t]*$/.exec(partial);
  if (!m) return false;
  const run = m[1];
  if (run === '') return /^ {0,3}$/.test(partial);
  if (![...run].every((c) => c === fence.char)) return false;
  return run.length >= fence.length || run.length === partial.trimStart().length;
}

/** Could more characters turn this partial line into an opening fence? */
function couldBecomeOpener(partial: string): boolean {
  return /^ {0,3}(?:`{0,2}|~{0,2})$/.test(partial) || parseFenceOpener(partial) !== undefined;
}

/** "Here is the updated function:" / "Sure! This should work." — not code. */
export function looksLikeProse(line: string): boolean {
  const t = line.trim();
  if (t.endsWith(':')) return true;
  return /^[A-Za-z]/.test(t) && /[.!?]$/.test(t) && !/[;{}=<>()[\]]/.test(t);
}

type State = 'undecided' | 'plain' | 'fenced' | 'closed';

export class FenceStripper {
  private state: State = 'undecided';
  // undecided: everything received so far, and how far complete lines were examined.
  private held = '';
  private scanned = 0;
  private leadInLines = 0;
  // fenced: the not-yet-emitted part of the current line, whether its start was emitted, a held \n.
  private fence: Fence = { char: '`', length: 3, indent: 0 };
  private line = '';
  private lineStarted = false;
  private pendingNewline = false;
  // plain: trailing newlines held back (dropped if the answer ends there).
  private heldNewlines = '';

  push(text: string): string {
    switch (this.state) {
      case 'undecided':
        this.held += text;
        return this.decide(false);
      case 'plain':
        return this.plain(text);
      case 'fenced':
        return this.fenced(text);
      case 'closed':
        return '';
    }
  }

  end(): string {
    let out = '';
    if (this.state === 'undecided') out += this.decide(true);
    if (this.state === 'fenced' && this.line !== '') {
      if (this.lineStarted || !isClosingFence(this.line, this.fence)) out += this.emitLinePart(this.line);
      this.line = '';
    }
    // A newline right before the end (fence lost, or an unfenced answer's last line) is not content.
    this.pendingNewline = false;
    this.heldNewlines = '';
    this.state = 'closed';
    return out;
  }

  private decide(atEnd: boolean): string {
    for (;;) {
      const nl = this.held.indexOf('\n', this.scanned);
      if (nl < 0) break;
      const line = this.held.slice(this.scanned, nl);
      const fence = parseFenceOpener(line);
      if (fence) return this.openFence(fence, this.held.slice(nl + 1));
      this.scanned = nl + 1;
      if (line.trim() === '') continue;
      const leadIn = looksLikeProse(line) && this.leadInLines < MAX_LEAD_IN_LINES && this.scanned - 1 <= MAX_LEAD_IN_CHARS;
      if (!leadIn) return this.becomePlain();
      this.leadInLines++;
    }
    const partial = this.held.slice(this.scanned);
    if (atEnd) {
      const fence = parseFenceOpener(partial);
      return fence ? this.openFence(fence, '') : this.becomePlain();
    }
    // Decide early only when the finished line could not change the decision either.
    const cannotBeLeadIn = this.leadInLines >= MAX_LEAD_IN_LINES || this.scanned + partial.length > MAX_LEAD_IN_CHARS;
    if (partial.trim() !== '' && !couldBecomeOpener(partial) && cannotBeLeadIn) return this.becomePlain();
    return '';
  }

  private openFence(fence: Fence, rest: string): string {
    this.state = 'fenced';
    this.fence = fence;
    this.held = '';
    return this.fenced(rest);
  }

  private becomePlain(): string {
    this.state = 'plain';
    const text = this.held.replace(/^(?:[ \t]*\n)+/, '');
    this.held = '';
    return this.plain(text);
  }

  private plain(text: string): string {
    const s = this.heldNewlines + text;
    const trailing = /\n*$/.exec(s)![0];
    this.heldNewlines = trailing;
    return s.slice(0, s.length - trailing.length);
  }

  private fenced(text: string): string {
    let out = '';
    let from = 0;
    while (this.state === 'fenced' && from <= text.length) {
      const nl = text.indexOf('\n', from);
      if (nl < 0) {
        this.line += text.slice(from);
        if (this.line !== '' && (this.lineStarted || !couldBecomeClosingFence(this.line, this.fence))) {
          out += this.emitLinePart(this.line);
          this.line = '';
        }
        break;
      }
      this.line += text.slice(from, nl);
      from = nl + 1;
      if (!this.lineStarted && isClosingFence(this.line, this.fence)) {
        this.state = 'closed';
        break;
      }
      out += this.emitLinePart(this.line);
      this.line = '';
      this.lineStarted = false;
      // The newline is emitted only once the next line proves not to be the closing fence.
      this.pendingNewline = true;
    }
    return out;
  }

  private emitLinePart(part: string): string {
    let s = part;
    if (!this.lineStarted) {
      const spaces = /^ */.exec(s)![0].length;
      s = s.slice(Math.min(spaces, this.fence.indent));
    }
    const nl = this.pendingNewline ? '\n' : '';
    this.pendingNewline = false;
    this.lineStarted = true;
    return nl + s;
  }
}
