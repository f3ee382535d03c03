// The fixed account the server pretends to be: models, Knowledge Graphs and no-code applications.

// The gateway model says its limits the OpenRouter/Requesty way (context_length, top_provider.max_completion_tokens).
export const MODELS: ReadonlyArray<{ id: string; name: string; context_length?: number; top_provider?: { max_completion_tokens: number } }> = [
  { id: 'palmyra-x5', name: 'Palmyra X5' },
  { id: 'palmyra-x4', name: 'Palmyra X4' },
  { id: 'palmyra-creative', name: 'Palmyra Creative' },
  { id: 'openai/gpt-4o-mini', name: 'GPT-4o mini (gateway)', context_length: 128000, top_provider: { max_completion_tokens: 16384 } },
  { id: 'anthropic/claude-sonnet-4-5', name: 'Claude Sonnet 4.5 (gateway)' },
];

export interface Graph {
  id: string;
  created_at: string;
  name: string;
  description: string;
  file_status: { in_progress: number; completed: number; failed: number; total: number };
  type: 'manual' | 'connector' | 'web';
}

function graph(n: number, name: string, description: string, files: number): Graph {
  const hex = n.toString(16).padStart(12, '0');
  return {
    id: `6029b226-1ee0-4239-a1b0-${hex}`,
    created_at: new Date(Date.UTC(2026, 0, n, 9, 0, 0)).toISOString(),
    name,
    description,
    file_status: { in_progress: 0, completed: files, failed: 0, total: files },
    type: 'manual',
  };
}

/** Newest first (the API's default `order=desc`). Seven graphs so `limit=2` needs four pages. */
export const GRAPHS: Graph[] = [
  graph(7, 'Engineering Handbook', 'Coding standards, review rules and on-call runbooks.', 42),
  graph(6, 'Product Docs', 'Public documentation for Stream Assist and its settings.', 18),
  graph(5, 'Support Tickets 2026', 'Resolved customer tickets, anonymised.', 230),
  graph(4, 'API Reference', 'Writer, OpenAI-compatible and generic streaming APIs.', 12),
  graph(3, 'Security Policies', 'Secret handling, proxies, TLS and data retention.', 7),
  graph(2, 'Release Notes', 'Every release since 0.1 with migration notes.', 25),
  graph(1, 'Empty Graph', 'A graph with no files yet.', 0),
];

export interface AppInput {
  name: string;
  input_type: 'text' | 'dropdown' | 'file' | 'media';
  required: boolean;
  description?: string;
  options?: { list: string[] } | { min_fields: number; max_fields: number };
}

export interface Application {
  id: string;
  name: string;
  status: 'deployed' | 'draft';
  type: 'generation';
  created_at: string;
  updated_at: string;
  last_deployed_at?: string;
  inputs: AppInput[];
}

function app(n: number, name: string, inputs: AppInput[]): Application {
  const at = new Date(Date.UTC(2026, 1, n, 12, 0, 0)).toISOString();
  return {
    id: `b7a0c1d2-0000-4e00-9000-${n.toString(16).padStart(12, '0')}`,
    name,
    status: 'deployed',
    type: 'generation',
    created_at: at,
    updated_at: at,
    last_deployed_at: at,
    inputs,
  };
}

/** Newest first. The first one is the research agent (stages, then title and content). */
export const APPLICATIONS: Application[] = [
  app(4, 'Research Agent', [
    { name: 'Topic', input_type: 'text', required: true, description: 'What to research.', options: { min_fields: 1, max_fields: 1 } },
    { name: 'Depth', input_type: 'dropdown', required: true, description: 'How thorough.', options: { list: ['quick', 'standard', 'deep'] } },
    { name: 'Notes', input_type: 'text', required: false, description: 'Anything else to consider.' },
  ]),
  app(3, 'Release Note Writer', [
    { name: 'Changes', input_type: 'text', required: true, description: 'Bullet list of changes.' },
    { name: 'Audience', input_type: 'dropdown', required: false, options: { list: ['developers', 'customers'] } },
  ]),
  app(2, 'Commit Message Helper', [{ name: 'Diff', input_type: 'text', required: true, description: 'The staged diff.' }]),
  app(1, 'Tagline Generator', [{ name: 'Product', input_type: 'text', required: true }]),
];

export interface Page<T> {
  data: T[];
  has_more: boolean;
  first_id?: string;
  last_id?: string;
}

/** Writer's cursor paging: `order`, `limit` (1–100, default 50), `after` / `before` an item id. Unknown cursor → null. */
export function page<T extends { id: string }>(items: T[], query: Record<string, string>): Page<T> | null {
  const ordered = query.order === 'asc' ? [...items].reverse() : items;
  const limit = Math.min(100, Math.max(1, Number(query.limit) || 50));
  let start = 0;
  let end = ordered.length;
  if (query.after) {
    const at = ordered.findIndex((i) => i.id === query.after);
    if (at < 0) return null;
    start = at + 1;
  }
  if (query.before) {
    const at = ordered.findIndex((i) => i.id === query.before);
    if (at < 0) return null;
    end = at;
    start = Math.max(start, end - limit);
  }
  const data = ordered.slice(start, Math.min(end, start + limit));
  return {
    data,
    has_more: start + data.length < end,
    ...(data.length ? { first_id: data[0].id, last_id: data[data.length - 1].id } : {}),
  };
}
