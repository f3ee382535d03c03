// "Run No-Code Agent": pick an agent, fill in its inputs, stream its research stages and answer
// into the chat panel. `{ applicationId, inputs }` skips the UI.
import * as vscode from 'vscode';
import type { ApplicationInfo, ApplicationInput } from '../../core';
import { describeInputs } from './applicationInputs';
import { pickApplication } from './applicationPicker';
import { collectInputs } from './collectInputs';
import { parseAgentArgs } from './commandArgs';
import type { KnowledgeDeps } from './knowledgeDeps';
import type { KnowledgeOutcome } from './knowledgeApi';
import { badArgument, unknownApplication } from './knowledgeMessages';
import { showListFailed } from './listFailure';
import { refuseUnlessWriter } from './writerOnly';

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
