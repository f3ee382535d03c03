// "Revert Last Generation": cursor moves split undo stops (microsoft/vscode#16475), so undo
// alone cannot be trusted to remove a whole generation. Each generation remembers its region
// (kept right through later edits) and the text it replaced, and can put that text back exactly.
import * as vscode from 'vscode';
import type { EditorStream } from './editorStream';

/** Generations remembered (oldest dropped first). */
const MAX_RECORDS = 20;

export class RevertHistory implements vscode.Disposable {
  private records: EditorStream[] = [];
  private readonly subscription = vscode.workspace.onDidCloseTextDocument((doc) => {
    for (const r of this.records.filter((x) => x.document === doc)) this.forget(r);
  });

  add(stream: EditorStream): void {
    this.records.push(stream);
    while (this.records.length > MAX_RECORDS) this.forget(this.records[0]);
  }

  forget(stream: EditorStream): void {
    const i = this.records.indexOf(stream);
    if (i < 0) return;
    this.records.splice(i, 1);
    // A running stream still needs its region; it is disposed when the stream ends (see controller).
    if (!stream.running) stream.spec.region.dispose();
  }

  has(stream: EditorStream): boolean {
    return this.records.includes(stream);
  }

  /** The latest generation in `document`, or the latest anywhere. */
  latest(document?: vscode.TextDocument): EditorStream | undefined {
    const inDoc = document && [...this.records].reverse().find((r) => r.document === document);
    return inDoc ?? this.records[this.records.length - 1];
  }

  /** Stops the generation if it still runs, then restores the text it replaced. */
  async revert(stream: EditorStream): Promise<boolean> {
    stream.stop('revert');
    await stream.done;
    const ok = await stream.restoreOriginal(true);
    if (ok) this.forget(stream);
    return ok;
  }

  dispose(): void {
    this.subscription.dispose();
    for (const r of [...this.records]) this.forget(r);
  }
}
