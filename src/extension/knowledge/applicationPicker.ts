// The no-code agent picker: every page of GET /v1/applications, one choice, with each agent's
// inputs listed so the user knows what will be asked.
import type { ApplicationInfo } from '../../core';
import type { KnowledgeDeps } from './knowledgeDeps';
import { noApplications } from './knowledgeMessages';
import { showListFailed, showNothingToList } from './listFailure';
import type { ShownNotification } from '../services';

export type ApplicationPick =
  | { status: 'picked'; application: ApplicationInfo }
  | { status: 'dismissed' }
  | { status: 'refused'; message: ShownNotification };

function applicationDetail(app: ApplicationInfo): string {
  if (app.inputs.length === 0) return 'No inputs';
  return `Inputs: ${app.inputs.map((i) => `${i.name} (${i.inputType}${i.required ? ', required' : ''})`).join(', ')}`;
}

export async function pickApplication(deps: KnowledgeDeps, o: { title: string; retry: () => unknown }): Promise<ApplicationPick> {
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
