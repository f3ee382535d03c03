// The "Stream Assist" log at trace level, in the real extension host: request bodies and error
// bodies are there (that is what trace is for), the key never is — not even when the user pasted
// it into the prompt. The level is set the way VS Code's own extension tests do it
// (`_extensionTests.setLogLevel`, the programmatic twin of "Developer: Set Log Level…").
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StreamAssistApi } from '../../src/extension';
import type { StreamingServer } from '../server';
import { logText, startSession, waitFor, type Session } from './fixture';
import { report } from './index';

const KEY = 'sk-tracelog-Hd82Kq-leakcanary';
const MARKER = 'trace-body-marker-7Jx2';

describe('foundation (reliability): trace-level log has request bodies, never the key', function () {
  this.timeout(60_000);
  let session: Session;
  let services: StreamAssistApi['services'];
  let server: StreamingServer;
  let levelBefore = 'info';

  before(async () => {
    session = await startSession(KEY);
    ({ services, server } = session);
    levelBefore = (await vscode.commands.executeCommand<string>('_extensionTests.getLogLevel')) ?? 'info';
  });

  after(async () => {
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', levelBefore);
    await session?.close();
  });

  it('at info level there are no bodies; at trace level there are, with the key masked', async () => {
    const chat = (content: string) => ({ kind: 'chat' as const, model: 'palmyra-x5', messages: [{ role: 'user' as const, content }] });
    const run = async (content: string) => (await services.client.start(chat(content), { label: 'Test: trace log', kind: 'chat', handlesErrors: true })).result;

    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
    await waitFor('info level reached the channel', () => services.log.logLevel === vscode.LogLevel.Info);
    const quiet = await run(`info-level ${MARKER}-info #answer=plain`);
    assert.equal(quiet.error, null);
    await waitFor('the info request line', () => logText(session.api).includes(`POST ${server.url}/v1/chat 200`));
    assert.ok(!logText(session.api).includes(`${MARKER}-info`), 'no body at info level');

    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
    await waitFor('trace level reached the channel', () => services.log.logLevel === vscode.LogLevel.Trace);
    // The user pasted the key into the prompt: the body is logged, the key in it is not.
    const ok = await run(`${MARKER} my key is ${KEY} #answer=plain`);
    assert.equal(ok.error, null);
    assert.equal(server.requests.at(-1)?.auth, 'valid', 'the key itself was sent in the header');
    // An HTTP error: its body is traced too.
    server.nextScenario({ fault: '500:json' });
    const failed = await services.client.start(chat(`${MARKER}-error #answer=plain`), { label: 'Test: trace log error', kind: 'chat', handlesErrors: true });
    const failedResult = await failed.result;
    assert.equal(failedResult.error?.status, 500);

    await waitFor('the traced request body', () => logText(session.api).includes(`${MARKER} my key is *** #answer=plain`));
    await waitFor('the traced error body', () => /HTTP 500 body: \{/.test(logText(session.api)));
    const text = logText(session.api);
    assert.match(text, new RegExp(`\\[trace\\] POST ${server.url.replace(/\./g, '\\.')}/v1/chat \\{"model":"palmyra-x5"`), 'the whole JSON body is traced');
    assert.ok(text.includes(`${MARKER}-error`), 'the failing request body is traced');
    assert.ok(!text.includes(KEY), 'the key is nowhere in the log');
    assert.ok(!/Bearer (?!\*\*\*)/.test(text), 'no Authorization value is logged');
    const traced = text.split('\n').filter((l) => l.includes('[trace]')).length;
    report(`    trace log: ${traced} trace lines, ${text.length} chars, key found 0 times`);
  });
});
