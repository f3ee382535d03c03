// HTML from markdown-it → inert, decorated DOM. Every piece of rendered output goes through here.
import { decorateCodeBlocks } from './codeBlocks';
import { sanitizeToFragment } from './sanitize';

export function renderHtmlToFragment(html: string): DocumentFragment {
  const fragment = sanitizeToFragment(html);
  decorateCodeBlocks(fragment);
  return fragment;
}
