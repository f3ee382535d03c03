// Recent prompts for the prompt box, most recent first, in globalState. Only what the user typed
// is stored — never the API key, never file contents. Pure (a Memento in, no vscode runtime).
import type { Memento } from 'vscode';

const MAX_ENTRIES = 20;

export class PromptHistory {
  constructor(
    private readonly state: Memento,
    private readonly key: string,
  ) {}

  list(): string[] {
    const stored = this.state.get<unknown>(this.key);
    return Array.isArray(stored) ? stored.filter((p): p is string => typeof p === 'string') : [];
  }

  async add(prompt: string): Promise<void> {
    const p = prompt.trim();
    if (p === '') return;
    const next = [p, ...this.list().filter((x) => x !== p)].slice(0, MAX_ENTRIES);
    await this.state.update(this.key, next);
  }
}
