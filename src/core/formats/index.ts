// Endpoint → wire-format decoder.

import type { Endpoint } from '../types';
import type { WireFormat } from './format';
import { openaiChat, writerChat } from './chat';
import { genericGenerate } from './generic';
import { writerApplication, writerCompletions, writerGraphQuestion } from './writer';

export const FORMATS: Record<Endpoint, WireFormat> = {
  'writer.chat': writerChat,
  'writer.completions': writerCompletions,
  'writer.graph-question': writerGraphQuestion,
  'writer.application': writerApplication,
  'openai.chat': openaiChat,
  'generic.generate': genericGenerate,
};

export type { WireFormat, DecodeState, Json } from './format';
