// The layer rules are real: eslint.config.mjs rejects each forbidden import (and keeps allowed ones),
// checked on probe sources linted as if they sat in each layer.
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';

const root = resolve(__dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: resolve(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer rules (eslint)', () => {
  const cases: { file: string; source: string; rule: string }[] = [
    { file: 'src/core/probe.ts', source: "import * as vscode from 'vscode';\nexport const x = vscode;\n", rule: 'no-restricted-imports' },
    { file: 'src/core/probe.ts', source: "import type { Services } from '../extension/services';\nexport type X = Services;\n", rule: 'import-x/no-restricted-paths' },
    { file: 'src/core/probe.ts', source: "import type { HostToWebview } from '../shared/webviewProtocol';\nexport type X = HostToWebview;\n", rule: 'import-x/no-restricted-paths' },
    { file: 'src/webview/probe.ts', source: "import { startStream } from '../core';\nexport const x = startStream;\n", rule: 'import-x/no-restricted-paths' },
    { file: 'src/webview/probe.ts', source: "import * as vscode from 'vscode';\nexport const x = vscode;\n", rule: 'no-restricted-imports' },
    { file: 'src/extension/chat/probe.ts', source: "import { registerEditorStreaming } from '../editor';\nexport const x = registerEditorStreaming;\n", rule: 'import-x/no-restricted-paths' },
    { file: 'src/extension/knowledge/probe.ts', source: "import { registerChat } from '../chat';\nexport const x = registerChat;\n", rule: 'import-x/no-restricted-paths' },
    { file: 'src/extension/foundation/probe.ts', source: "import { startStreamingServer } from '../../../test/server';\nexport const x = startStreamingServer;\n", rule: 'import-x/no-restricted-paths' },
    { file: 'src/core/probe.ts', source: 'export const x: any = 1;\n', rule: '@typescript-eslint/no-explicit-any' },
  ];
  for (const c of cases) {
    it(`${c.file}: ${c.source.split('\n')[0]} → ${c.rule}`, async () => {
      const found = await problems(c.file, c.source);
      assert.ok(found.some((p) => p.startsWith(`${c.rule}:`)), `expected ${c.rule}, got ${JSON.stringify(found)}`);
    });
  }

  it('allowed imports pass: a feature uses the core, services and the shared protocol; the webview uses shared', async () => {
    assert.deepEqual(await problems('src/extension/chat/probe.ts', "import { startStream } from '../../core';\nimport type { Services } from '../services';\nimport type { HostToWebview } from '../../shared/webviewProtocol';\nexport const x = [startStream];\nexport type Y = [Services, HostToWebview];\n"), []);
    assert.deepEqual(await problems('src/webview/probe.ts', "import type { HostToWebview } from '../shared/webviewProtocol';\nimport { md } from './render/markdown';\nexport type X = HostToWebview;\nexport const y = md;\n"), []);
  });
});
