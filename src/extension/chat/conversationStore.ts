// Conversations persisted as one JSON file under the extension's global storage (never the key,
// never settings). Writes are throttled while an answer streams, so a crash keeps what arrived,
// and atomic (temp file + rename), so a crash during a write never corrupts the file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConversationSummary } from '../../shared/webviewProtocol';
import { createConversation, type Conversation, type ConversationDefaults } from './conversationModel';

interface StoreFile {
  version: 1;
  currentId: string | undefined;
  conversations: Conversation[];
}

export class ConversationStore {
  private conversations: Conversation[] = [];
  private currentId: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  readonly file: string;

  constructor(
    storageDir: string,
    private readonly defaults: () => ConversationDefaults,
    private readonly log: { warn(message: string): void },
    private readonly throttleMs = 400,
  ) {
    this.file = path.join(storageDir, 'conversations.json');
    this.load();
  }

  private load(): void {
    try {
      const data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Partial<StoreFile>;
      if (Array.isArray(data.conversations)) this.conversations = data.conversations.filter((c) => c && typeof c.id === 'string' && Array.isArray(c.messages));
      this.currentId = typeof data.currentId === 'string' ? data.currentId : undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.log.warn(`Chat history could not be read (${(e as Error).message}); starting empty.`);
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
      this.currentId = c.id;
      return c;
    }
    return this.create();
  }

  create(): Conversation {
    const c = createConversation(this.defaults());
    this.conversations.push(c);
    this.currentId = c.id;
    this.save();
    return c;
  }

  setCurrent(id: string): boolean {
    if (!this.get(id)) return false;
    this.currentId = id;
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
    this.conversations = this.conversations.filter((c) => c.id !== id);
    if (this.currentId === id) this.currentId = this.list()[0]?.id;
    this.save();
  }

  /** Call after changing a conversation; saves soon (throttled). */
  touched(c: Conversation, immediately = false): void {
    c.updatedAt = Date.now();
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

  private write(): Promise<void> {
    // Serialise now (the snapshot), write after any write in progress.
    const data: StoreFile = { version: 1, currentId: this.currentId, conversations: this.conversations };
    const json = JSON.stringify(data);
    this.writing = this.writing.then(async () => {
      try {
        await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
        const tmp = `${this.file}.${process.pid}.tmp`;
        await fs.promises.writeFile(tmp, json, 'utf8');
        await fs.promises.rename(tmp, this.file);
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
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        fs.writeFileSync(this.file, JSON.stringify({ version: 1, currentId: this.currentId, conversations: this.conversations }), 'utf8');
      } catch (e) {
        this.log.warn(`Chat history could not be saved: ${(e as Error).message}`);
      }
    }
  }
}
