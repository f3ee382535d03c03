// Everything the two commands share, built once in registerKnowledge.
import type { ChatSurface, Notifier, Services } from '../services';
import type { LastGraphs } from './lastGraphs';
import type { KnowledgeTurns } from './knowledgeTurns';

export interface KnowledgeDeps {
  services: Services;
  chat: ChatSurface;
  notifier: Notifier;
  lastGraphs: LastGraphs;
  turns: KnowledgeTurns;
}
