// Wraps each rendered <pre><code> in a frame with a language label and action buttons.
// Buttons carry data-action only; one delegated listener (installed by the view) handles them,
// so the decorated DOM is plain structure and compares equal between streamed and one-shot renders.

export type CodeAction = 'copy' | 'insert' | 'replace';

const actions: { action: CodeAction; icon: string; label: string }[] = [
  { action: 'copy', icon: 'copy', label: 'Copy' },
  { action: 'insert', icon: 'insert', label: 'Insert at Cursor' },
  { action: 'replace', icon: 'replace', label: 'Replace Selection' },
];

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

/** The code text of the block a toolbar button belongs to. */
export function codeOfButton(button: Element): string | undefined {
  return button.closest('.code-block')?.querySelector('pre code')?.textContent ?? undefined;
}
