// Every sentence the two commands show (each says what happened and what to do next), and how a
// Knowledge Graph looks in the picker. Pure (no vscode) so the wording is unit-tested and the same
// in notifications and tests.
import { PROVIDER_NAMES, type Provider, type StreamErrorInfo, type GraphInfo } from '../../core';

export type Feature = 'knowledge-graph' | 'agent';

const FEATURE_NAMES: Record<Feature, string> = {
  'knowledge-graph': 'Knowledge Graph questions are',
  agent: 'No-code agents are',
};

export function notWriter(feature: Feature, provider: Provider): string {
  return (
    `${FEATURE_NAMES[feature]} a Writer feature, but Stream Assist is set to the ${PROVIDER_NAMES[provider]} provider. ` +
    'Set "streamAssist.provider" to "writer" (and set a Writer API key) to use them.'
  );
}

export function noGraphs(): string {
  return (
    'This Writer account has no Knowledge Graphs the API can see. Create one in Writer AI Studio and add files to it; ' +
    'graphs shared with a single team are not visible to the API, so give it "All Teams" access.'
  );
}

export function noApplications(): string {
  return 'This Writer account has no no-code agents yet. Create one in Writer AI Studio (Agents), then run this command again.';
}

export function listFailed(what: 'Knowledge Graphs' | 'no-code agents', info: StreamErrorInfo): string {
  return `Could not load your ${what}: ${sentence(info.message)} ${sentence(info.action)}`;
}

export function noneSelected(): string {
  return 'No Knowledge Graph selected. Check one or more graphs (Space), then press Enter.';
}

export interface FailureContext {
  /** Graph names (or ids) the question went to. */
  graphs?: string;
  /** Agent name (or id). */
  agent?: string;
  /** Characters of answer received before the failure. */
  partialChars: number;
}

export function streamFailed(feature: Feature, info: StreamErrorInfo, ctx: FailureContext): string {
  const what = feature === 'knowledge-graph' ? 'The Knowledge Graph answer' : `The agent${ctx.agent ? ` "${ctx.agent}"` : ''}`;
  const kept = ctx.partialChars > 0 ? ' The partial answer is kept in the chat.' : '';
  if (info.kind === 'not-found') {
    const target =
      feature === 'knowledge-graph'
        ? `Writer could not find ${ctx.graphs ? `the Knowledge Graph "${ctx.graphs}"` : 'one of the Knowledge Graphs'}`
        : `Writer could not find the agent${ctx.agent ? ` "${ctx.agent}"` : ''}`;
    const fix =
      feature === 'knowledge-graph'
        ? 'It may have been deleted or not be shared with "All Teams"; pick the graphs again.'
        : 'It may have been deleted or not be deployed; pick the agent again.';
    return `${target} (${trimDot(info.message)}). ${fix}${kept}`;
  }
  // The core's stall message already says "stalled"; the headline says what it did to the answer.
  const failed = info.kind === 'stalled' ? 'was interrupted' : 'failed';
  return `${what} ${failed}: ${sentence(info.message)} ${sentence(info.action)}${kept}`;
}

export function fileInputUnsupported(agent: string, input: string): string {
  return (
    `The agent "${agent}" needs a file for its input "${input}", and Stream Assist cannot upload files to agents yet. ` +
    'Run this agent in Writer AI Studio, or pick an agent with text or dropdown inputs.'
  );
}

export function unknownApplication(id: string): string {
  return `No no-code agent with id "${id}" in this Writer account. Check the id, or run "Stream Assist: Run No-Code Agent" without arguments to pick one.`;
}

export function badArgument(command: string, problem: string): string {
  return `${command}: ${sentence(problem)}`;
}

function trimDot(s: string): string {
  return s.trim().replace(/[.\s]+$/, '');
}

function sentence(s: string): string {
  const t = s.trim();
  if (t === '') return '';
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** Writer AI Studio: Knowledge Graphs and no-code agents are created and shared there. */
export const AI_STUDIO_URL = 'https://app.writer.com/aistudio';

export interface GraphItemText {
  /** The graph's name (searchable). */
  label: string;
  /** File counts, short, next to the name. */
  description: string;
  /** The graph's own description on the second line (searchable through matchOnDetail). */
  detail: string | undefined;
}

export function graphItemText(graph: GraphInfo): GraphItemText {
  const label = graph.name.trim() || graph.id;
  const parts: string[] = [];
  const fs = graph.fileStatus;
  if (fs) {
    parts.push(`${fs.completed} ${fs.completed === 1 ? 'file' : 'files'}`);
    if (fs.in_progress > 0) parts.push(`${fs.in_progress} processing`);
    if (fs.failed > 0) parts.push(`${fs.failed} failed`);
  }
  const detail = graph.description?.trim() || undefined;
  return { label, description: parts.join(', '), detail };
}

/** "Handbook", "Handbook + Policies", "Handbook + 2 more": for titles and chat prompts. */
export function graphNames(graphs: readonly Pick<GraphInfo, 'id' | 'name'>[]): string {
  const names = graphs.map((g) => g.name.trim() || g.id);
  if (names.length <= 2) return names.join(' + ');
  return `${names[0]} + ${names.length - 1} more`;
}
