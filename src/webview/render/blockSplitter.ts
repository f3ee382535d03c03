// Finds the top-level markdown blocks of the not-yet-frozen tail and decides which of them can
// no longer change. Text is only ever appended, so a block is final once the next top-level
// block has started on a complete line: nothing after that line can reach back into it
// (reference definitions, the one construct that could, are disabled in markdown.ts).
import { md } from './markdown';

type Token = ReturnType<typeof md.parse>[number];

export interface TopBlock {
  /** Token range [start, end) of this block in the parse of the tail. */
  tokenStart: number;
  tokenEnd: number;
  /** First line of the block, relative to the tail. */
  startLine: number;
}

export interface SplitResult {
  tokens: Token[];
  blocks: TopBlock[];
  /** How many leading blocks are final. */
  finalCount: number;
  /** Character offset (in the tail) where the first non-final block's line starts; tail.length when all are final. */
  keepFrom: number;
}

function topLevelBlocks(tokens: Token[]): TopBlock[] {
  const blocks: TopBlock[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (depth === 0) blocks.push({ tokenStart: i, tokenEnd: i + 1, startLine: t.map ? t.map[0] : 0 });
    depth += t.nesting;
    blocks[blocks.length - 1]!.tokenEnd = i + 1;
  }
  return blocks;
}

/** Offset where line `line` starts (text.length past the last line). */
export function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset;
}

export function splitTail(tail: string): SplitResult {
  const tokens = md.parse(tail, {});
  const blocks = topLevelBlocks(tokens);
  // Lines 0..completeLines-1 end with a newline; the last line may still grow.
  let completeLines = 0;
  for (let i = tail.indexOf('\n'); i >= 0; i = tail.indexOf('\n', i + 1)) completeLines++;
  let finalCount = 0;
  while (finalCount + 1 < blocks.length && blocks[finalCount + 1]!.startLine < completeLines) finalCount++;
  const keepFrom = finalCount === 0 ? 0 : lineStart(tail, blocks[finalCount]!.startLine);
  return { tokens, blocks, finalCount, keepFrom };
}
