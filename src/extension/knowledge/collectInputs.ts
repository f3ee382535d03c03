// Asks for each declared input of a no-code agent, by its name and type: text in an input box,
// dropdown options in a quick pick. File and media inputs need an upload we don't do yet.
import type { ApplicationInfo, ApplicationInput } from '../../core';
import { inputControl } from './applicationInputs';
import type { KnowledgeDeps } from './knowledgeDeps';
import { fileInputUnsupported } from './knowledgeMessages';
import type { ShownNotification } from '../services';

export type CollectedInputs =
  | { status: 'collected'; inputs: ApplicationInput[] }
  | { status: 'dismissed' }
  | { status: 'refused'; message: ShownNotification };

export async function collectInputs(deps: KnowledgeDeps, app: ApplicationInfo, title: string): Promise<CollectedInputs> {
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
