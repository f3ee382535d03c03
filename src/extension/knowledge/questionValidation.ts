// What counts as an acceptable Knowledge Graph question. Pure (no vscode) so it is unit-tested
// and shared by the input box (live check) and the command argument (final check).

/**
 * Writer documents no limit for `question`. 4,000 characters keeps it a question (long material
 * belongs in a file inside the graph) and far below request-size limits.
 */
export const MAX_QUESTION_CHARS = 4000;

export type QuestionCheck = { ok: true; question: string } | { ok: false; message: string };

/** Shown while typing: only problems the user can see growing (an empty box is not an error yet). */
export function liveQuestionProblem(value: string): string | undefined {
  return value.length > MAX_QUESTION_CHARS ? tooLong(value.length) : undefined;
}

/** Final check before sending: trims, refuses empty, non-text and too-long questions. */
export function checkQuestion(raw: unknown): QuestionCheck {
  if (typeof raw !== 'string') {
    return { ok: false, message: 'The question must be text, e.g. { "question": "What changed in Q3?" }.' };
  }
  const question = raw.trim();
  if (question.length === 0) {
    return { ok: false, message: 'The question is empty. Type what you want to know, e.g. "What is our refund policy?".' };
  }
  if (question.length > MAX_QUESTION_CHARS) return { ok: false, message: tooLong(question.length) };
  return { ok: true, question };
}

function tooLong(length: number): string {
  return (
    `The question is ${length.toLocaleString('en-US')} characters long; the limit is ` +
    `${MAX_QUESTION_CHARS.toLocaleString('en-US')}. Shorten it, or add the long text to the graph as a file and ask about it.`
  );
}
