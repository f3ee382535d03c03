// What the progress notification says while a Knowledge Graph answer or an agent streams.
// Pure (no vscode): fed the tapped events, returns the line to show.
import type { StreamEvent } from '../../core';
import type { Feature } from './knowledgeMessages';
import { truncate } from '../../shared/text';

export class ProgressText {
  private chars = 0;
  private sources = 0;
  private readonly stageIds = new Set<string>();
  private lastStage = '';
  private retry: string | undefined;

  constructor(private readonly feature: Feature) {}

  /** Characters of answer so far (also what "partial answer kept" refers to). */
  get answerChars(): number {
    return this.chars;
  }

  update(event: StreamEvent): void {
    switch (event.type) {
      case 'text':
        this.chars += event.text.length;
        this.retry = undefined;
        break;
      case 'sources':
        this.sources += event.sources.length;
        break;
      case 'stage':
        this.stageIds.add(event.stage.id);
        this.lastStage = firstLine(event.stage.content);
        break;
      case 'retrying':
        this.retry = `Retrying in ${Math.ceil(event.delayMs / 1000)} s (attempt ${event.attempt}): ${event.error.message}`;
        break;
      case 'open':
        this.retry = undefined;
        break;
      default:
        break;
    }
  }

  text(): string {
    if (this.retry) return this.retry;
    const count = `${this.chars.toLocaleString('en-US')} characters`;
    if (this.feature === 'knowledge-graph') {
      if (this.chars === 0) return 'Searching the graphs…';
      return this.sources > 0 ? `Answering… ${count}, ${this.sources} sources` : `Answering… ${count}`;
    }
    if (this.chars > 0) return `Writing… ${count}`;
    if (this.stageIds.size > 0) return `Stage ${this.stageIds.size}: ${this.lastStage}`;
    return 'Starting the agent…';
  }
}

function firstLine(s: string, max = 60): string {
  return truncate(s.trim().split('\n', 1)[0] ?? '', max);
}
