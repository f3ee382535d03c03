// The exports decision: other extensions can read `exports`, so outside
// ExtensionMode.Test they must reach nothing. A walker searches everything reachable for the key;
// it is shown to find the key in the test-mode exports, so its 0 hits in the other modes mean something.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { exportsFor } from '../../src/extension/testApi';

const KEY = 'sk-EXPORTS-0123456789abcdef';

/** Counts the places reachable from `root` (properties, getters' owners' fields, Map/Set entries, closures' bound data) holding `needle`. */
function hits(root: unknown, needle: string): number {
  const seen = new Set<unknown>();
  let n = 0;
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.includes(needle)) n++;
      return;
    }
    if ((typeof v !== 'object' && typeof v !== 'function') || v === null || seen.has(v)) return;
    seen.add(v);
    if (v instanceof Map) for (const [k, x] of v) (visit(k), visit(x));
    if (v instanceof Set) for (const x of v) visit(x);
    for (const k of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, k);
      if (d && 'value' in d) visit(d.value);
    }
    visit(Object.getPrototypeOf(v));
  };
  visit(root);
  return n;
}

/** Shaped like the live objects: a key store with a cache, a secret storage holding the key. */
function liveObjects() {
  const cache = new Map<string, string>([['writer|https://api.writer.com', KEY]]);
  return { services: { keys: { cache }, context: { secrets: { stored: { apiKey: KEY } } } }, chat: {}, editor: {}, knowledge: {} };
}

describe('exports policy: live objects only in the test host', () => {
  it('the walker finds the key in the live objects (so a 0 means absent)', () => {
    assert.ok(hits(exportsFor(true, liveObjects), KEY) >= 2);
  });
  it('Production and Development modes export nothing: 0 hits for the key', () => {
    // extension.ts passes `context.extensionMode === ExtensionMode.Test`: false for both other modes.
    let built = 0;
    const exported = exportsFor(false, () => (built++, liveObjects()));
    assert.equal(exported, undefined);
    assert.equal(built, 0, 'the test API is not even built');
    assert.equal(hits(exported, KEY), 0);
  });
});
