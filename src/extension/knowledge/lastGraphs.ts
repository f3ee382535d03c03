// Remembers which graphs were asked last (ids only: names and descriptions may change and are
// not ours to keep), so the picker starts with them checked.
import type * as vscode from 'vscode';

const KEY = 'streamAssist.knowledge.lastGraphIds';

export class LastGraphs {
  constructor(private readonly state: vscode.Memento) {}

  get(): string[] {
    const v = this.state.get<unknown>(KEY);
    return Array.isArray(v) ? v.filter((id): id is string => typeof id === 'string') : [];
  }

  async set(ids: readonly string[]): Promise<void> {
    await this.state.update(KEY, [...ids]);
  }
}
