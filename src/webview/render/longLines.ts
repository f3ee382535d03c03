// Very long lines (a model dumping megabytes on one line) are shown as plain text: markdown-it and
// the sanitiser take seconds on them in one main-thread task, and such a line is never prose worth
// formatting. The one-shot and the final streamed render both go through renderBounded, so they
// stay equal by construction.
import { md } from './markdown';
import { renderHtmlToFragment } from './fragment';

/** A finished line longer than this is rendered as plain text instead of markdown. */
export const MAX_MARKDOWN_LINE = 256 * 1024;
/** While streaming, a tail holding a line longer than this is shown as plain text until the end. */
export const STREAM_PLAIN_LINE = 64 * 1024;

/** Plain text is split into blocks of this many characters: appending then lays out only the last block, not megabytes. */
const PLAIN_CHUNK = 64 * 1024;
const PLAIN_CLASS = 'sa-plain';
/** Most plain text added to the DOM in one frame while streaming (layout cost is linear in it). */
export const PLAIN_FRAME_CHARS = 256 * 1024;

/** Plain text as a container of PLAIN_CHUNK-sized blocks that `appendPlain` can grow. */
export function createPlain(text: string): HTMLElement {
  const el = document.createElement('div');
  el.className = PLAIN_CLASS;
  appendPlain(el, text);
  return el;
}

export function appendPlain(el: HTMLElement, text: string): void {
  let last = el.lastElementChild;
  let i = 0;
  while (i < text.length) {
    const room = last ? PLAIN_CHUNK - (last.textContent ?? '').length : 0;
    if (!last || room <= 0) {
      last = document.createElement('div');
      last.appendChild(document.createTextNode(''));
      el.appendChild(last);
      continue;
    }
    (last.firstChild as Text).appendData(text.slice(i, i + room));
    i += room;
  }
}

/** Start and end offsets of every line of `text` longer than `limit` (the newline excluded). */
function longLines(text: string, limit: number): [number, number][] {
  const found: [number, number][] = [];
  if (text.length <= limit) return found;
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > limit) found.push([start, end]);
    if (nl < 0) break;
    start = nl + 1;
  }
  return found;
}

export function hasLongLine(text: string, limit: number): boolean {
  return longLines(text, limit).length > 0;
}

/** Markdown for the text between very long lines, plain blocks for those lines. */
export function renderBounded(text: string): DocumentFragment {
  const long = longLines(text, MAX_MARKDOWN_LINE);
  if (long.length === 0) return renderHtmlToFragment(md.render(text));
  const out = document.createDocumentFragment();
  let from = 0;
  for (const [start, end] of long) {
    if (start > from) out.appendChild(renderHtmlToFragment(md.render(text.slice(from, start))));
    out.appendChild(createPlain(text.slice(start, end)));
    from = end + 1;
  }
  if (from < text.length) out.appendChild(renderHtmlToFragment(md.render(text.slice(from))));
  return out;
}
