// The one quick-input kit: a prompt box with recent entries (editor commands), input boxes with
// validation, and pickers that fill themselves (Knowledge Graph steps). Every widget it opens is
// announced on `onDidShow` with an `accept()` that does what Enter does, so the extension-host
// tests drive the real widget.
import * as vscode from 'vscode';
import { PromptHistory } from './promptHistory';

/** The picker or input box currently open. */
export interface ActivePrompt {
  kind: 'quickPick' | 'inputBox';
  /** e.g. 'graphs', 'question', 'application', 'input:topic', 'generate'. */
  step: string;
  widget: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox;
  /** Same handler as pressing Enter. */
  accept(): void;
}

class PromptTracker implements vscode.Disposable {
  private readonly shown = new vscode.EventEmitter<ActivePrompt>();
  readonly onDidShow = this.shown.event;
  active: ActivePrompt | undefined;

  open(prompt: ActivePrompt): void {
    this.active = prompt;
    this.shown.fire(prompt);
  }

  close(prompt: ActivePrompt): void {
    if (this.active === prompt) this.active = undefined;
  }

  dispose(): void {
    this.shown.dispose();
  }
}


export interface TextPromptOptions {
  step: string;
  title: string;
  prompt: string;
  placeholder?: string;
  value?: string;
  /** Shown while typing (e.g. too long); undefined when fine. */
  live?(value: string): string | undefined;
  /** Checked on Enter; a string keeps the box open with that message. */
  final(value: string): string | undefined;
}

/** Resolves with the accepted value, or undefined when the user pressed Escape. */
function promptText(tracker: PromptTracker, o: TextPromptOptions): Promise<string | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = o.title;
    box.prompt = o.prompt;
    box.placeholder = o.placeholder;
    box.value = o.value ?? '';
    box.ignoreFocusOut = true; // multi-step: clicking into the editor to copy something must not lose the flow
    let done = false;
    const accept = () => {
      const problem = o.final(box.value);
      if (problem) {
        box.validationMessage = problem;
        return;
      }
      done = true;
      resolve(box.value);
      box.hide();
    };
    const prompt: ActivePrompt = { kind: 'inputBox', step: o.step, widget: box, accept };
    const subs = [
      box.onDidChangeValue((v) => (box.validationMessage = o.live?.(v))),
      box.onDidAccept(accept),
      box.onDidHide(() => {
        tracker.close(prompt);
        subs.forEach((s) => s.dispose());
        box.dispose();
        if (!done) resolve(undefined);
      }),
    ];
    box.show();
    tracker.open(prompt);
  });
}

export interface ListPromptOptions<T> {
  step: string;
  title: string;
  placeholder: string;
  loadingPlaceholder?: string;
  canSelectMany: boolean;
  /** May throw; the picker shows busy meanwhile. */
  load(): Promise<T[]>;
  /**
   * For lists too long to load whole (workspace files): more values for what the user typed,
   * added to the list (the quick pick's own fuzzy match still filters). Called after a short pause
   * in typing; the token is cancelled when the text changes again or the picker closes.
   */
  search?(value: string, token: vscode.CancellationToken): Promise<T[]>;
  toItem(value: T): vscode.QuickPickItem;
  isPreselected?(value: T): boolean;
  /** Placeholder shown when Enter is pressed with nothing chosen (multi-select). */
  noneChosen?: string;
}

export type ListPromptResult<T> =
  | { status: 'picked'; values: T[] }
  | { status: 'dismissed' }
  | { status: 'empty' }
  | { status: 'failed'; error: unknown };

type Item<T> = vscode.QuickPickItem & { value: T };

const SEARCH_PAUSE_MS = 80;

/** A quick pick that opens at once (busy) and fills itself from `load` (and `search` as the user types). */
function promptFromList<T>(tracker: PromptTracker, o: ListPromptOptions<T>): Promise<ListPromptResult<T>> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<Item<T>>();
    qp.title = o.title;
    qp.placeholder = o.loadingPlaceholder ?? 'Loading…';
    qp.canSelectMany = o.canSelectMany;
    qp.matchOnDescription = true;
    qp.matchOnDetail = true;
    qp.ignoreFocusOut = true;
    qp.busy = true;
    let settled = false;
    let loaded = false;
    const finish = (r: ListPromptResult<T>) => {
      if (settled) return;
      settled = true;
      resolve(r);
      qp.hide();
    };
    const accept = () => {
      if (!loaded) return;
      let chosen = o.canSelectMany ? [...qp.selectedItems] : [...qp.activeItems.slice(0, 1)];
      // Enter on a highlighted row without checking anything means "this one".
      if (chosen.length === 0 && qp.activeItems[0]) chosen = [qp.activeItems[0]];
      if (chosen.length === 0) {
        qp.placeholder = o.noneChosen ?? o.placeholder;
        return;
      }
      finish({ status: 'picked', values: chosen.map((i) => i.value) });
    };
    const prompt: ActivePrompt = {
      kind: 'quickPick',
      step: o.step,
      widget: qp as unknown as vscode.QuickPick<vscode.QuickPickItem>, // items carry an extra `value`; tests read the common fields
      accept,
    };
    const search = o.search && searchAsYouType(qp, o.search.bind(o), (value) => ({ ...o.toItem(value), value }), () => loaded);
    const subs = [
      qp.onDidAccept(accept),
      ...(search ? [search] : []),
      qp.onDidHide(() => {
        tracker.close(prompt);
        subs.forEach((s) => s.dispose());
        qp.dispose();
        if (!settled) {
          settled = true;
          resolve({ status: 'dismissed' });
        }
      }),
    ];
    qp.show();
    tracker.open(prompt);
    o.load().then(
      (values) => {
        if (settled) return;
        if (values.length === 0) return finish({ status: 'empty' });
        const items = values.map((value) => ({ ...o.toItem(value), value }));
        qp.items = items;
        if (o.canSelectMany && o.isPreselected) qp.selectedItems = items.filter((i) => o.isPreselected!(i.value));
        qp.placeholder = o.placeholder;
        qp.busy = false;
        loaded = true;
      },
      (error: unknown) => finish({ status: 'failed', error }),
    );
  });
}

/** Adds `search` results for the typed text to the list, newest query only; disposing cancels the one running. */
function searchAsYouType<T>(qp: vscode.QuickPick<Item<T>>, search: (value: string, token: vscode.CancellationToken) => Promise<T[]>, item: (value: T) => Item<T>, loaded: () => boolean): vscode.Disposable {
  let running: vscode.CancellationTokenSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const keyOf = (i: vscode.QuickPickItem) => `${i.label}\u0000${i.description ?? ''}`;
  const run = (value: string) => {
    running?.cancel();
    running?.dispose();
    const source = (running = new vscode.CancellationTokenSource());
    qp.busy = true;
    search(value, source.token).then(
      (values) => {
        if (source.token.isCancellationRequested) return;
        const known = new Set(qp.items.map(keyOf));
        const added = values.map(item).filter((i) => !known.has(keyOf(i)));
        if (added.length) qp.items = [...qp.items, ...added];
        qp.busy = false;
      },
      () => {
        if (!source.token.isCancellationRequested) qp.busy = false;
      },
    );
  };
  const sub = qp.onDidChangeValue((value) => {
    if (timer) clearTimeout(timer);
    running?.cancel();
    if (!value.trim() || !loaded()) {
      if (loaded()) qp.busy = false;
      return;
    }
    timer = setTimeout(() => run(value.trim()), SEARCH_PAUSE_MS);
  });
  return {
    dispose: () => {
      if (timer) clearTimeout(timer);
      running?.cancel();
      running?.dispose();
      sub.dispose();
    },
  };
}

export interface ChoicePromptOptions {
  step: string;
  title: string;
  placeholder: string;
  options: readonly string[];
  many: boolean;
  /** Adds a "leave empty" row for optional single choices. */
  optional: boolean;
}

const SKIP = '$(circle-slash) Leave empty';

/** Resolves with the chosen options ([] when left empty), or undefined when dismissed. */
async function promptChoice(tracker: PromptTracker, o: ChoicePromptOptions): Promise<string[] | undefined> {
  const rows = !o.many && o.optional ? [SKIP, ...o.options] : [...o.options];
  const r = await promptFromList<string>(tracker, {
    step: o.step,
    title: o.title,
    placeholder: o.placeholder,
    canSelectMany: o.many,
    load: async () => rows,
    toItem: (label) => ({ label }),
    noneChosen: o.optional ? o.placeholder : `${o.placeholder} (required: check at least one)`,
  });
  if (r.status !== 'picked') return undefined;
  return r.values.filter((v) => v !== SKIP);
}

export interface HistoryPromptOptions {
  step: string;
  title: string;
  placeholder: string;
  /** globalState key of the recent entries (only what the user typed is stored, never a key or file content). */
  historyKey: string;
}

/**
 * A QuickPick that takes free text and offers recent entries to pick again. Typed text always
 * comes first, so Enter sends what was typed, not a filtered history entry. The accepted text
 * becomes the most recent entry.
 */
async function promptWithHistory(tracker: PromptTracker, state: vscode.Memento, o: HistoryPromptOptions): Promise<string | undefined> {
  const history = new PromptHistory(state, o.historyKey);
  const recent = history.list();
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem>();
  pick.title = o.title;
  pick.placeholder = o.placeholder;
  pick.ignoreFocusOut = true;
  const recentItems: vscode.QuickPickItem[] = recent.map((p) => ({ label: p, description: 'recent' }));
  pick.items = recentItems;
  const result = await new Promise<string | undefined>((resolve) => {
    let chosen: string | undefined;
    const accept = () => {
      const value = (pick.activeItems[0]?.label ?? pick.value).trim();
      if (value === '') return;
      chosen = value;
      pick.hide();
    };
    const prompt: ActivePrompt = { kind: 'quickPick', step: o.step, widget: pick, accept };
    const subscriptions = [
      pick.onDidChangeValue((value) => {
        const typed = value.trim();
        pick.items = typed ? [{ label: typed, description: 'new prompt', alwaysShow: true }, ...recentItems.filter((i) => i.label !== typed)] : recentItems;
      }),
      pick.onDidAccept(accept),
      pick.onDidHide(() => {
        tracker.close(prompt);
        for (const s of subscriptions) s.dispose();
        pick.dispose();
        resolve(chosen);
      }),
    ];
    pick.show();
    tracker.open(prompt);
  });
  if (result) await history.add(result);
  return result;
}

export class QuickInputService implements vscode.Disposable {
  private readonly tracker = new PromptTracker();
  readonly onDidShow = this.tracker.onDidShow;

  constructor(private readonly state: vscode.Memento) {}

  /** The widget open now, if any. */
  get active(): ActivePrompt | undefined {
    return this.tracker.active;
  }

  text(o: TextPromptOptions): Promise<string | undefined> {
    return promptText(this.tracker, o);
  }

  list<T>(o: ListPromptOptions<T>): Promise<ListPromptResult<T>> {
    return promptFromList(this.tracker, o);
  }

  choice(o: ChoicePromptOptions): Promise<string[] | undefined> {
    return promptChoice(this.tracker, o);
  }

  withHistory(o: HistoryPromptOptions): Promise<string | undefined> {
    return promptWithHistory(this.tracker, this.state, o);
  }

  dispose(): void {
    this.tracker.dispose();
  }
}
