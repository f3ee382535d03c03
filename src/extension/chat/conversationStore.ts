// Conversations persisted under the extension's global storage (never the key, never settings):
// one JSON file per conversation plus an index (the order and the current one), so a write while an
// answer streams rewrites that conversation only, not the whole history with every context
// attachment ever sent. Writes are throttled while an answer streams, so a crash keeps what
// arrived, and atomic (temp file + rename), so a crash during a write never corrupts a file. The
// index is written after the conversations it names; the one-file store of earlier versions
// (conversations.json) is read once and migrated.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConversationSummary } from '../../shared/webviewProtocol';
import { createConversation, type Conversation, type ConversationDefaults } from './conversationModel';

interface StoreIndex {
  version: 2;
  currentId: string | undefined;
  ids: string[];
}

/** What the store holds on disk, as one value (loading, and tests reading what was saved). */
export interface StoredConversations {
  currentId: string | undefined;
  conversations: Conversation[];
  /** Read from the one-file store of earlier versions (migrated on the next write). */
  legacy: boolean;
  /** Conversations the index names whose file could not be read (left on disk, not listed). */
  unreadable: string[];
  /** The index could not be read: the conversations are every file in the folder. */
  rebuilt: boolean;
}

const INDEX = 'index.json';
const LEGACY_FILE = 'conversations.json';
// Ids are our own UUIDs; anything else in a file is not used as a path.
const SAFE_ID = /^[A-Za-z0-9-]{1,100}$/;
const storeDir = (storageDir: string) => path.join(storageDir, 'conversations');
const conversationFile = (dir: string, id: string) => path.join(dir, `${id}.json`);

/** A pending write: each changed conversation's JSON, the index's, the files to remove. */
interface WriteSnapshot {
  files: Array<[string, string]>;
  remove: string[];
}

export class ConversationStore {
  private conversations: Conversation[] = [];
  private currentId: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly changed = new Set<Conversation>();
  private indexChanged = false;
  private removed: string[] = [];
  private legacy = false;
  /** The folder holding index.json and one <id>.json per conversation. */
  readonly dir: string;

  constructor(
    readonly storageDir: string,
    private readonly defaults: () => ConversationDefaults,
    private readonly log: { warn(message: string): void },
    private readonly throttleMs = 400,
  ) {
    this.dir = storeDir(storageDir);
    this.load();
  }

  /** Reads what a store in `storageDir` has saved (a missing store is empty; a damaged one throws). */
  static read(storageDir: string): StoredConversations {
    const dir = storeDir(storageDir);
    let index: Partial<StoreIndex>;
    let rebuilt = false;
    try {
      index = JSON.parse(fs.readFileSync(path.join(dir, INDEX), 'utf8')) as Partial<StoreIndex>;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return readLegacy(storageDir);
      // A damaged index must not hide the conversations: take every conversation file there is.
      index = { ids: fs.readdirSync(dir).filter((f) => f.endsWith('.json') && f !== INDEX).map((f) => f.slice(0, -'.json'.length)) };
      rebuilt = true;
    }
    const ids = Array.isArray(index.ids) ? index.ids.filter((id): id is string => typeof id === 'string' && SAFE_ID.test(id)) : [];
    const conversations: Conversation[] = [];
    const unreadable: string[] = [];
    for (const id of ids) {
      // One unreadable conversation does not cost the others.
      try {
        const c = JSON.parse(fs.readFileSync(conversationFile(dir, id), 'utf8')) as Conversation;
        if (isConversation(c) && c.id === id) conversations.push(c);
        else unreadable.push(id);
      } catch {
        unreadable.push(id);
      }
    }
    if (rebuilt) conversations.sort((a, b) => a.createdAt - b.createdAt);
    return { currentId: typeof index.currentId === 'string' ? index.currentId : undefined, conversations, legacy: false, unreadable, rebuilt };
  }

  private load(): void {
    try {
      const stored = ConversationStore.read(this.storageDir);
      this.conversations = stored.conversations;
      this.currentId = stored.currentId;
      if (stored.rebuilt) {
        this.indexChanged = true;
        this.log.warn(`Chat history: the index in ${this.dir} could not be read; rebuilt it from the ${this.conversations.length} conversation file(s) there.`);
      }
      if (stored.unreadable.length) this.log.warn(`Chat history: ${stored.unreadable.length} conversation file(s) could not be read and are not listed (${stored.unreadable.map((id) => `${id}.json`).join(', ')} in ${this.dir}).`);
      if (stored.legacy && this.conversations.length) {
        this.legacy = true;
        this.indexChanged = true;
        for (const c of this.conversations) this.changed.add(c);
      }
    } catch (e) {
      this.log.warn(`Chat history could not be read (${(e as Error).message}); starting empty.`);
    }
    // An answer still "streaming" in the file means the window closed mid-stream: keep its text.
    for (const c of this.conversations)
      for (const m of c.messages) if (m.status === 'streaming' || m.status === 'waiting') m.status = 'interrupted';
  }

  list(): ConversationSummary[] {
    return [...this.conversations].sort((a, b) => b.updatedAt - a.updatedAt).map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt }));
  }

  get(id: string): Conversation | undefined {
    return this.conversations.find((c) => c.id === id);
  }

  /** The conversation shown in the view (created when there is none). */
  current(): Conversation {
    const c = (this.currentId && this.get(this.currentId)) || this.conversations[0];
    if (c) {
      if (this.currentId !== c.id) this.indexChanged = true;
      this.currentId = c.id;
      return c;
    }
    return this.create();
  }

  create(): Conversation {
    const c = createConversation(this.defaults());
    this.conversations.push(c);
    this.currentId = c.id;
    this.changed.add(c);
    this.indexChanged = true;
    this.save();
    return c;
  }

  setCurrent(id: string): boolean {
    if (!this.get(id)) return false;
    this.currentId = id;
    this.indexChanged = true;
    this.save();
    return true;
  }

  rename(id: string, title: string): void {
    const c = this.get(id);
    if (!c) return;
    c.title = title;
    this.touched(c);
  }

  delete(id: string): void {
    const c = this.get(id);
    if (!c) return;
    this.conversations = this.conversations.filter((x) => x !== c);
    this.changed.delete(c);
    this.removed.push(id);
    if (this.currentId === id) this.currentId = this.list()[0]?.id;
    this.indexChanged = true;
    this.save();
  }

  /** Call after changing a conversation; saves soon (throttled). */
  touched(c: Conversation, immediately = false): void {
    c.updatedAt = Date.now();
    this.changed.add(c);
    this.save(immediately);
  }

  save(immediately = false): void {
    if (immediately) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      void this.write();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, this.throttleMs);
  }

  /** Resolves when everything changed so far is on disk. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.write();
    }
    await this.writing;
  }

  /** What changed since the last write, serialised now; the change records start over. */
  private snapshot(): WriteSnapshot {
    const files: Array<[string, string]> = [...this.changed].map((c) => [conversationFile(this.dir, c.id), JSON.stringify(c)]);
    if (this.indexChanged) {
      const index: StoreIndex = { version: 2, currentId: this.currentId, ids: this.conversations.map((c) => c.id) };
      files.push([path.join(this.dir, INDEX), JSON.stringify(index)]);
    }
    const remove = this.removed.map((id) => conversationFile(this.dir, id));
    if (this.legacy) remove.push(path.join(this.storageDir, LEGACY_FILE));
    this.changed.clear();
    this.indexChanged = false;
    this.removed = [];
    this.legacy = false;
    return { files, remove };
  }

  private write(): Promise<void> {
    // Serialise now (the snapshot), write after any write in progress.
    const { files, remove } = this.snapshot();
    if (!files.length && !remove.length) return this.writing;
    this.writing = this.writing.then(async () => {
      try {
        await fs.promises.mkdir(this.dir, { recursive: true });
        // In order: the conversations, then the index that names them, then what is gone.
        for (const [file, json] of files) {
          const tmp = `${file}.${process.pid}.tmp`;
          await fs.promises.writeFile(tmp, json, 'utf8');
          await fs.promises.rename(tmp, file);
        }
        for (const file of remove) await fs.promises.rm(file, { force: true });
      } catch (e) {
        this.log.warn(`Chat history could not be saved: ${(e as Error).message}`);
      }
    });
    return this.writing;
  }

  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      // Synchronous on shutdown: the extension host may not wait for a promise.
      try {
        const { files, remove } = this.snapshot();
        fs.mkdirSync(this.dir, { recursive: true });
        for (const [file, json] of files) fs.writeFileSync(file, json, 'utf8');
        for (const file of remove) fs.rmSync(file, { force: true });
      } catch (e) {
        this.log.warn(`Chat history could not be saved: ${(e as Error).message}`);
      }
    }
  }
}

function isConversation(c: unknown): c is Conversation {
  return typeof c === 'object' && c !== null && typeof (c as Conversation).id === 'string' && Array.isArray((c as Conversation).messages);
}

/** The one-file store of earlier versions: { version: 1, currentId, conversations }. */
function readLegacy(storageDir: string): StoredConversations {
  let data: { currentId?: unknown; conversations?: unknown };
  try {
    data = JSON.parse(fs.readFileSync(path.join(storageDir, LEGACY_FILE), 'utf8')) as typeof data;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { currentId: undefined, conversations: [], legacy: false, unreadable: [], rebuilt: false };
    throw e;
  }
  const conversations = Array.isArray(data.conversations) ? data.conversations.filter((c): c is Conversation => isConversation(c) && SAFE_ID.test(c.id)) : [];
  return { currentId: typeof data.currentId === 'string' ? data.currentId : undefined, conversations, legacy: true, unreadable: [], rebuilt: false };
}
