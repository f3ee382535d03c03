// `@writer` in VS Code's own chat view: plain questions stream a chat answer from the configured
// provider (with the conversation so far from ChatContext.history); /graph asks Knowledge Graphs,
// /agent runs a no-code agent and /web grounds the answer with Writer web search, all through the
// same core requests as the chat panel and the Stream Assist commands.
import * as vscode from 'vscode';
import { errorMessageOf, PROVIDER_NAMES, type ApplicationInfo, type ChatMessage, type GraphInfo, type StreamRequest } from '../../core';
import type { Services } from '../services';
import { oneLine, truncate } from '../../shared/text';

const PARTICIPANT_ID = 'stream-assist.writer';

/** What the handler needs of a ChatRequest: the seam tests drive it through. */
export interface WriterRequest {
  readonly prompt: string;
  readonly command: string | undefined;
}

/** The parts of ChatResponseStream the handler writes. */
export type WriterStream = Pick<vscode.ChatResponseStream, 'markdown' | 'progress' | 'reference' | 'button'>;

const WRITER_COMMANDS: Record<string, string> = { graph: 'Knowledge Graph questions', agent: 'No-code agents', web: 'Web search answers' };

function needsWriter(services: Services, command: string): string | undefined {
  const provider = services.settings.current().provider;
  if (provider === 'writer') return undefined;
  return `${WRITER_COMMANDS[command]} (\`/${command}\`) are a Writer feature, but Stream Assist is set to the ${PROVIDER_NAMES[provider]} provider. Set \`streamAssist.provider\` to \`writer\` (and set a Writer API key) to use them; plain questions to @writer work with any provider.`;
}

/** The earlier turns of this participant's conversation, as chat messages. */
function historyMessages(history: vscode.ChatContext['history']): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const turn of history) {
    if (turn.participant !== PARTICIPANT_ID) continue;
    if (turn instanceof vscode.ChatRequestTurn || 'prompt' in turn) out.push({ role: 'user', content: (turn as vscode.ChatRequestTurn).prompt });
    else {
      const text = (turn as vscode.ChatResponseTurn).response.map((p) => (p instanceof vscode.ChatResponseMarkdownPart ? p.value.value : '')).join('');
      if (text) out.push({ role: 'assistant', content: text });
    }
  }
  return out;
}

/** Graphs named in the prompt by id or exact name; the rest of the prompt is the question. */
function graphsInPrompt(prompt: string, graphs: GraphInfo[]): { picked: GraphInfo[]; question: string } {
  let question = prompt;
  const picked: GraphInfo[] = [];
  for (const g of graphs) {
    for (const label of [g.id, g.name]) {
      if (label && question.includes(label)) {
        if (!picked.includes(g)) picked.push(g);
        question = question.replace(label, ' ');
      }
    }
  }
  return { picked, question: question.replace(/\s+/g, ' ').trim() };
}

/** `/agent Name or id: inputs`; the text after the name fills the agent's first text input. */
function agentRequest(prompt: string, apps: ApplicationInfo[]): { request: StreamRequest; app: ApplicationInfo } | string {
  const app = apps.find((a) => prompt.startsWith(a.id)) ?? [...apps].sort((a, b) => b.name.length - a.name.length).find((a) => prompt.toLowerCase().startsWith(a.name.toLowerCase()));
  if (!app) return `Start with the agent's name or id, e.g. \`/agent ${apps[0]?.name ?? 'Research Agent'}: your topic\`. Agents: ${apps.map((a) => a.name).join(', ') || 'none'}.`;
  const rest = prompt.slice(prompt.toLowerCase().startsWith(app.id.toLowerCase()) ? app.id.length : app.name.length).replace(/^[\s:]+/, '').trim();
  let textUsed = false;
  const inputs = [];
  for (const input of app.inputs) {
    if (input.inputType === 'text' && !textUsed && rest) {
      inputs.push({ id: input.name, value: [rest] });
      textUsed = true;
    } else if (input.required && input.options && input.options.length > 0) inputs.push({ id: input.name, value: [input.options[0]!] });
    else if (input.required) return `The agent "${app.name}" needs the input "${input.name}", which @writer cannot fill from one line. Run "Stream Assist: Run No-Code Agent" instead.`;
  }
  return { request: { kind: 'application', applicationId: app.id, inputs }, app };
}

export async function handleWriterRequest(
  services: Services,
  request: WriterRequest,
  context: Pick<vscode.ChatContext, 'history'>,
  stream: WriterStream,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  const command = request.command;
  if (command && WRITER_COMMANDS[command]) {
    const refusal = needsWriter(services, command);
    if (refusal) {
      stream.markdown(refusal);
      return { metadata: { command, refused: true } };
    }
  }
  const settings = services.settings.current();
  let streamRequest: StreamRequest;
  let label = `@writer: ${request.prompt.slice(0, 40)}`;
  try {
    if (command === 'graph') {
      stream.progress('Loading your Knowledge Graphs…');
      const graphs = await services.client.listGraphs();
      let { picked, question } = graphsInPrompt(request.prompt, graphs);
      if (picked.length === 0) {
        const chosen = await vscode.window.showQuickPick(graphs.map((g) => ({ label: g.name, description: g.id, graph: g })), { canPickMany: true, title: 'Ask which Knowledge Graphs?' });
        picked = (chosen ?? []).map((c) => c.graph);
      }
      if (picked.length === 0) {
        stream.markdown('No Knowledge Graph selected. Name one (its id or name) in the question, or pick one when asked.');
        return { metadata: { command } };
      }
      stream.progress(`Asking ${picked.map((g) => g.name).join(', ')}…`);
      streamRequest = { kind: 'graph-question', graphIds: picked.map((g) => g.id), question: question || request.prompt, subqueries: settings.knowledgeGraph.subqueries };
      label = `@writer /graph: ${question.slice(0, 40)}`;
    } else if (command === 'agent') {
      const built = agentRequest(request.prompt.trim(), await services.client.listApplications());
      if (typeof built === 'string') {
        stream.markdown(built);
        return { metadata: { command } };
      }
      streamRequest = built.request;
      label = `@writer /agent: ${built.app.name}`;
    } else {
      const messages: ChatMessage[] = [];
      if (settings.systemPrompt.trim()) messages.push({ role: 'system', content: settings.systemPrompt });
      messages.push(...historyMessages(context.history), { role: 'user', content: request.prompt });
      streamRequest = { kind: 'chat', model: settings.model, messages, temperature: settings.temperature, maxTokens: settings.maxTokens, ...(command === 'web' ? { webSearch: {} } : {}) };
    }
  } catch (err) {
    stream.markdown(errorMessageOf(err));
    return { errorDetails: { message: errorMessageOf(err) }, metadata: { command } };
  }

  const kind = command === 'graph' ? 'knowledge-graph' : command === 'agent' ? 'agent' : 'chat';
  const handle = await services.client.start(streamRequest, { label, kind, handlesErrors: true });
  const cancel = token.onCancellationRequested(() => handle.abort());
  const stages = new Set<string>();
  try {
    for await (const event of handle.events) {
      switch (event.type) {
        case 'text':
        case 'refusal':
          stream.markdown(event.text);
          break;
        case 'subqueries':
          for (const q of event.subqueries) stream.progress(`Subquery: ${q.query}`);
          break;
        case 'stage':
          if (!stages.has(event.stage.id)) {
            stages.add(event.stage.id);
            stream.progress(`Stage ${stages.size}: ${event.stage.content.split('\n')[0]}`);
          }
          break;
        default:
          break;
      }
    }
  } finally {
    cancel.dispose();
  }
  const result = await handle.result;
  // Only web pages become references: a source's URL comes from the network (never javascript:, command: or file:).
  const pages = result.webSources.filter((w) => /^https?:\/\//i.test(w.url));
  for (const w of pages) stream.reference(vscode.Uri.parse(w.url));
  const graphSources = [...result.sources, ...(result.graphData?.sources ?? [])];
  // Graph sources are files in Writer, not URLs the stable reference part can take: a numbered list matching the [n] markers.
  if (graphSources.length > 0) stream.markdown(`\n\n**Sources**\n\n${graphSources.map((s, i) => `${i + 1}. \`${s.file_id}\`: ${truncate(oneLine(s.snippet), 160)}`).join('\n')}\n`);
  if (result.error && result.error.kind !== 'cancelled') {
    const message = `${result.error.message} ${result.error.action}`.trim();
    if (result.error.kind === 'auth') stream.button({ command: 'streamAssist.setApiKey', title: 'Set API Key' });
    return { errorDetails: { message }, metadata: { command, kind: result.error.kind } };
  }
  return { metadata: { command, sources: graphSources.length + pages.length } };
}

/** One answer @writer gave in the chat view: what it was asked and what it wrote (tests read it). */
export interface WriterAnswer {
  prompt: string;
  command: string | undefined;
  markdown: string;
  progress: string[];
  result: vscode.ChatResult;
}

export function registerWriterParticipant(services: Services, answered: vscode.EventEmitter<WriterAnswer>): vscode.Disposable {
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, async (request, context, stream, token) => {
    const answer: WriterAnswer = { prompt: request.prompt, command: request.command, markdown: '', progress: [], result: {} };
    // The chat view's stream, with what goes through it kept for the answered event.
    const tee: WriterStream = {
      markdown: (value) => {
        answer.markdown += typeof value === 'string' ? value : value.value;
        stream.markdown(value);
      },
      progress: (value) => {
        answer.progress.push(value);
        stream.progress(value);
      },
      reference: (value, icon) => stream.reference(value, icon),
      button: (command) => stream.button(command),
    };
    answer.result = await handleWriterRequest(services, request, context, tee, token);
    answered.fire(answer);
    return answer.result;
  });
  participant.iconPath = vscode.Uri.joinPath(services.extension.extensionUri, 'media', 'icon.svg');
  return participant;
}
