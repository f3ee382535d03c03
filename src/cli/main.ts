// Command-line front end over the streaming core (bundled to dist/cli.js; `npm run cli -- …`).
// Plain mode: answer text (or a refusal) to stdout as it arrives; reasoning, set apart, and progress
// (retries, stages, sources) to stderr (plainOutput.ts).
// --json: one normalized event per line (`reasoning` and `refusal` included), then {"type":"result", …}.
// Exit 0 success, 1 error (message and action on stderr), 2 usage, 3 the model refused, 130 Ctrl-C.
import { startStream, type RequestSummary, type StreamResult } from '../core';
import { parseArgs, UsageError, USAGE, type CliOptions } from './args';
import { PlainOutput } from './plainOutput';
import { messageOf } from '../shared/text';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\n$/, '');
}

function write(stream: NodeJS.WriteStream, text: string): void {
  stream.write(text);
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

  const plain = new PlainOutput(
    (t) => write(process.stdout, t),
    (t) => write(process.stderr, t),
    { color: Boolean(process.stderr.isTTY) && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb' },
  );
  for await (const event of handle.events) {
    if (options.json) write(process.stdout, `${JSON.stringify(event)}\n`);
    else plain.handle(event);
  }
  plain.finish();
  const result: StreamResult = await handle.result;
  process.off('SIGINT', onSigint);

  if (options.json) write(process.stdout, `${JSON.stringify({ type: 'result', ...result })}\n`);
  else if (process.stdout.isTTY && plain.lastStdout && !plain.lastStdout.endsWith('\n')) write(process.stdout, '\n');
  if (options.verbose) for (const s of summaries) write(process.stderr, `${JSON.stringify(s)}\n`);

  if (interrupted || result.error?.kind === 'cancelled') {
    if (!options.json) write(process.stderr, 'Cancelled.\n');
    return 130;
  }
  if (result.error) {
    write(process.stderr, `Error (${result.error.kind}${result.error.status ? ` ${result.error.status}` : ''}): ${result.error.message}\n${result.error.action}\n`);
    return 1;
  }
  // A refusal is an answer, but not the one asked for: scripts can tell by the status.
  return result.refusal !== null ? 3 : 0;
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
  write(process.stderr, `Error: ${messageOf(err)}\n`);
  exit(1);
});
