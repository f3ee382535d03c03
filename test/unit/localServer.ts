// node:test hooks shared by the unit files that talk to the local streaming server over real HTTP.
import { after, before } from 'node:test';
import { closeDispatchers } from '../../src/core';
import { startStreamingServer, type StreamingServer } from '../server';

/** Starts the local streaming server before the file's tests (handed to `use`); after them closes it and the core's dispatchers. */
export function withStreamingServer(use: (server: StreamingServer) => void): void {
  let server: StreamingServer | undefined;
  before(async () => {
    server = await startStreamingServer();
    use(server);
  });
  after(async () => {
    await server?.close();
    await closeDispatchers();
  });
}
