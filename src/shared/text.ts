// Small text helpers every layer uses (pure, no DOM, no vscode): the core, the extension and the
// webview import this module, so a label or message is shortened the same way everywhere.

/** `text` cut to at most `max` characters, the last one an ellipsis when it was cut. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Every run of whitespace (newlines included) as one space, trimmed. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The message of whatever was thrown (an Error's message, else the value as text). */
export function messageOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}
