// The "Stream Assist" log: one line per request from the core's RequestLog summary, bodies only
// at trace level, and every line scrubbed of the key as a last line of defence.
import * as vscode from 'vscode';
import { createRedactor } from '../../core';
import type { RequestLog } from '../../core/types';
import { formatSummary } from './logFormat';

export function createLogChannel(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Stream Assist', { log: true });
}

/** A RequestLog for one request; `trace` is offered only at trace level, so the core skips building bodies otherwise. */
export function requestLogFor(channel: vscode.LogOutputChannel, secrets: readonly string[]): RequestLog {
  const redact = createRedactor(...secrets);
  const log: RequestLog = {
    request(summary) {
      const line = redact(formatSummary(summary));
      if (summary.outcome === 'error') channel.warn(line);
      else channel.info(line);
    },
  };
  if (channel.logLevel === vscode.LogLevel.Trace) log.trace = (message) => channel.trace(redact(message));
  return log;
}
