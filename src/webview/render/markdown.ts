// The markdown-it instance shared by the streaming and the one-shot render, so both give the
// same HTML by construction. Raw HTML is off (model output is text, never markup).
import MarkdownIt from 'markdown-it';
import { fileOfFenceInfo } from './codeBlocks';
import { highlightCode } from './highlight';

export const md = new MarkdownIt({
  html: false,
  linkify: true,
  typographer: false,
  highlight: (code, lang) => highlightCode(code, lang),
});

// Reference definitions let a later block change an earlier one ("[x]" becomes a link once
// "[x]: url" arrives), which would break render-once blocks; answers almost never use them.
md.disable('reference');
// Images would fetch remote content (blocked by CSP anyway); show them as plain links instead.
md.disable('image');

/** Only web links and in-page anchors stay links; javascript:, data:, file:, vscode: … are dropped. */
export function isSafeHref(url: string): boolean {
  const u = url.trim().toLowerCase();
  return u.startsWith('http://') || u.startsWith('https://') || u.startsWith('#') || u.startsWith('mailto:');
}

md.validateLink = (url: string) => isSafeHref(url);

// A fence that names its file ("```ts src/app.ts") keeps the path on <code data-file> for Apply.
md.core.ruler.push('fence_file', (state) => {
  for (const token of state.tokens) {
    if (token.type !== 'fence') continue;
    const file = fileOfFenceInfo(token.info);
    if (file) token.attrSet('data-file', file);
  }
});
