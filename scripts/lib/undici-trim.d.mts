// Types for undici-trim.mjs, imported by test/unit/shipped-bundle.test.ts.
import type { BuildOptions, Plugin } from 'esbuild';
export const shippedBundle: BuildOptions;
export const undiciTrim: Plugin;
