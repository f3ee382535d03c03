// The fuzzer's seed corpus: every streaming protocol vector (the JSON-bodied HTTP error vectors
// are not event streams and are skipped), with the endpoint its sidecar names.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Endpoint } from '../../src/core';
import { SIDECAR_ENDPOINTS } from '../vectorExpect';

/** Compiled to out/test/fuzz/, the vectors stay in test/vectors/ (never ../shared at run time). */
const VECTORS = resolve(__dirname, '../../../test/vectors');

export interface Seed {
  name: string;
  endpoint: Endpoint;
  bytes: Uint8Array;
  /** Sidecar `expect.text` / `termination` (used to validate the oracle, not the decoder). */
  expectText?: string;
  expectTextLength?: number;
  expectTermination?: string;
}

export function loadCorpus(): Seed[] {
  const names = JSON.parse(readFileSync(join(VECTORS, 'INDEX.json'), 'utf8')) as string[];
  const seeds: Seed[] = [];
  for (const name of names) {
    const side = JSON.parse(readFileSync(join(VECTORS, `${name}.expect.json`), 'utf8')) as {
      endpoint: string;
      body_is_json_not_sse?: boolean;
      expect: { text?: unknown; answer?: unknown; text_length?: unknown; termination?: unknown };
    };
    if (side.body_is_json_not_sse) continue;
    const endpoint = SIDECAR_ENDPOINTS[side.endpoint];
    if (!endpoint) throw new Error(`${name}: unknown endpoint ${side.endpoint}`);
    const x = side.expect;
    const text = typeof x.text === 'string' ? x.text : typeof x.answer === 'string' ? x.answer : undefined;
    seeds.push({
      name,
      endpoint,
      bytes: new Uint8Array(readFileSync(join(VECTORS, `${name}.sse`))),
      expectText: text,
      expectTextLength: typeof x.text_length === 'number' ? x.text_length : undefined,
      expectTermination: typeof x.termination === 'string' ? x.termination : undefined,
    });
  }
  return seeds;
}
