// Apply a chat code block to a file: the pure decisions (no vscode). Which path a hint names, and
// whether it stays inside the workspace; whether the block is the whole file (diffed as it is) or
// a fragment the model merges into the file; and the merge request.
import type { ChatMessage } from '../../core/types';

/** Files above this are not sent whole to the model for a merge (the answer would be the whole file again). */
export const MERGE_MAX_CHARS = 60_000;

/**
 * A workspace-relative path from a code block's hint ("./src/a.ts", "src\\a.ts"), or why it cannot
 * be one. Absolute paths are returned as they are (the caller checks they are in a workspace
 * folder); a relative path that climbs out ("../x") is refused here.
 */
export function normalizeHint(hint: string): { path: string; absolute: boolean } | { refused: string } | undefined {
  let p = hint.trim().replace(/^["'`]+|["'`:]+$/g, '');
  if (!p) return undefined;
  p = p.replace(/\\/g, '/');
  const absolute = p.startsWith('/') || /^[a-zA-Z]:\//.test(p);
  if (!absolute) p = p.replace(/^(\.\/)+/, '');
  if (p.split('/').includes('..')) return { refused: `"${hint.trim()}" points outside the workspace` };
  return { path: p, absolute };
}

function lines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
}

function firstAndLast(ls: readonly string[]): [string, string] | undefined {
  const kept = ls.map((l) => l.trim()).filter((l) => l !== '');
  return kept.length ? [kept[0]!, kept[kept.length - 1]!] : undefined;
}

/**
 * True when the block is evidently the file's new content, not a fragment: the file is empty, or
 * the block is at least 70% of the file's length in lines and starts or ends where the file does.
 * A fragment ("add this method") fails both and goes to the model for a merge.
 */
export function looksLikeWholeFile(code: string, fileText: string): boolean {
  const file = firstAndLast(lines(fileText));
  if (!file) return true;
  const block = firstAndLast(lines(code));
  if (!block) return false;
  const blockLines = lines(code).length;
  const fileLines = lines(fileText).length;
  if (blockLines < 0.7 * fileLines) return false;
  return block[0] === file[0] || block[1] === file[1];
}

const MERGE_SYSTEM = [
  "You apply a change to a file in the user's editor. The change is a code block from a chat answer: it may be a fragment, use placeholder comments such as \"// ... existing code ...\", or show only the parts that change.",
  'Reply with the complete updated file and nothing else: no explanations, no Markdown code fences.',
  'Keep every line the change does not touch exactly as it is, including comments, blank lines and indentation.',
].join(' ');

export function mergeMessages(fileName: string, languageId: string, fileText: string, code: string): ChatMessage[] {
  const user = [
    `File: ${fileName} (language: ${languageId})`,
    '<file>',
    fileText,
    '</file>',
    'The change to apply:',
    '<change>',
    code,
    '</change>',
    'Reply with the whole updated file.',
  ].join('\n');
  return [
    { role: 'system', content: MERGE_SYSTEM },
    { role: 'user', content: user },
  ];
}
