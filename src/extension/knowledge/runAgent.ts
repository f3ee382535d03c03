// "Run No-Code Agent": pick an agent (every page of GET /v1/applications, each agent's inputs
// listed), ask for each declared input by its name and type (text in an input box, dropdown options
// in a quick pick; file and media inputs need an upload we don't do yet), then stream its research
// stages and answer into the chat panel. `{ applicationId, inputs }` skips the UI.
import * as vscode from 'vscode';
import type { ApplicationInfo, ApplicationInput } from '../../core';
import { describeInputs, parseAgentArgs, inputControl } from './knowledgeInputs';
import type { KnowledgeDeps, KnowledgeOutcome } from './knowledgeApi';
import { badArgument, unknownApplication, noApplications, fileInputUnsupported } from './knowledgeMessages';
import { showListFailed, refuseUnlessWriter, showNothingToList } from './knowledgeNotices';
import type { ShownNotification } from '../services';

export const AGENT_COMMAND = 'streamAssist.runAgent';
const TITLE = 'Run No-Code Agent';

export async function runAgent(deps: KnowledgeDeps, arg?: unknown): Promise<KnowledgeOutcome> {
  const outcome = (o: Omit<KnowledgeOutcome, 'command'>): KnowledgeOutcome => ({ command: 'runAgent', ...o });
  const refused = refuseUnlessWriter(deps.services, deps.notifier, 'agent');
  if (refused) return outcome({ status: 'refused', message: refused });

  const args = parseAgentArgs(arg);
  if (!args.ok) return outcome({ status: 'refused', message: deps.notifier.show('error', badArgument(TITLE, args.message)) });
  const retry = () => vscode.commands.executeCommand(AGENT_COMMAND, arg);

  let app: ApplicationInfo | undefined;
  let applicationId = args.value.applicationId;
  let inputs: ApplicationInput[] | undefined = args.value.inputs;

  if (!applicationId) {
    const pick = await pickApplication(deps, { title: TITLE, retry });
    if (pick.status !== 'picked') return outcome(pick);
    app = pick.application;
    applicationId = app.id;
  } else if (!inputs) {
    // The id is known but not its inputs: look them up to ask for them.
    let apps: ApplicationInfo[];
    try {
      apps = await deps.services.client.listApplications();
    } catch (err) {
      return outcome({ status: 'refused', message: showListFailed(deps.services, deps.notifier, 'no-code agents', err, retry) });
    }
    app = apps.find((a) => a.id === applicationId);
    if (!app) return outcome({ status: 'refused', message: deps.notifier.show('error', unknownApplication(applicationId)) });
  }

  if (!inputs) {
    const collected = await collectInputs(deps, app!, TITLE); // app is set on both paths that leave inputs undefined
    if (collected.status !== 'collected') return outcome(collected);
    inputs = collected.inputs;
  }

  const name = app ? app.name.trim() || app.id : applicationId;
  const summary = describeInputs(inputs);
  return deps.turns.run({
    command: 'runAgent',
    feature: 'agent',
    prompt: summary ? `Run agent "${name}": ${summary}` : `Run agent "${name}"`,
    label: `Agent: ${name}`,
    progressTitle: `Stream Assist: running agent "${name}"`,
    request: { kind: 'application', applicationId, inputs },
    failure: { agent: name },
    onNotFound: { title: 'Pick Agent', run: () => vscode.commands.executeCommand(AGENT_COMMAND) },
  });
}

export type ApplicationPick =
  | { status: 'picked'; application: ApplicationInfo }
  | { status: 'dismissed' }
  | { status: 'refused'; message: ShownNotification };

function applicationDetail(app: ApplicationInfo): string {
  if (app.inputs.length === 0) return 'No inputs';
  return `Inputs: ${app.inputs.map((i) => `${i.name} (${i.inputType}${i.required ? ', required' : ''})`).join(', ')}`;
}

async function pickApplication(deps: KnowledgeDeps, o: { title: string; retry: () => unknown }): Promise<ApplicationPick> {
  const r = await deps.services.quickInput.list<ApplicationInfo>({
    step: 'application',
    title: o.title,
    placeholder: 'Pick a no-code agent. Type to filter by name or inputs.',
    loadingPlaceholder: 'Loading your no-code agents…',
    canSelectMany: false,
    load: () => deps.services.client.listApplications(),
    toItem: (app) => ({
      label: app.name.trim() || app.id,
      description: [app.type, app.status].filter(Boolean).join(' · '),
      detail: applicationDetail(app),
    }),
  });
  switch (r.status) {
    case 'picked':
      return { status: 'picked', application: r.values[0]! };
    case 'dismissed':
      return r;
    case 'empty':
      return { status: 'refused', message: showNothingToList(deps.notifier, noApplications()) };
    case 'failed':
      return { status: 'refused', message: showListFailed(deps.services, deps.notifier, 'no-code agents', r.error, o.retry) };
  }
}

export type CollectedInputs =
  | { status: 'collected'; inputs: ApplicationInput[] }
  | { status: 'dismissed' }
  | { status: 'refused'; message: ShownNotification };

async function collectInputs(deps: KnowledgeDeps, app: ApplicationInfo, title: string): Promise<CollectedInputs> {
  const name = app.name.trim() || app.id;
  // Refuse before the first prompt rather than after the user typed half the inputs.
  const file = app.inputs.find((s) => s.required && inputControl(s).kind === 'file');
  if (file) return { status: 'refused', message: deps.notifier.show('warning', fileInputUnsupported(name, file.name)) };

  const asked = app.inputs.filter((s) => inputControl(s).kind !== 'file'); // optional files are left out
  const inputs: ApplicationInput[] = [];
  for (const [i, spec] of asked.entries()) {
    const control = inputControl(spec);
    const stepTitle = `${title}: ${name} (${i + 1}/${asked.length})`;
    const what = spec.description?.trim() || spec.name;
    const optional = spec.required ? '' : ' (optional)';
    if (control.kind === 'choice') {
      const picked = await deps.services.quickInput.choice({
        step: `input:${spec.name}`,
        title: stepTitle,
        placeholder: `${spec.name}${optional}${what !== spec.name ? ` (${what.replace(/\.$/, '')})` : ''}: ${control.many ? 'check one or more, then press Enter' : 'pick one'}`,
        options: control.options,
        many: control.many,
        optional: !spec.required,
      });
      if (picked === undefined) return { status: 'dismissed' };
      inputs.push({ id: spec.name, value: picked });
    } else {
      const typed = await deps.services.quickInput.text({
        step: `input:${spec.name}`,
        title: stepTitle,
        prompt: `${spec.name}${optional}${what !== spec.name ? `: ${what}` : ''}`,
        final: (v) => (spec.required && v.trim() === '' ? `"${spec.name}" is required: type a value, or press Escape to stop.` : undefined),
      });
      if (typed === undefined) return { status: 'dismissed' };
      inputs.push({ id: spec.name, value: typed.trim() === '' ? [] : [typed.trim()] });
    }
  }
  return { status: 'collected', inputs };
}
