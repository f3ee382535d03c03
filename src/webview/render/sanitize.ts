// Second line of defence after markdown-it's html:false: whatever HTML reaches the DOM goes
// through DOMPurify, with no event handlers, no scripts, no styles and only safe link targets.
import DOMPurify from 'dompurify';
import { isSafeHref } from './markdown';

const purify = DOMPurify(window);

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'A') {
    const href = node.getAttribute('href');
    if (href !== null && !isSafeHref(href)) node.removeAttribute('href');
    node.removeAttribute('target');
  }
});

const config = {
  RETURN_DOM_FRAGMENT: true as const,
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'img', 'video', 'audio', 'iframe', 'object', 'embed', 'svg', 'math', 'template'],
  FORBID_ATTR: ['style', 'id', 'name', 'srcset', 'src', 'action', 'formaction'],
  ALLOW_DATA_ATTR: false,
  // The file a code block names (markdown.ts); plain text, read only by Apply.
  ADD_ATTR: ['data-file'],
};

/** Parses renderer HTML into an inert, sanitised fragment owned by this document. */
export function sanitizeToFragment(html: string): DocumentFragment {
  return purify.sanitize(html, config);
}
