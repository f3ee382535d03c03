// Turns inline citation markers such as "[1]" in a finished answer into links to its numbered
// sources. Runs once when the answer (and its sources) are complete, outside code.
export function linkCitations(root: HTMLElement, sourceCount: number, anchorPrefix: string): void {
  if (sourceCount === 0) return;
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const targets: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n as Text;
    if (/\[\^?\d+\]/.test(t.data) && !t.parentElement?.closest('code, pre, a')) targets.push(t);
  }
  for (const t of targets) {
    const doc = t.ownerDocument;
    const frag = doc.createDocumentFragment();
    let last = 0;
    for (const m of t.data.matchAll(/\[\^?(\d+)\]/g)) {
      const n = Number(m[1]);
      if (n < 1 || n > sourceCount) continue;
      frag.appendChild(doc.createTextNode(t.data.slice(last, m.index)));
      const a = doc.createElement('a');
      a.className = 'citation';
      a.href = `#${anchorPrefix}${n}`;
      a.dataset.sourceIndex = String(n);
      a.textContent = `[${n}]`;
      a.setAttribute('aria-label', `Source ${n}`);
      frag.appendChild(a);
      last = (m.index ?? 0) + m[0].length;
    }
    if (last === 0) continue;
    frag.appendChild(doc.createTextNode(t.data.slice(last)));
    t.parentNode?.replaceChild(frag, t);
  }
}
