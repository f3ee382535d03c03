// How a Knowledge Graph looks in the picker, and which ones start checked. Pure (no vscode).
import type { GraphInfo } from '../../core';

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
