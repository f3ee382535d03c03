// Deterministic long markdown for the renderer tests and the render benchmark: prose, inline
// markup, code in several languages, nested lists, tables, quotes, setext headings, hostile
// HTML and links, and optionally an unclosed fence at the end.

import { mulberry32 as prng } from '../test/random';

export { prng };

const words = 'stream token render block frame delta parser buffer socket answer model cursor editor panel table list code fence quote'.split(' ');

function sentence(r: () => number): string {
  const n = 5 + Math.floor(r() * 12);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const w = words[Math.floor(r() * words.length)]!;
    const k = r();
    out.push(k < 0.05 ? `**${w}**` : k < 0.1 ? `\`${w}()\`` : k < 0.12 ? `[${w}](https://example.com/${w})` : k < 0.13 ? `_${w}_` : w);
  }
  return out.join(' ') + '.';
}

const codeSamples: Record<string, string> = {
  ts: 'export function add(a: number, b: number): number {\n  // adds\n  return a + b;\n}\nconst s = `x ${add(1, 2)}`;',
  python: 'def fib(n):\n    """doc"""\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n\nprint([fib(i) for i in range(10)])',
  json: '{\n  "name": "stream-assist",\n  "items": [1, 2, 3],\n  "ok": true\n}',
  bash: 'for f in *.ts; do\n  echo "$f" | wc -c\ndone',
  '': 'plain text block\n  with indentation\n<script>alert(1)</script>',
  weird: 'unknown language <b>bold?</b>',
};

function block(r: () => number, i: number): string {
  const k = r();
  if (k < 0.08) return `${'#'.repeat(1 + Math.floor(r() * 3))} Section ${i}`;
  if (k < 0.3) return Array.from({ length: 1 + Math.floor(r() * 4) }, () => sentence(r)).join(' ');
  if (k < 0.45) {
    const langs = Object.keys(codeSamples);
    const lang = langs[Math.floor(r() * langs.length)]!;
    const reps = 1 + Math.floor(r() * 4);
    return '```' + lang + '\n' + Array.from({ length: reps }, () => codeSamples[lang]).join('\n') + '\n```';
  }
  if (k < 0.57) {
    const items: string[] = [];
    const ordered = r() < 0.4;
    for (let j = 0; j < 2 + Math.floor(r() * 5); j++) {
      items.push(`${ordered ? `${j + 1}.` : '-'} ${sentence(r)}`);
      if (r() < 0.3) items.push(`  - nested ${sentence(r)}`);
      if (r() < 0.1) items.push('');
    }
    return items.join('\n');
  }
  if (k < 0.67) {
    const rows = ['| Name | Value | Note |', '|------|:-----:|-----:|'];
    for (let j = 0; j < 2 + Math.floor(r() * 6); j++) rows.push(`| ${words[j % words.length]} | ${j * 7} | ${sentence(r)} |`);
    return rows.join('\n');
  }
  if (k < 0.72) return `> ${sentence(r)}\n> ${sentence(r)}\nlazy ${sentence(r)}`;
  if (k < 0.75) return `Setext title ${i}\n${r() < 0.5 ? '===' : '---'}`;
  if (k < 0.78) return `${sentence(r)}\n- list right after a paragraph\n- second`;
  if (k < 0.8) return '---';
  if (k < 0.83) return `Hostile: <img src=x onerror=alert(1)> and [click](javascript:alert(1)) and [d](data:text/html,hi) and <a href="javascript:x">raw</a>`;
  if (k < 0.86) return `    indented code ${i}\n    second line`;
  if (k < 0.88) return `Text with trailing spaces  \nhard break and \\*escaped\\* and a URL https://example.org/x?y=1`;
  return sentence(r);
}

/** About `targetChars` characters of markdown. */
export function generateMarkdown(seed: number, targetChars: number, unclosedFence = false): string {
  const r = prng(seed);
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < targetChars; i++) {
    const b = block(r, i);
    parts.push(b);
    size += b.length + 2;
  }
  let text = parts.join('\n\n');
  if (unclosedFence) text += '\n\n```ts\nconst unfinished = 1;\nfunction f() {';
  return text;
}

/** Splits text into `count` random, non-empty chunks (about; fewer when the text is short). */
export function randomChunks(text: string, r: () => number, count: number): string[] {
  const cuts = new Set<number>();
  const n = Math.min(count - 1, text.length - 1);
  while (cuts.size < n) cuts.add(1 + Math.floor(r() * (text.length - 1)));
  const sorted = [...cuts].sort((a, b) => a - b);
  const chunks: string[] = [];
  let last = 0;
  for (const c of sorted) {
    chunks.push(text.slice(last, c));
    last = c;
  }
  chunks.push(text.slice(last));
  return chunks;
}
