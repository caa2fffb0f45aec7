import { createRequire } from 'node:module';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The driver's own connection class: the defect is below anything its public API can reach on cue.
const require = createRequire(import.meta.url);
const { makeConnection } = require('mongodb/lib/cmap/connect') as {
  makeConnection(options: object, socket: net.Socket): { command(ns: unknown, cmd: object, options: object): Promise<unknown> };
};
const { ns } = require('mongodb/lib/utils') as { ns(namespace: string): unknown };

let server: net.Server;
beforeAll(async () => {
  server = net.createServer((socket) => socket.resume());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the patched MongoDB driver (patches/mongodb+7.9.0.patch)', () => {
  it('fails a command at once on a socket Node has destroyed before its close event, instead of waiting for ever', async () => {
    const { port } = server.address() as net.AddressInfo;
    for (let round = 0; round < 20; round++) {
      const socket = net.connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      const connection = makeConnection({ id: round, generation: 0, hostAddress: { toString: () => 'test' } }, socket);
      // What Node does when the server closes the connection: destroyed now, 'close' on a later tick.
      // Unpatched, the heartbeat sent in that window waited for a 'drain' that never comes, and
      // the app answered 503 until restarted (docs/database.md, "the stuck monitor").
      socket.destroy();
      const outcome = await Promise.race([
        connection.command(ns('admin.$cmd'), { hello: 1 }, { socketTimeoutMS: 500 }).then(
          () => 'answered',
          (error: Error) => `${error.name}: ${error.message}`,
        ),
        new Promise((resolve) => setTimeout(() => resolve('still waiting after 2 s'), 2000)),
      ]);
      expect(outcome).toBe(`MongoNetworkError: connection ${round} to 127.0.0.1:${port} closed`);
    }
  });
});
