// Shows where streams are writing: the region gets a theme-coloured background and its end an
// after-text ("generating…"); an inline diff (review mode, and its review afterwards) colours its
// added and removed lines with the diff editor's colours. All streams of a document are drawn together (setDecorations
// replaces a type's ranges per editor), in every visible editor showing that document.
import * as vscode from 'vscode';
import type { LineDecorations } from './inlineDiff';

export interface DecoratedRegion {
  readonly document: vscode.TextDocument;
  /** Current range of the region being written. */
  readonly range: vscode.Range;
  /** e.g. "generating…"; '' for none. */
  readonly progressLabel: string;
  /** Added and removed lines of an inline diff. */
  lines?(): LineDecorations | undefined;
}

function lineType(background: string, ruler: string): vscode.TextEditorDecorationType {
  return vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor(background),
    overviewRulerColor: new vscode.ThemeColor(ruler),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
}

export class StreamDecorations implements vscode.Disposable {
  private readonly regionType = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.wordHighlightBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.wordHighlightForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedOpen,
  });
  private readonly headType = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic', margin: '0 0 0 1ch' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly addedType = lineType('diffEditor.insertedLineBackground', 'editorOverviewRuler.addedForeground');
  private readonly removedType = lineType('diffEditor.removedLineBackground', 'editorOverviewRuler.deletedForeground');
  private readonly shown = new Set<DecoratedRegion>();
  private readonly subscription = vscode.window.onDidChangeVisibleTextEditors((editors) => {
    for (const editor of editors) this.render(editor);
  });

  show(region: DecoratedRegion): void {
    this.shown.add(region);
    this.refresh(region.document);
  }

  hide(region: DecoratedRegion): void {
    if (this.shown.delete(region)) this.refresh(region.document);
  }

  refresh(document: vscode.TextDocument): void {
    for (const editor of vscode.window.visibleTextEditors) if (editor.document === document) this.render(editor);
  }

  private render(editor: vscode.TextEditor): void {
    const regions = [...this.shown].filter((r) => r.document === editor.document);
    editor.setDecorations(
      this.regionType,
      regions.map((r) => r.range).filter((r) => !r.isEmpty),
    );
    editor.setDecorations(
      this.headType,
      regions.filter((r) => r.progressLabel).map((r) => ({ range: new vscode.Range(r.range.end, r.range.end), renderOptions: { after: { contentText: r.progressLabel } } })),
    );
    const lines = regions.map((r) => r.lines?.()).filter((l) => l !== undefined);
    editor.setDecorations(this.addedType, lines.flatMap((l) => l.added));
    editor.setDecorations(this.removedType, lines.flatMap((l) => l.removed));
  }

  dispose(): void {
    this.subscription.dispose();
    this.regionType.dispose();
    this.addedType.dispose();
    this.removedType.dispose();
    this.headType.dispose();
  }
}
