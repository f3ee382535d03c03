// The local streaming server in its own process (forked with IPC), so a benchmark running in the
// extension host measures the extension, not the server sharing its event loop. Answers
// {type:'url'|'now'|'record'|'waitForClose'} messages; records are sent as plain data.
import { startStreamingServer } from '../../test/server';

interface Ask {
  seq: number;
  type: 'url' | 'now' | 'record' | 'waitForClose' | 'lastChat';
  id?: number;
}

async function main(): Promise<void> {
  const server = await startStreamingServer({ apiKey: process.env.SA_BENCH_KEY || 'bench-key' });
  process.on('message', (m: Ask) => {
    const reply = (value: unknown) => process.send?.({ seq: m.seq, value });
    switch (m.type) {
      case 'url':
        return reply(server.url);
      case 'now':
        return reply(server.now());
      case 'record':
        return reply(server.requests.find((r) => r.id === m.id));
      case 'lastChat':
        return reply([...server.requests].reverse().find((r) => r.path === '/v1/chat'));
      case 'waitForClose':
        server.waitForClose(m.id ?? 0, 10_000).then(reply, () => reply(null));
        return;
    }
  });
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
  process.send?.({ seq: 0, value: 'ready' });
}

void main();
