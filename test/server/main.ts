// Standalone server for the demo and manual checks:
//   node out/test/server/main.js [--port N] [--api-key K] [--rate N] [--tls]
// Prints one JSON line {"url": …} and serves until SIGINT/SIGTERM.
import { startStreamingServer } from './index';

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const port = flag('--port');
  const rate = flag('--rate');
  const server = await startStreamingServer({
    port: port ? Number(port) : undefined,
    apiKey: flag('--api-key'),
    tokensPerSecond: rate ? Number(rate) : undefined,
    tls: process.argv.includes('--tls'),
  });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
