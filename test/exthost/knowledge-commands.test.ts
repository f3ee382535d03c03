// "Ask a Knowledge Graph" and "Run No-Code Agent" inside the real extension host, against the
// local streaming server: the real pickers and input boxes (driven through the knowledge API's
// test view), real HTTP, and the server's own record of what it received and how sockets closed.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  AGENT_CONTENT,
  AGENT_STAGES,
  AGENT_TITLE,
  APPLICATIONS,
  GRAPH_ANSWER,
  GRAPH_SOURCES,
  GRAPH_SUBQUERIES,
  GRAPHS,
  type StreamingServer,
} from '../server';
import type { StreamAssistApi } from '../../src/extension';
import type { KnowledgeOutcome } from '../../src/extension/knowledge';
import type { ActivePrompt } from '../../src/extension/services';
import { startSession, waitFor, type Session } from './fixture';
import { report } from './index';

const KEY = 'knowledge-test-key';
const MISSING_GRAPH = '00000000-0000-4000-8000-000000000000';
const MISSING_APP = '00000000-0000-4000-8000-0000000000aa';

describe('knowledge: Knowledge Graph questions and no-code agents (extension host)', function () {
  this.timeout(30_000);
  let session: Session;
  let server: StreamingServer;
  let api: StreamAssistApi;
  let k: StreamAssistApi['knowledge']['testing'];
  const cfg = () => vscode.workspace.getConfiguration('streamAssist');
  const G = vscode.ConfigurationTarget.Global;

  /** The prompt of this step once it is open and loaded. */
  async function prompt(step: string): Promise<ActivePrompt> {
    await waitFor(`the "${step}" prompt`, () => k.activePrompt?.step === step && !k.activePrompt.widget.busy, 5000);
    return k.activePrompt!;
  }

  function quickPick(p: ActivePrompt): vscode.QuickPick<vscode.QuickPickItem> {
    assert.equal(p.kind, 'quickPick');
    return p.widget as vscode.QuickPick<vscode.QuickPickItem>;
  }

  function inputBox(p: ActivePrompt): vscode.InputBox {
    assert.equal(p.kind, 'inputBox');
    return p.widget as vscode.InputBox;
  }

  function run(command: 'askKnowledgeGraph' | 'runAgent', arg?: unknown): Promise<KnowledgeOutcome> {
    return vscode.commands.executeCommand<KnowledgeOutcome>(`streamAssist.${command}`, arg) as Promise<KnowledgeOutcome>;
  }

  /** Resolves when the next answer text arrives (the tap sees it even without a chat panel). */
  function nextText(): Promise<void> {
    return new Promise((resolve) => {
      const sub = k.onDidReceive((n) => {
        if (n.event.type !== 'text') return;
        sub.dispose();
        resolve();
      });
    });
  }

  const posts = (path: string) => server.requests.filter((r) => r.method === 'POST' && r.path.startsWith(path));

  before(async () => {
    session = await startSession(KEY);
    ({ server, api } = session);
    k = api.knowledge.testing;
    // The report shows every message the commands gave, so the wording can be reviewed with the results.
    k.onDidShowMessage((m) => report(`        [${m.severity}] ${m.text}${m.actions.length ? `  [${m.actions.join('] [')}]` : ''}`));
  });

  afterEach(async () => {
    k.activePrompt?.widget.hide();
    k.cancelRunning();
    server.clearScenarios();
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  after(async () => {
    await cfg().update('timeouts.idleSeconds', undefined, G);
    await session?.close();
  });

  describe('Ask a Knowledge Graph', () => {
    it('lists every graph of the account, searchable by name and description, and streams the answer with its sources', async () => {
      const done = run('askKnowledgeGraph');
      const picker = quickPick(await prompt('graphs'));
      assert.equal(picker.canSelectMany, true);
      assert.equal(picker.matchOnDescription, true);
      assert.equal(picker.matchOnDetail, true);
      assert.deepEqual(
        picker.items.map((i) => [i.label, i.detail]),
        GRAPHS.map((g) => [g.name, g.description]),
      );
      const graphGets = server.requests.filter((r) => r.method === 'GET' && r.path === '/v1/graphs');
      assert.ok(graphGets.length >= 1);
      picker.selectedItems = picker.items.filter((i) => i.label === GRAPHS[0].name || i.label === GRAPHS[3].name);
      k.activePrompt!.accept();

      const box = inputBox(await prompt('question'));
      assert.match(box.prompt ?? '', new RegExp(`${GRAPHS[0].name} \\+ ${GRAPHS[3].name}`));
      box.value = 'How does Stream Assist retry?';
      k.activePrompt!.accept();

      const outcome = await done;
      assert.equal(outcome.status, 'done', outcome.message?.text);
      assert.equal(outcome.result?.text, GRAPH_ANSWER);
      assert.deepEqual(outcome.result?.sources, GRAPH_SOURCES);
      const [sent] = posts('/v1/graphs/question').slice(-1);
      assert.deepEqual(sent.body, {
        graph_ids: [GRAPHS[0].id, GRAPHS[3].id],
        question: 'How does Stream Assist retry?',
        subqueries: false,
        stream: true,
      });
      assert.equal(sent.outcome, 'complete');
    });

    it('pre-selects the last choice next time (ids only in globalState)', async () => {
      const done = run('askKnowledgeGraph');
      const picker = quickPick(await prompt('graphs'));
      assert.deepEqual(
        picker.selectedItems.map((i) => i.label),
        [GRAPHS[0].name, GRAPHS[3].name],
      );
      assert.deepEqual(api.context.globalState.get('streamAssist.knowledge.lastGraphIds'), [GRAPHS[0].id, GRAPHS[3].id]);
      picker.hide();
      assert.equal((await done).status, 'dismissed');
    });

    it('takes { graphIds, question, subqueries } without UI and returns the subqueries the server sent', async () => {
      const outcome = await run('askKnowledgeGraph', { graphIds: [GRAPHS[1].id], question: 'Retries and rate limits?', subqueries: true });
      assert.equal(k.activePrompt, undefined);
      assert.equal(outcome.status, 'done', outcome.message?.text);
      assert.equal(outcome.result?.text, GRAPH_ANSWER);
      assert.deepEqual(outcome.result?.sources, GRAPH_SOURCES);
      assert.deepEqual(outcome.result?.subqueries, GRAPH_SUBQUERIES);
      assert.equal((posts('/v1/graphs/question').at(-1)?.body as { subqueries?: boolean }).subqueries, true);
    });

    it('subqueries default to the streamAssist.knowledgeGraph.subqueries setting', async () => {
      await cfg().update('knowledgeGraph.subqueries', true, G);
      try {
        await waitFor('setting', () => api.services.settings.current().knowledgeGraph.subqueries, 5000);
        const outcome = await run('askKnowledgeGraph', { graphIds: [GRAPHS[1].id], question: 'Retries?' });
        assert.deepEqual(outcome.result?.subqueries, GRAPH_SUBQUERIES);
      } finally {
        await cfg().update('knowledgeGraph.subqueries', undefined, G);
      }
    });

    it('cancel mid-answer (progress Cancel) closes the socket and keeps the partial answer', async () => {
      const firstText = nextText();
      const done = run('askKnowledgeGraph', { graphIds: [GRAPHS[0].id], question: 'Slow answer please #rate=20' });
      await firstText;
      const rec = await server.waitForRequest((r) => r.path === '/v1/graphs/question' && r.outcome === 'open');
      const t0 = server.now();
      k.cancelRunning();
      const closedAt = await server.waitForClose(rec.id);
      const outcome = await done;
      assert.equal(outcome.status, 'cancelled');
      assert.equal(server.requests.find((r) => r.id === rec.id)?.outcome, 'client-closed');
      assert.ok(closedAt - t0 < 1000, `socket closed ${closedAt - t0} ms after cancel`);
      const partial = outcome.result?.text ?? '';
      assert.ok(partial.length > 0, 'partial answer kept');
      assert.ok(partial.length < GRAPH_ANSWER.length && GRAPH_ANSWER.startsWith(partial), `partial is a prefix: ${partial}`);
      assert.equal(outcome.message, undefined, 'a cancel is not an error');
    });

    it('the status bar / streamAssist.cancel command cancels it too', async () => {
      const firstText = nextText();
      const done = run('askKnowledgeGraph', { graphIds: [GRAPHS[0].id], question: 'Slow again #rate=20' });
      await firstText;
      const rec = await server.waitForRequest((r) => r.path === '/v1/graphs/question' && r.outcome === 'open');
      assert.equal(api.services.streams.active().length, 1);
      assert.equal(api.services.streams.active()[0].kind, 'knowledge-graph');
      assert.equal(await vscode.commands.executeCommand('streamAssist.cancel'), 1);
      const outcome = await done;
      assert.equal(outcome.status, 'cancelled');
      assert.ok((outcome.result?.text.length ?? 0) > 0);
      await server.waitForClose(rec.id);
      assert.equal(server.requests.find((r) => r.id === rec.id)?.outcome, 'client-closed');
    });

    it('unknown graph (404) says so clearly and offers Retry and Pick Graphs', async () => {
      const outcome = await run('askKnowledgeGraph', { graphIds: [MISSING_GRAPH], question: 'Anything?' });
      assert.equal(outcome.status, 'error');
      assert.equal(outcome.result?.error?.kind, 'not-found');
      const m = outcome.message!;
      assert.equal(m.severity, 'error');
      assert.match(m.text, /^Stream Assist: Writer could not find the Knowledge Graph "00000000-0000-4000-8000-000000000000" \(.*not found.*\)\. .*pick the graphs again\.$/);
      assert.deepEqual(m.actions, ['Pick Graphs', 'Retry']);
      assert.equal(k.lastMessage, m);
    });

    it('a stall keeps the partial answer, says what happened, and Retry runs it again', async () => {
      await cfg().update('timeouts.idleSeconds', 1, G);
      try {
        await waitFor('idle timeout setting', () => api.services.settings.current().timeouts.idleMs === 1000, 5000);
        server.nextScenario({ fault: 'stall-after:4' });
        const outcome = await run('askKnowledgeGraph', { graphIds: [GRAPHS[0].id], question: 'Will this stall?' });
        assert.equal(outcome.status, 'error');
        assert.equal(outcome.result?.error?.kind, 'stalled');
        const partial = outcome.result?.text ?? '';
        assert.ok(partial.length > 0 && GRAPH_ANSWER.startsWith(partial), `partial kept: "${partial}"`);
        assert.match(outcome.message!.text, /The Knowledge Graph answer was interrupted: .*stalled.+ The partial answer is kept in the chat\.$/);
        assert.ok(outcome.message!.actions.includes('Retry'));
        const retried = new Promise<KnowledgeOutcome>((resolve) => {
          const sub = k.onDidFinish((o) => {
            sub.dispose();
            resolve(o);
          });
        });
        await outcome.message!.choose('Retry');
        const again = await retried;
        assert.equal(again.status, 'done');
        assert.equal(again.result?.text, GRAPH_ANSWER);
      } finally {
        await cfg().update('timeouts.idleSeconds', undefined, G);
      }
    });

    it('an empty question is refused with a message, and nothing is sent', async () => {
      const before = posts('/v1/graphs/question').length;
      const outcome = await run('askKnowledgeGraph', { graphIds: [GRAPHS[0].id], question: '   ' });
      assert.equal(outcome.status, 'refused');
      assert.match(outcome.message!.text, /The question is empty\. Type what you want to know/);
      assert.equal(posts('/v1/graphs/question').length, before);
    });

    it('a very long question is refused with the limit', async () => {
      const outcome = await run('askKnowledgeGraph', { graphIds: [GRAPHS[0].id], question: 'x'.repeat(5000) });
      assert.equal(outcome.status, 'refused');
      assert.match(outcome.message!.text, /5,000 characters long; the limit is 4,000/);
    });

    it('the question box keeps the user there on empty or too long input, with the reason', async () => {
      const done = run('askKnowledgeGraph', { graphIds: [GRAPHS[0].id] });
      const p = await prompt('question');
      const box = inputBox(p);
      p.accept();
      assert.match(box.validationMessage as string, /question is empty/);
      assert.equal(k.activePrompt, p, 'still open');
      // Setting `value` from code fires no change event, so the live check is seen in the UI test; Enter checks again.
      box.value = 'y'.repeat(4001);
      p.accept();
      assert.match(box.validationMessage as string, /4,001 characters long; the limit is 4,000/);
      assert.equal(k.activePrompt, p, 'still open');
      box.hide();
      assert.equal((await done).status, 'dismissed');
    });
  });

  describe('Run No-Code Agent', () => {
    it('lists every agent, asks each input by name and type, and streams stages, title and answer', async () => {
      const done = run('runAgent');
      const picker = quickPick(await prompt('application'));
      assert.deepEqual(
        picker.items.map((i) => i.label),
        APPLICATIONS.map((a) => a.name),
      );
      assert.match(picker.items[0].detail ?? '', /Topic \(text, required\), Depth \(dropdown, required\), Notes \(text\)/);
      picker.activeItems = [picker.items[0]];
      k.activePrompt!.accept();

      const topic = await prompt('input:Topic');
      assert.match(inputBox(topic).title ?? '', /Research Agent \(1\/3\)/);
      topic.accept();
      assert.match((topic.widget as vscode.InputBox).validationMessage as string, /"Topic" is required/);
      inputBox(topic).value = 'SSE in editors';
      topic.accept();

      const depth = await prompt('input:Depth');
      const depthPick = quickPick(depth);
      assert.deepEqual(
        depthPick.items.map((i) => i.label),
        ['quick', 'standard', 'deep'],
      );
      depthPick.activeItems = [depthPick.items[2]];
      depth.accept();

      const notes = await prompt('input:Notes');
      notes.accept(); // optional: empty is fine

      const outcome = await done;
      assert.equal(outcome.status, 'done', outcome.message?.text);
      assert.deepEqual(outcome.result?.stages, AGENT_STAGES);
      assert.equal(outcome.result?.title, AGENT_TITLE);
      assert.equal(outcome.result?.text, AGENT_CONTENT);
      const sent = posts(`/v1/applications/${APPLICATIONS[0].id}`).at(-1)!;
      assert.deepEqual(sent.body, {
        inputs: [
          { id: 'Topic', value: ['SSE in editors'] },
          { id: 'Depth', value: ['deep'] },
          { id: 'Notes', value: [] },
        ],
        stream: true,
      });
    });

    it('takes { applicationId, inputs } as a name → value map or as [{ id, value }], without UI', async () => {
      const a = await run('runAgent', { applicationId: APPLICATIONS[0].id, inputs: { Topic: 'proxies', Depth: 'quick' } });
      assert.equal(a.status, 'done', a.message?.text);
      assert.deepEqual(a.result?.stages, AGENT_STAGES);
      const b = await run('runAgent', { applicationId: APPLICATIONS[0].id, inputs: [{ id: 'Topic', value: ['tls'] }, { id: 'Depth', value: 'deep' }] });
      assert.equal(b.status, 'done', b.message?.text);
      assert.deepEqual((posts('/v1/applications/').at(-1)?.body as { inputs: unknown }).inputs, [
        { id: 'Topic', value: ['tls'] },
        { id: 'Depth', value: ['deep'] },
      ]);
      assert.equal(k.activePrompt, undefined);
    });

    it('unknown agent id (404) says so clearly, with Retry', async () => {
      const outcome = await run('runAgent', { applicationId: MISSING_APP, inputs: { Topic: 'x' } });
      assert.equal(outcome.status, 'error');
      assert.equal(outcome.result?.error?.kind, 'not-found');
      assert.match(outcome.message!.text, /Writer could not find the agent ".*" \(.*not found.*\)\. .*pick the agent again\./);
      assert.deepEqual(outcome.message!.actions, ['Pick Agent', 'Retry']);
    });

    it('an id without inputs looks the agent up and asks for its inputs; an unknown id is refused', async () => {
      const done = run('runAgent', { applicationId: APPLICATIONS[3].id });
      const p = await prompt('input:Product');
      inputBox(p).value = 'Stream Assist';
      p.accept();
      const outcome = await done;
      assert.equal(outcome.status, 'done', outcome.message?.text);
      const refused = await run('runAgent', { applicationId: MISSING_APP });
      assert.equal(refused.status, 'refused');
      assert.match(refused.message!.text, /No no-code agent with id "00000000-0000-4000-8000-0000000000aa"/);
    });

    it('bad arguments are refused with an example', async () => {
      const outcome = await run('runAgent', { applicationId: APPLICATIONS[0].id, inputs: 42 });
      assert.equal(outcome.status, 'refused');
      assert.match(outcome.message!.text, /Run No-Code Agent: Agent inputs must be an object or a list, e\.g\./);
    });
  });

  describe('edges', () => {
    it('a non-Writer provider gets a message naming the setting, with Open Settings, for both commands', async () => {
      await cfg().update('provider', 'openai', G);
      try {
        await waitFor('provider setting', () => api.services.settings.current().provider === 'openai', 5000);
        const before = server.requests.length;
        const ask = await run('askKnowledgeGraph');
        assert.equal(ask.status, 'refused');
        assert.match(ask.message!.text, /Knowledge Graph questions are a Writer feature, but Stream Assist is set to the OpenAI-compatible provider\. Set "streamAssist\.provider" to "writer"/);
        assert.deepEqual(ask.message!.actions, ['Open Settings']);
        const agent = await run('runAgent', { applicationId: APPLICATIONS[0].id, inputs: { Topic: 'x' } });
        assert.equal(agent.status, 'refused');
        assert.match(agent.message!.text, /No-code agents are a Writer feature/);
        assert.equal(await api.knowledge.pickGraphs(), undefined);
        assert.equal(server.requests.length, before, 'nothing sent');
        assert.equal(k.activePrompt, undefined, 'no picker opened');
      } finally {
        await cfg().update('provider', 'writer', G);
        await waitFor('provider setting', () => api.services.settings.current().provider === 'writer', 5000);
      }
    });

    it('without an API key both the list and the answer say so and offer Set API Key', async () => {
      await vscode.commands.executeCommand('streamAssist.clearApiKey', { silent: true });
      try {
        const listed = await run('askKnowledgeGraph');
        assert.equal(listed.status, 'refused');
        assert.match(listed.message!.text, /^Stream Assist: Could not load your Knowledge Graphs: /);
        assert.deepEqual(listed.message!.actions, ['Set API Key']);
        const asked = await run('askKnowledgeGraph', { graphIds: [GRAPHS[0].id], question: 'Key?' });
        assert.equal(asked.status, 'error');
        assert.equal(asked.result?.error?.kind, 'auth');
        assert.match(asked.message!.text, /^Stream Assist: The Knowledge Graph answer failed: /);
        assert.deepEqual(asked.message!.actions, ['Set API Key', 'Retry']);
      } finally {
        await vscode.commands.executeCommand('streamAssist.setApiKey', { apiKey: KEY });
      }
    });

    it('a failing graph list says what happened and offers Retry', async () => {
      server.nextScenario({ fault: '503', match: (r: { method: string; path: string }) => r.method === 'GET' && r.path === '/v1/graphs' });
      await cfg().update('maxRetries', 0, G);
      try {
        await waitFor('maxRetries', () => api.services.settings.current().maxRetries === 0, 5000);
        const outcome = await run('askKnowledgeGraph');
        assert.equal(outcome.status, 'refused');
        assert.match(outcome.message!.text, /^Stream Assist: Could not load your Knowledge Graphs: .+/);
        assert.deepEqual(outcome.message!.actions, ['Retry']);
      } finally {
        await cfg().update('maxRetries', undefined, G);
      }
    });

    it('the chat panel can pick graphs through streamAssist.pickKnowledgeGraphs', async () => {
      const picked = vscode.commands.executeCommand<{ id: string; name: string }[] | undefined>('streamAssist.pickKnowledgeGraphs', {
        preselect: [GRAPHS[2].id],
      });
      const picker = quickPick(await prompt('graphs'));
      assert.deepEqual(
        picker.selectedItems.map((i) => i.label),
        [GRAPHS[2].name],
      );
      k.activePrompt!.accept();
      assert.deepEqual((await picked)?.map((g) => g.id), [GRAPHS[2].id]);
    });
  });
});
