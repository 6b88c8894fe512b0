import { createServer, type Server, type Socket, connect } from 'node:net';
import { startTestApp, type TestApp } from './test-app.js';
import { createTestDatabase } from './test-database.js';

/**
 * A TCP proxy in front of PostgreSQL that a test can cut: `cut()` drops every connection and refuses
 * new ones, which is what the app sees when its database goes away; `restore()` lets traffic through.
 * `freeze()` silently stops forwarding on every connection (a network that drops packets without a word),
 * and drops the frozen connections on `thaw()` so that only new ones carry traffic.
 */
export class CuttableTcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private frozen = false;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      // A connection opened while frozen goes nowhere either (it is dropped on thaw).
      if (!this.frozen) client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this.port;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  freeze(): void {
    this.frozen = true;
    // Unpiped, with nothing else reading, a socket stops reading: its bytes wait unanswered.
    for (const socket of this.sockets) socket.unpipe();
  }

  thaw(): void {
    for (const socket of this.sockets) socket.destroy();
    this.frozen = false;
  }

  /** Listens again on the same port. */
  async restore(): Promise<void> {
    await this.start();
  }
}

/** An app whose database connection runs through a proxy the test can cut and restore. */
export interface AppWithCuttableDatabase {
  t: TestApp;
  database: CuttableTcpProxy;
  close(): Promise<void>;
}

export async function startAppWithCuttableDatabase(): Promise<AppWithCuttableDatabase> {
  const db = await createTestDatabase();
  const target = new URL(db.url);
  const database = new CuttableTcpProxy(target.hostname, Number(target.port || 5432));
  const viaProxy = new URL(db.url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(await database.start());
  const t = await startTestApp({ database: db, databaseUrl: viaProxy.toString() });
  return {
    t,
    database,
    close: async () => {
      await t.close();
      await database.cut();
      await db.drop();
    },
  };
}
