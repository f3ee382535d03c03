// Tiny DOM helpers for the chat UI: elements are built with textContent only, never innerHTML.

type Attrs = Record<string, string | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c);
  return el;
}

export function icon(name: string): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** A labelled button: icon-only buttons still get an accessible name and a tooltip. */
export function button(label: string, opts: { icon?: string; text?: boolean; cls?: string; onClick: (ev: MouseEvent) => void }): HTMLButtonElement {
  const b = h('button', { type: 'button', class: opts.cls ?? (opts.text ? 'text-button' : 'icon-button'), title: label, 'aria-label': label });
  if (opts.icon) b.append(icon(opts.icon));
  if (opts.text) b.append(h('span', {}, label));
  b.addEventListener('click', opts.onClick);
  return b;
}
