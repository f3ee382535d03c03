// Wraps each rendered <pre><code> in a frame with a language label and action buttons.
// Buttons carry data-action only; one delegated listener (installed by the view) handles them,
// so the decorated DOM is plain structure and compares equal between streamed and one-shot renders.

export type CodeAction = 'copy' | 'insert' | 'replace' | 'apply';

const actions: { action: CodeAction; icon: string; label: string }[] = [
  { action: 'copy', icon: 'copy', label: 'Copy' },
  { action: 'insert', icon: 'insert', label: 'Insert at Cursor' },
  { action: 'replace', icon: 'replace', label: 'Replace Selection' },
  { action: 'apply', icon: 'diff', label: 'Apply to File (review as a diff)' },
];

/** A relative or absolute file path, not a language name or a URL: "src/app.ts", "main.py", "./lib/x". */
function pathLike(s: string): boolean {
  return /^[\w@~.+\-/\\:]+$/.test(s) && !/^[a-z]+:\/\//i.test(s) && (/[/\\]/.test(s) || /\.[A-Za-z0-9]{1,10}$/.test(s));
}

/**
 * The file a fence's info names: "ts src/a.ts", "src/a.ts", "ts title=src/a.ts", "python:app.py".
 * '' when it names none (a bare language).
 */
export function fileOfFenceInfo(info: string): string {
  const words = info.trim().split(/\s+/).filter(Boolean);
  for (const w of words) {
    const attr = /^(?:title|file|filename|path)=["']?([^"']+)["']?$/i.exec(w);
    if (attr && pathLike(attr[1]!)) return attr[1]!;
  }
  const first = words[0] ?? '';
  const colon = /^[A-Za-z+#-]+:(.+)$/.exec(first);
  if (colon && pathLike(colon[1]!)) return colon[1]!;
  for (const w of words) if (pathLike(w) && !/^[A-Za-z]:$/.test(w)) return w;
  return '';
}

/** "// filepath: src/a.ts" (or #, --, /* and <!-- comments) on the code's first line. */
function fileOfFirstLine(code: string): string {
  const m = /^\s*(?:\/\/|#|--|\/\*|<!--)\s*(?:file(?:path|name)?|path)\s*:\s*([^\s*]+?)\s*(?:\*\/|-->)?\s*$/im.exec(code.split('\n', 1)[0] ?? '');
  return m && pathLike(m[1]!) ? m[1]! : '';
}

/** A short paragraph right before the block that names a path: "`src/a.ts`:", "Update **src/a.ts**:", "src/a.ts". */
function fileOfLineBefore(p: Element): string {
  const t = (p.textContent ?? '').trim();
  if (!t || t.length > 200) return '';
  if (pathLike(t.replace(/:$/, ''))) return t.replace(/:$/, '');
  if (!t.endsWith(':')) return '';
  const marked = Array.from(p.querySelectorAll('code, strong, em')).map((el) => (el.textContent ?? '').trim()).filter(pathLike);
  return marked[marked.length - 1] ?? '';
}

function languageOf(code: Element): string {
  for (const cls of Array.from(code.classList)) if (cls.startsWith('language-')) return cls.slice('language-'.length);
  return '';
}

export function decorateCodeBlocks(root: DocumentFragment): void {
  for (const pre of Array.from(root.querySelectorAll('pre'))) {
    const code = pre.querySelector('code');
    if (!code || !pre.parentNode) continue;
    const doc = pre.ownerDocument;
    const frame = doc.createElement('div');
    frame.className = 'code-block';
    const bar = doc.createElement('div');
    bar.className = 'code-toolbar';
    const label = doc.createElement('span');
    label.className = 'code-lang';
    label.textContent = languageOf(code) || 'text';
    bar.appendChild(label);
    for (const a of actions) {
      const b = doc.createElement('button');
      b.className = 'icon-button';
      b.type = 'button';
      b.dataset.codeAction = a.action;
      b.title = a.label;
      b.setAttribute('aria-label', a.label);
      const icon = doc.createElement('span');
      icon.className = `codicon codicon-${a.icon}`;
      icon.setAttribute('aria-hidden', 'true');
      b.appendChild(icon);
      bar.appendChild(b);
    }
    pre.parentNode.replaceChild(frame, pre);
    frame.appendChild(bar);
    frame.appendChild(pre);
  }
}

/** The file the block a toolbar button belongs to names, '' when none (the host then offers the active editor). */
export function fileHintOfButton(button: Element): string {
  const frame = button.closest('.code-block');
  const code = frame?.querySelector('pre code');
  if (!frame || !code) return '';
  const before = frame.previousElementSibling;
  return code.getAttribute('data-file') || fileOfFirstLine(code.textContent ?? '') || (before?.tagName === 'P' ? fileOfLineBefore(before) : '');
}

/** The code text of the block a toolbar button belongs to. */
export function codeOfButton(button: Element): string | undefined {
  return button.closest('.code-block')?.querySelector('pre code')?.textContent ?? undefined;
}
