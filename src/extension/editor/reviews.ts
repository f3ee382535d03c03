// The open inline reviews: their CodeLens (Accept / Reject per change, Accept All / Reject All on
// the block), the commands behind them and their keys, the Accept / Reject buttons in the title bar
// of an editor with a review, and what the user is told when a review ends on its own.
import * as vscode from 'vscode';
import type { Notifier } from '../services';
import type { StreamDecorations } from './decorations';
import type { DiffReview, ReviewEnd } from './inlineDiff';

/** Where a CodeLens points: the review under that line of that document, and which change. */
export interface ReviewTarget {
  uri?: string;
  line?: number;
  hunk?: number;
}

const ACCEPT = 'streamAssist.acceptChange';
const REJECT = 'streamAssist.rejectChange';
const isMac = process.platform === 'darwin';
/**
 * Context key: the paths of documents with an open review (`resourcePath in …` shows the title
 * buttons). Paths, not URIs: in a remote window the workbench's URI is vscode-remote:// where the
 * extension host's is file://; `resourcePath` is the fsPath of a file, else the URI's path.
 */
const REVIEWED_PATHS = 'streamAssist.reviewedPaths';

export class ReviewRegistry implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly open = new Set<DiffReview>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** A review started, ended or changed. */
  readonly onDidChange = this.changed.event;
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly registrations: vscode.Disposable[];

  constructor(
    private readonly decorations: StreamDecorations,
    private readonly notifier: Notifier,
  ) {
    this.registrations = [
      vscode.languages.registerCodeLensProvider({ pattern: '**' }, this),
      vscode.commands.registerCommand(ACCEPT, (target?: ReviewTarget | vscode.Uri) => this.resolve('accept', asTarget(target))),
      vscode.commands.registerCommand(REJECT, (target?: ReviewTarget | vscode.Uri) => this.resolve('reject', asTarget(target))),
    ];
  }

  reviews(): DiffReview[] {
    return [...this.open];
  }

  add(review: DiffReview): void {
    this.open.add(review);
    this.decorations.show(review);
    const changed = review.onDidChange(() => {
      this.decorations.refresh(review.document);
      this.changed.fire();
    });
    const ended = review.onDidEnd((how) => {
      changed.dispose();
      ended.dispose();
      this.open.delete(review);
      this.decorations.hide(review);
      publishReviewedPaths(this.open);
      this.changed.fire();
      this.tell(how);
    });
    publishReviewedPaths(this.open);
    this.changed.fire();
  }

  /** The review at the cursor of the active editor, else the latest one in its document. */
  private find(target: ReviewTarget = {}): DiffReview | undefined {
    const editor = vscode.window.activeTextEditor;
    const uri = target.uri ?? editor?.document.uri.toString();
    const inDoc = [...this.open].filter((r) => r.document.uri.toString() === uri);
    const line = target.line ?? (editor && editor.document.uri.toString() === uri ? editor.selection.active.line : undefined);
    const at = line === undefined ? undefined : inDoc.find((r) => r.contains(r.document.offsetAt(new vscode.Position(line, 0))));
    return at ?? inDoc[inDoc.length - 1];
  }

  async resolve(decision: 'accept' | 'reject', target?: ReviewTarget): Promise<boolean> {
    const review = this.find(target);
    if (!review) {
      this.notifier.show('info', 'there is no proposed change here to accept or reject.');
      return false;
    }
    const ok = await review.resolve(decision, target?.hunk);
    if (!ok && review.open) this.notifier.show('error', 'could not change the document (it is read-only or closed); the proposed change is still there.');
    return ok;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    for (const review of this.open) {
      if (review.document !== document) continue;
      const uri = document.uri.toString();
      const first = review.firstLine;
      const top = new vscode.Range(first, 0, first, 0);
      const key = isMac ? '⌘' : 'Ctrl+';
      lenses.push(
        new vscode.CodeLens(top, { title: `$(check-all) Accept All (${key}Enter)`, command: ACCEPT, arguments: [{ uri, line: first }] }),
        new vscode.CodeLens(top, { title: `$(discard) Reject All (${key}${isMac ? '⌫' : 'Backspace'})`, command: REJECT, arguments: [{ uri, line: first }] }),
      );
      const hunks = review.hunks();
      if (hunks.length < 2) continue;
      hunks.forEach((h, hunk) => {
        const range = new vscode.Range(first + h.first, 0, first + h.first, 0);
        lenses.push(
          new vscode.CodeLens(range, { title: '$(check) Accept', command: ACCEPT, arguments: [{ uri, line: first, hunk }] }),
          new vscode.CodeLens(range, { title: '$(close) Reject', command: REJECT, arguments: [{ uri, line: first, hunk }] }),
        );
      });
    }
    return lenses;
  }

  private tell(how: ReviewEnd): void {
    if (how === 'edited') this.notifier.show('info', 'the review ended because lines inside it were added or removed; the file keeps both the old and the new lines as they are now. Revert Last Generation puts the original back.');
  }

  dispose(): void {
    for (const r of [...this.open]) r.dispose();
    for (const d of this.registrations) d.dispose();
    this.changed.dispose();
  }
}

/**
 * The title buttons show at once; CodeLens waits for the workbench's debounce (≥ 250 ms after the
 * last edit). Only a review starting or ending changes the set, not every edit moving one.
 */
function publishReviewedPaths(open: Iterable<DiffReview>): void {
  const paths = new Set([...open].flatMap(({ document: { uri } }) => [uri.fsPath, uri.path]));
  void vscode.commands.executeCommand('setContext', REVIEWED_PATHS, [...paths]);
}

/** An editor title button passes the editor's URI: the review at the cursor in that document, else its latest. */
function asTarget(target: ReviewTarget | vscode.Uri | undefined): ReviewTarget | undefined {
  return target instanceof vscode.Uri ? { uri: target.toString() } : target;
}
