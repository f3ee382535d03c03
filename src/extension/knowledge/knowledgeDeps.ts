// Everything the two commands share, built once in registerKnowledge.
import type { ChatSurface, Services } from '../services';
import type { LastGraphs } from './lastGraphs';
import type { Notifier } from './notifier';
import type { PromptTracker } from './prompts';
import type { KnowledgeTurns } from './knowledgeTurns';

export interface KnowledgeDeps {
  services: Services;
  chat: ChatSurface;
  notifier: Notifier;
  prompts: PromptTracker;
  lastGraphs: LastGraphs;
  turns: KnowledgeTurns;
}
