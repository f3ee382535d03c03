// Scripted answers. Deterministic: the same prompt and markers give the same tokens, so tests can
// compare what they received with `answerText(...)`.
import type { Scenario } from './scenario';

/** Split text into ~4-character tokens the way a model's deltas look (never splits a code point). */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S{1,4}|\s+/gu) ?? [];
}

const MARKDOWN = `# Streaming a response in TypeScript

Here is a small, complete example. It reads **server-sent events** with \`fetch\` and prints each delta.

## Steps

1. Open the request with an \`AbortController\` so it can be cancelled.
2. Decode the body as UTF-8 *while it arrives*.
3. Split it into events and append each \`delta\` to the answer.
   - keep partial text if the stream fails
   - never retry after the first token

## Example

\`\`\`typescript
async function stream(url: string, signal: AbortSignal): Promise<string> {
  const res = await fetch(url, { method: 'POST', signal });
  let text = '';
  for await (const chunk of res.body!.pipeThrough(new TextDecoderStream())) {
    text += chunk;
  }
  return text;
}
\`\`\`

The same in Python:

\`\`\`python
import httpx

def stream(url: str) -> str:
    out = []
    with httpx.stream("POST", url) as r:
        for line in r.iter_lines():
            out.append(line)
    return "\\n".join(out)
\`\`\`

And from a shell:

\`\`\`bash
curl -N -H "Authorization: Bearer $WRITER_API_KEY" https://api.writer.com/v1/chat
\`\`\`

## Comparison

| Client | Parses SSE | Retries | Cancel |
| --- | --- | --- | --- |
| writer-sdk | yes | 2 | \`abort()\` |
| openai | yes | 2 | \`AbortSignal\` |
| curl | no | 0 | Ctrl-C |

> Tip: keep the idle timeout above the longest Knowledge Graph pause.

That's it — the answer streams in as it is generated.
`;

const CODE_FENCED = `\`\`\`typescript
export function fibonacci(n: number): number {
  let [a, b] = [0, 1];
  for (let i = 0; i < n; i++) {
    [a, b] = [b, a + b];
  }
  return a;
}
\`\`\`
`;

/** `#answer=code-fenced:LANG`: one fence in another language. */
const FENCED_BY_LANGUAGE: Record<string, string> = {
  typescript: CODE_FENCED,
  python: '```python\ndef fibonacci(n: int) -> int:\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n```\n',
  javascript: '```javascript\nfunction debounce(fn, ms) {\n  let t;\n  return (...args) => {\n    clearTimeout(t);\n    t = setTimeout(() => fn(...args), ms);\n  };\n}\n```\n',
  go: '```go\nfunc Sum(xs []int) int {\n\ttotal := 0\n\tfor _, x := range xs {\n\t\ttotal += x\n\t}\n\treturn total\n}\n```\n',
  rust: '```rust\nfn main() {\n    let v: Vec<u32> = (1..=5).collect();\n    println!("{}", v.iter().sum::<u32>());\n}\n```\n',
  json: '```json\n{\n  "streamAssist.provider": "writer",\n  "streamAssist.model": "palmyra-x5"\n}\n```\n',
};

const PLAIN = 'The quick brown fox jumps over the lazy dog while the stream keeps flowing steadily.';

const MULTILINE = `const total = items.reduce((sum, item) => sum + item.price, 0);
const average = items.length ? total / items.length : 0;
console.log(\`total=\${total} average=\${average.toFixed(2)}\`);
`;

const COMPLETION = 'Once upon a time, a small server streamed its answers one token at a time, and every client listened carefully until the very last word.';

const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ';

/** `#answer=long` is this many characters; `#answer=NKB` / `NMB` pick a size. */
const LONG_CHARS = 24_000;

function longMarkdown(chars: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let section = 1; size < chars; section++) {
    const block =
      `## Section ${section}\n\n${LOREM.repeat(3)}\n\n- item ${section}.1\n- item ${section}.2\n\n` +
      `\`\`\`js\nconsole.log('section ${section}');\n\`\`\`\n\n| n | square |\n| --- | --- |\n| ${section} | ${section * section} |\n\n`;
    parts.push(block);
    size += block.length;
  }
  return parts.join('').slice(0, chars);
}

/** Exactly `n` tokens, cycling through lorem ipsum (for benchmarks that need an exact event count). */
function exactTokens(n: number): string[] {
  const base = tokenize(LOREM.repeat(4));
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = base[i % base.length];
  return out;
}

export type AnswerKind = 'chat' | 'completion' | 'generic' | 'graph' | 'web' | 'application';

/** The model's thinking for `#think=N`: N ~4-character tokens of a markdown thought, repeated as needed. */
export const THOUGHT = 'The user wants a **cache** with expiry. A `Map` keeps insertion order, so the oldest entry is first.\n\nCheck: `get` must drop an expired entry before returning it. ';

export function thinkingTokens(n: number): string[] {
  const base = tokenize(THOUGHT);
  return Array.from({ length: n }, (_, i) => base[i % base.length]!);
}

/** The tokens to stream for a request (the prompt is only used for defaults). */
export function answerTokens(kind: AnswerKind, scenario: Scenario): string[] {
  if (scenario.echo !== undefined) {
    // `tokenChars` (programmatic only): fixed-size events, so a multi-megabyte echo is a few events, not a million.
    const n = scenario.tokenChars;
    if (n && n > 0) return Array.from({ length: Math.ceil(scenario.echo.length / n) }, (_, i) => scenario.echo!.slice(i * n, (i + 1) * n));
    return tokenize(scenario.echo);
  }
  const name = scenario.answer ?? '';
  const tokenCount = /^tokens:(\d+)$/.exec(name);
  if (tokenCount) return exactTokens(Number(tokenCount[1]));
  return tokenize(answerText(kind, name));
}

export function answerText(kind: AnswerKind, name: string): string {
  const size = /^(\d+)(KB|MB)$/i.exec(name);
  if (size) return longMarkdown(Number(size[1]) * (size[2].toUpperCase() === 'MB' ? 1024 * 1024 : 1024));
  const fenced = /^code-fenced:(\w+)$/.exec(name);
  if (fenced && FENCED_BY_LANGUAGE[fenced[1]]) return FENCED_BY_LANGUAGE[fenced[1]];
  switch (name) {
    case 'markdown':
      return MARKDOWN;
    case 'long':
      return longMarkdown(LONG_CHARS);
    case 'code-fenced':
      return CODE_FENCED;
    case 'plain':
      return PLAIN;
    case 'multiline':
      return MULTILINE;
    case 'empty':
      return '';
  }
  switch (kind) {
    case 'chat':
      return MARKDOWN;
    case 'completion':
    case 'generic':
      return COMPLETION;
    case 'graph':
      return GRAPH_ANSWER;
    case 'web':
      return WEB_ANSWER;
    case 'application':
      return AGENT_CONTENT;
  }
}

// ---- Writer web search (the web_search tool of /v1/chat) --------------------------------

export const WEB_ANSWER = 'Node.js 24 is the Active LTS line [1], and the release schedule lists its end-of-life date [2]. One more page was found [3].';

/** `web_search_data.sources` as Writer sends them ({url, raw_content}); the third has a hostile title, the fourth a javascript: url (dropped by the client). */
export const WEB_SOURCES = [
  { url: 'https://nodejs.org/en/about/previous-releases', title: 'Node.js Releases', raw_content: 'Node.js 24 entered Active LTS in October 2025.' },
  { url: 'https://github.com/nodejs/release#release-schedule', title: 'nodejs/release: schedule', raw_content: 'Release schedule and end-of-life dates.' },
  { url: 'https://example.com/notes?q=<script>window.__pwned=4</script>', title: '<img src=x onerror="window.parent.__pwned=5">Notes', raw_content: '<b onmouseover="window.__pwned=6">hover</b>' },
  { url: 'javascript:window.__pwned=7', title: 'Not a page', raw_content: 'dropped' },
];

// ---- Knowledge Graph -----------------------------------------------------------------

export const GRAPH_ANSWER =
  'Stream Assist retries a request only before the first token arrives [1]. Rate limits are honoured through the Retry-After header [2], and a cancelled request closes its connection immediately [1].';

export interface Source {
  file_id: string;
  snippet: string;
}

export const GRAPH_SOURCES: Source[] = [
  { file_id: 'f0000001-5a5a-4c4c-8d8d-000000000001', snippet: 'Requests are retried only before the first event; never after content has arrived.' },
  { file_id: 'f0000001-5a5a-4c4c-8d8d-000000000002', snippet: 'A 429 response carries Retry-After; clients wait that long, at most 60 seconds.' },
];

export const GRAPH_SUBQUERIES = [
  {
    query: 'When does Stream Assist retry a request?',
    answer: 'Only before the first token, on connection errors, 408, 409, 429 and 5xx.',
    sources: [GRAPH_SOURCES[0]],
  },
  {
    query: 'How are rate limits handled?',
    answer: 'The client waits for the Retry-After delay and shows a countdown.',
    sources: [GRAPH_SOURCES[1]],
  },
];

// ---- no-code agent ------------------------------------------------------------------

export const AGENT_STAGES = [
  { id: 'a1b2c3d4-0001-4a00-8000-000000000001', content: 'Planning the research', sources: null },
  {
    id: 'a1b2c3d4-0002-4a00-8000-000000000002',
    content: 'Reading 2 sources',
    sources: ['https://example.com/streaming-guide', 'https://example.org/sse-best-practices'],
  },
  { id: 'a1b2c3d4-0003-4a00-8000-000000000003', content: 'Writing the summary', sources: null },
];

export const AGENT_TITLE = 'Research summary';

export const AGENT_CONTENT = `## Findings

- Server-sent events stream text over one HTTP response.
- Clients must handle partial lines and split UTF-8 characters.
- Cancelling must close the socket so the model stops generating.
`;
