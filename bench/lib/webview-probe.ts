// Recorders injected with playwright into the chat webview frame and the workbench page, so the
// product needs no benchmark hooks. Plain JS strings: they run in the browser, not in Node (and the
// Node tsconfig has no DOM types).

/**
 * In the webview frame: a MutationObserver that records, for the newest assistant answer, when its
 * count of visible non-whitespace characters changes (clock: performance.timeOrigin + now(), epoch ms
 * like the server's), plus the time of the next animation frame after each change (≈ painted).
 * Buttons and code-block labels are skipped (they are not answer text). Also long tasks.
 */
export const WEBVIEW_PROBE = String.raw`(() => {
  const now = () => performance.timeOrigin + performance.now();
  const state = { samples: [], patches: [], longtasks: [], messageId: undefined, last: -1, rafPending: false, counting: true };
  window.__saBench = state;
  const skip = (el) => el.closest('button, .code-toolbar');
  // Per top-level block of the answer, cached: frozen blocks never change, the tail is replaced by
  // new nodes, so only new or mutated blocks are counted again (keeps the probe cheap on 100 KB).
  let cache = new WeakMap();
  const countNode = (node) => {
    let n = 0;
    if (node.nodeType === 3) { const s = node.data; for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); if (c > 32 && c !== 160) n++; } return n; }
    if (node.nodeType !== 1 || skip(node)) return 0;
    const w = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let t = w.nextNode(); t; t = w.nextNode()) {
      if (t.parentElement && skip(t.parentElement)) continue;
      const s = t.data;
      for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); if (c > 32 && c !== 160) n++; }
    }
    return n;
  };
  const count = (body) => {
    let n = 0;
    for (let c = body.firstChild; c; c = c.nextSibling) {
      let k = cache.get(c);
      if (k === undefined) { k = countNode(c); cache.set(c, k); }
      n += k;
    }
    return n;
  };
  const invalidate = (records) => {
    for (const r of records) {
      let node = r.target;
      while (node && node.parentNode && !(node.parentNode.classList && node.parentNode.classList.contains('message-body'))) node = node.parentNode;
      if (node) cache.delete(node);
    }
  };
  const check = (records) => {
    if (!state.counting) return;
    if (records) invalidate(records);
    const arts = document.querySelectorAll('article.message.assistant');
    const art = arts[arts.length - 1];
    if (!art) return;
    const id = art.getAttribute('data-message-id');
    if (id !== state.messageId) { state.messageId = id; state.last = -1; cache = new WeakMap(); }
    const body = art.querySelector('.message-body');
    if (!body) return;
    const n = count(body);
    if (n === state.last) return;
    state.last = n;
    const sample = { id, t: now(), n, paint: 0 };
    state.samples.push(sample);
    // Every sample since the last frame gets that frame's time.
    if (!state.rafPending) {
      state.rafPending = true;
      requestAnimationFrame(() => {
        state.rafPending = false;
        const t = now();
        for (let i = state.samples.length - 1; i >= 0 && state.samples[i].paint === 0; i--) state.samples[i].paint = t;
      });
    }
  };
  // When each host patch reaches the webview (end of its text, in raw characters): splits latency into host + transport vs rendering.
  window.addEventListener('message', (ev) => {
    const d = ev.data;
    if (state.counting && d && d.type === 'patch' && d.patch && typeof d.patch.append === 'string' && d.patch.append) state.patches.push({ t: now(), id: d.patch.messageId, end: d.patch.offset + d.patch.append.length });
  });
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.longtasks.push({ start: performance.timeOrigin + e.startTime, duration: e.duration, name: e.name });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { state.longtaskError = String(e); }
  return true;
})()`;

/** In the workbench page: long tasks, with their attribution (self = the workbench's own code). */
export const PAGE_PROBE = String.raw`(() => {
  const state = { longtasks: [] };
  window.__saBench = state;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const a = e.attribution && e.attribution[0];
      state.longtasks.push({ start: performance.timeOrigin + e.startTime, duration: e.duration, name: e.name, container: a ? a.containerType + ' ' + (a.containerSrc || a.containerName || '') : '' });
    }
  }).observe({ type: 'longtask', buffered: true });
  return true;
})()`;

/** Takes (and clears) what the probes recorded. */
/** Turns the DOM counting on or off (off for the long-task runs: the probe must not add work there). */
export const counting = (on: boolean): string => `(() => { window.__saBench.counting = ${on}; return true; })()`;

export const TAKE = String.raw`(() => { const s = window.__saBench; const out = { samples: s.samples || [], patches: s.patches || [], longtasks: s.longtasks, longtaskError: s.longtaskError }; if (s.samples) { s.samples = []; s.patches = []; } s.longtasks = []; return out; })()`;

export interface ProbeSample {
  id: string | null;
  t: number;
  n: number;
  paint: number;
}

export interface LongTask {
  start: number;
  duration: number;
  name: string;
  container?: string;
}

export interface ProbePatch {
  t: number;
  id: string;
  /** Raw text length once this patch is applied. */
  end: number;
}

export interface ProbeData {
  samples: ProbeSample[];
  patches: ProbePatch[];
  longtasks: LongTask[];
  longtaskError?: string;
}
