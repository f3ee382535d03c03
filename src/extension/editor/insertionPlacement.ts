// Where generated text sits relative to the line the cursor is on. Inserting at the start of a
// non-empty line must not glue the last generated line onto the existing code ("…);export …"),
// and inserting at the end of one must not glue the first generated line onto it: the insertion
// then ends (or starts) with a line break so the existing line keeps its own line.

export interface InsertionPlacement {
  /** Put a line break before the text (cursor at the end of a non-empty line). */
  startWithNewline: boolean;
  /** End the text with a line break (cursor at the start of a non-empty line). */
  endWithNewline: boolean;
  /** Indentation to repeat after that final line break, so the existing line keeps its indentation. */
  endIndent: string;
}

/** `lineText` is the cursor's line without its EOL, `character` the cursor column in it. */
export function insertionPlacement(lineText: string, character: number): InsertionPlacement {
  const before = lineText.slice(0, character);
  const after = lineText.slice(character);
  const blankBefore = /^[ \t]*$/.test(before);
  const blankAfter = /^[ \t]*$/.test(after);
  if (blankBefore && !blankAfter) return { startWithNewline: false, endWithNewline: true, endIndent: before };
  if (!blankBefore && blankAfter) return { startWithNewline: true, endWithNewline: false, endIndent: '' };
  return { startWithNewline: false, endWithNewline: false, endIndent: '' };
}
