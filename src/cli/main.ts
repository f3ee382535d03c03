// Command-line front end over the streaming core (bundled to dist/cli.js; `npm run cli -- …`).
// Plain mode: answer text to stdout as it arrives, progress (retries, stages, sources) to stderr.
// --json: one normalized event per line, then {"type":"result", …accumulated result}.
// Exit 0 success, 1 error (message and action on stderr), 2 usage, 130 Ctrl-C (request aborted).
import { startStream, type RequestSummary, type StreamEvent, type StreamResult } from '../core';
import { parseArgs, UsageError, USAGE, type CliOptions } from './args';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\n$/, '');
}

function write(stream: NodeJS.WriteStream, text: string): void {
  stream.write(text);
}

/** Progress lines for plain mode, so stdout stays exactly the answer text. */
function describeOnStderr(event: StreamEvent): string | undefined {
  switch (event.type) {
    case 'retrying':
      return `Retrying in ${(event.delayMs / 1000).toFixed(1)} s (attempt ${event.attempt}): ${event.error.message}`;
    case 'stage':
      return `› ${event.stage.content}${event.stage.sources?.length ? ` (${event.stage.sources.join(', ')})` : ''}`;
    case 'title':
      return `Title: ${event.title}`;
    case 'sources':
      return event.sources.map((s) => `Source ${s.file_id}: ${s.snippet}`).join('\n');
    case 'subqueries':
      return event.subqueries.map((q) => `Subquery: ${q.query} → ${q.answer}`).join('\n');
    case 'graph-data': {
      const g = event.graphData;
      const lines = [...(g.subqueries ?? []).map((q) => `Subquery: ${q.query} → ${q.answer}`), ...(g.sources ?? []).map((s) => `Source ${s.file_id}: ${s.snippet}`)];
      return lines.length ? lines.join('\n') : undefined;
    }
    default:
      return undefined;
  }
}

async function run(options: CliOptions): Promise<number> {
  const summaries: RequestSummary[] = [];
  const handle = startStream(options.request, {
    ...options.connection,
    log: { request: (s) => summaries.push(s) },
  });

  let interrupted = false;
  const onSigint = (): void => {
    if (interrupted) process.exit(130); // second Ctrl-C: don't wait for anything
    interrupted = true;
    handle.abort();
  };
  process.on('SIGINT', onSigint);

  let lastText = '';
  for await (const event of handle.events) {
    if (options.json) {
      write(process.stdout, `${JSON.stringify(event)}\n`);
      continue;
    }
    if (event.type === 'text') {
      write(process.stdout, event.text);
      lastText = event.text;
    } else {
      const line = describeOnStderr(event);
      if (line) write(process.stderr, `${line}\n`);
    }
  }
  const result: StreamResult = await handle.result;
  process.off('SIGINT', onSigint);

  if (options.json) write(process.stdout, `${JSON.stringify({ type: 'result', ...result })}\n`);
  else if (process.stdout.isTTY && lastText && !lastText.endsWith('\n')) write(process.stdout, '\n');
  if (options.verbose) for (const s of summaries) write(process.stderr, `${JSON.stringify(s)}\n`);

  if (interrupted || result.error?.kind === 'cancelled') {
    if (!options.json) write(process.stderr, 'Cancelled.\n');
    return 130;
  }
  if (result.error) {
    // In a terminal the key comes from an environment variable, not from the extension's command.
    const action = result.error.kind === 'auth' ? `Put a valid API key in $${options.keyEnv} (or pick another variable with --api-key-env).` : result.error.action;
    write(process.stderr, `Error (${result.error.kind}${result.error.status ? ` ${result.error.status}` : ''}): ${result.error.message}\n${action}\n`);
    return 1;
  }
  return 0;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let options: CliOptions;
  try {
    options = parseArgs(argv, process.env);
    if (options.promptFromStdin) options = parseArgs(argv, process.env, await readStdin());
  } catch (err) {
    if (err instanceof UsageError) {
      if (err.message) write(process.stderr, `${err.message}\n\n`);
      write(err.message ? process.stderr : process.stdout, `${USAGE}\n`);
      return err.message ? 2 : 0;
    }
    throw err;
  }
  return run(options);
}

// Exit explicitly: idle keep-alive sockets must not keep a finished CLI alive. Flush stdout first.
const exit = (code: number): void => {
  process.stdout.write('', () => process.exit(code));
};
main().then(exit, (err: unknown) => {
  write(process.stderr, `Error: ${err instanceof Error ? err.message : String(err)}\n`);
  exit(1);
});
