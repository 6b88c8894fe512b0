import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import pg from 'pg';

export interface NotificationListenerOptions {
  /** The app's DATABASE_URL (the same settings as its pool). */
  url: string;
  /** A constant lower-case identifier: it is written into `LISTEN <channel>` as is. */
  channel: string;
  /** How the connection shows in pg_stat_activity. */
  applicationName: string;
  /** Every payload on the channel, in commit order. */
  onNotification(payload: string): void;
  /**
   * Runs after every (re)connection's LISTEN, before the listener counts as up: the moment to reload whatever
   * the notifications keep current, since those sent while no connection listened are lost. Throwing drops
   * the connection and retries.
   */
  onListening(): Promise<void>;
  /** The connection is gone (or a reload failed): whatever the notifications keep current is now stale. */
  onDown(): void;
}

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;
/**
 * A connection that dies without a word (a NAT or firewall dropping an idle flow) delivers no notifications
 * and no error, and one through a transaction pooler (PgBouncer's transaction mode) LISTENs on a server
 * connection it does not keep. So every few seconds the listener notifies itself on a channel of its own
 * and counts as down unless that echo comes back.
 */
const ECHO_EVERY_MS = 3_000;
const ECHO_TIMEOUT_MS = 2_000;
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * One dedicated connection (never from the pool: a pooled connection's LISTEN would leak to whoever borrows
 * it next) that LISTENs on a channel and, when it is lost, reconnects with a capped backoff (100 ms doubling
 * to 5 s) and calls `onListening` again.
 */
export class NotificationListener {
  private readonly logger: Logger;
  private client: pg.Client | undefined;
  private stopped = true;
  private isUp = false;
  private pid: number | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private wakeRetry: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  /** Ends the current connection (stop). */
  private dropCurrent: (() => void) | undefined;
  /** The last connection's end(), awaited by stop so nothing is left open behind it. */
  private closing: Promise<void> | undefined;

  constructor(private readonly options: NotificationListenerOptions) {
    this.logger = new Logger(`NotificationListener:${options.channel}`);
  }

  /** Connected, listening, heard its own echo, and `onListening` has finished since the last connection. */
  get up(): boolean {
    return this.isUp;
  }

  /** The server process of the current connection (for pg_terminate_backend in tests and by operators). */
  get backendPid(): number | undefined {
    return this.pid;
  }

  /** Connects in the background; returns at once. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.wakeRetry?.();
    this.dropCurrent?.();
    await this.loop;
    await this.closing;
  }

  private async run(): Promise<void> {
    let retryMs = FIRST_RETRY_MS;
    while (!this.stopped) {
      const ended = await this.connect().catch((error: unknown) => {
        if (!this.stopped) this.logger.warn({ err: error }, 'Could not listen for notifications');
        return undefined;
      });
      if (ended) {
        retryMs = FIRST_RETRY_MS;
        await ended;
      }
      this.markDown();
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        this.wakeRetry = resolve;
        this.retryTimer = setTimeout(resolve, retryMs);
      });
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    }
  }

  /** Resolves once listening and loaded, with a promise of the connection's end; rejects if either fails. */
  private async connect(): Promise<Promise<void>> {
    const { channel } = this.options;
    const echoChannel = `${channel}_echo_${randomBytes(6).toString('hex')}`;
    const echoes = new Map<string, () => void>();
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: this.options.applicationName,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
    });
    this.client = client;
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const drop = (why: string, error?: unknown) => {
      if (this.client !== client) return;
      const wasUp = this.isUp;
      this.client = undefined;
      this.markDown();
      if (wasUp && !this.stopped) this.logger.warn({ err: error }, `Stopped listening: ${why}; reconnecting`);
      // On a half-open socket end() may never finish: only stop waits for it, and not for long.
      this.closing = Promise.race([client.end().catch(() => undefined), delay(1_000)]);
      end();
    };
    this.dropCurrent = () => drop('stopping');
    client.on('error', (error) => drop('connection error', error));
    client.on('end', () => drop('connection closed'));
    client.on('notification', (message) => {
      if (this.client !== client || !message.payload) return;
      if (message.channel === channel) this.options.onNotification(message.payload);
      else if (message.channel === echoChannel) echoes.get(message.payload)?.();
    });
    let echoCount = 0;
    const echo = async () => {
      const nonce = String(++echoCount);
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          new Promise<void>((resolve) => echoes.set(nonce, resolve)),
          client.query('SELECT pg_notify($1, $2)', [echoChannel, nonce]).then(() => new Promise(() => {})),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('no echo of a notification')), ECHO_TIMEOUT_MS);
          }),
        ]);
      } finally {
        clearTimeout(timer);
        echoes.delete(nonce);
      }
    };

    let pid: number;
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      await client.query(`LISTEN ${echoChannel}`);
      pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      await echo();
      await this.options.onListening();
    } catch (error) {
      drop('start-up failed', error);
      throw error;
    }
    if (this.client !== client) throw new Error('the connection was lost while loading');
    this.pid = pid;
    this.isUp = true;
    this.logger.log(`Listening on ${channel} (backend ${pid})`);
    const timer = setInterval(() => {
      if (this.client !== client) return clearInterval(timer);
      echo().catch((error: unknown) => drop('no echo', error));
    }, ECHO_EVERY_MS);
    timer.unref();
    return ended;
  }

  private markDown(): void {
    this.isUp = false;
    this.pid = undefined;
    this.options.onDown();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
