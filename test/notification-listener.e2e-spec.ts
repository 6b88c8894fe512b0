import { NotificationListener } from '../src/database/notification-listener.js';
import { CuttableTcpProxy } from './helpers/tcp-proxy.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';

const CHANNEL = 'qgig_listener_test';
const NAME = 'qgig-listener-test';

/** The generic LISTEN connection under the deny-list, against a real PostgreSQL behind a proxy. */
describe('NotificationListener', () => {
  let db: TestDatabase;
  let proxy: CuttableTcpProxy;
  let url: string;
  let listener: NotificationListener | undefined;
  const received: string[] = [];
  const events: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const target = new URL(db.url);
    proxy = new CuttableTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(await proxy.start());
    url = viaProxy.toString();
  });
  afterEach(async () => {
    await listener?.stop();
    received.length = 0;
    events.length = 0;
  });
  afterAll(async () => {
    await proxy.cut();
    await db.drop();
  });

  function start(onListening: () => Promise<void> = async () => undefined): NotificationListener {
    listener = new NotificationListener({
      url,
      channel: CHANNEL,
      applicationName: NAME,
      onNotification: (payload) => received.push(payload),
      onListening: async () => {
        events.push('listening');
        await onListening();
      },
      onDown: () => events.push('down'),
    });
    listener.start();
    return listener;
  }

  const notify = async (payload: string): Promise<void> => {
    await db.pool.query(`SELECT pg_notify($1, $2)`, [CHANNEL, payload]);
  };

  it('listens before it loads: a notice sent during onListening is delivered, then every later one', async () => {
    const up = start(() => notify('during the load'));
    await until(() => up.up);
    await notify('after');
    await until(() => received.length === 2);
    expect(received).toEqual(['during the load', 'after']);
    const { rows } = await db.pool.query(`SELECT application_name FROM pg_stat_activity WHERE pid = $1`, [
      up.backendPid,
    ]);
    expect(rows).toEqual([{ application_name: NAME }]);
  });

  it('a failing load is retried on a new connection', async () => {
    let attempts = 0;
    const up = start(async () => {
      if (++attempts < 3) throw new Error('the snapshot could not be read');
    });
    await until(() => up.up);
    expect(attempts).toBe(3);
    expect(events.filter((e) => e === 'listening')).toHaveLength(3);
  });

  it('notices a connection that went silent (no echo within seconds), and reconnects once it can', async () => {
    const up = start();
    await until(() => up.up);
    const pid = up.backendPid;
    const frozenAt = Date.now();
    proxy.freeze();
    await until(() => !up.up, 15_000);
    // An echo every 3 s, given 2 s to come back.
    expect(Date.now() - frozenAt).toBeLessThan(6_000);
    expect(events.at(-1)).toBe('down');
    proxy.thaw();
    await until(() => up.up, 15_000);
    expect(up.backendPid).not.toBe(pid);
  }, 40_000);

  it('stops cleanly: no connection left behind, no reconnection', async () => {
    const up = start();
    await until(() => up.up);
    await up.stop();
    expect(up.up).toBe(false);
    const listening = async () =>
      (
        await db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`,
          [NAME],
        )
      ).rows[0].n;
    // The server notices the goodbye a moment after the client has sent it.
    for (let i = 0; i < 50 && (await listening()) > 0; i++) await sleep(20);
    expect(await listening()).toBe(0);
    await sleep(300);
    expect(await listening()).toBe(0);
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not so after ${timeoutMs} ms`);
    await sleep(20);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
