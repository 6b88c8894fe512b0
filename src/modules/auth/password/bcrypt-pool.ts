import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../../../common/errors/domain-error.js';

export interface BcryptPoolOptions {
  /** Worker threads hashing at once. */
  threads: number;
  /** Hashes waiting for a thread past which a new one is refused (503 + Retry-After). */
  maxWaiting: number;
  /** The threads' nice value (0–19): above 0, hashing only gets the CPU serving requests leaves. */
  nice: number;
  /** A thread idle this long stops (each holds ~15 MB); the next hash starts one again. */
  idleStopMs?: number;
}

const IDLE_STOP_MS = 10_000;

type Task =
  { kind: 'hash'; password: string; cost: number } | { kind: 'verify'; password: string; hash: string };
interface Pending {
  task: Task;
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
}

const RETRY_AFTER_SECONDS = 2;

// Runs in each worker thread (eval'd, so it works the same from src/ under the tests and from dist/).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
require('node:os').setPriority(0, workerData.nice);
const { hashSync, verifySync } = require(workerData.bcryptPath);
parentPort.on('message', (task) => {
  try {
    const value = task.kind === 'hash' ? hashSync(task.password, task.cost) : verifySync(task.password, task.hash);
    parentPort.postMessage({ value });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
});`;

/**
 * bcrypt (cost 12: a quarter of a second of CPU each) in a few worker threads of lower CPU priority, with a
 * short queue. A burst of sign-ins then uses the CPU the other requests leave instead of taking it from
 * them, and past the queue a sign-in is refused at once with 503 and Retry-After rather than waiting for
 * seconds. On Linux a thread's nice value is its own, so only these threads are lowered.
 */
export class BcryptPool {
  private readonly idle: Worker[] = [];
  private readonly idleTimers = new Map<Worker, NodeJS.Timeout>();
  private readonly busy = new Map<Worker, Pending>();
  private readonly waiting: Pending[] = [];
  private readonly bcryptPath = createRequire(import.meta.url).resolve('@node-rs/bcrypt');
  private started = 0;

  constructor(private readonly options: BcryptPoolOptions) {}

  hash(password: string, cost: number): Promise<string> {
    return this.run({ kind: 'hash', password, cost }) as Promise<string>;
  }

  verify(password: string, hash: string): Promise<boolean> {
    return this.run({ kind: 'verify', password, hash }) as Promise<boolean>;
  }

  /** Threads running now (started on demand, stopped when idle). */
  get threads(): number {
    return this.started;
  }

  async close(): Promise<void> {
    const workers = [...this.idle, ...this.busy.keys()];
    for (const timer of this.idleTimers.values()) clearTimeout(timer);
    this.idleTimers.clear();
    this.idle.length = 0;
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private run(task: Task): Promise<string | boolean> {
    return new Promise((resolve, reject) => {
      const pending = { task, resolve, reject };
      const worker =
        this.takeIdle() ?? (this.started < this.options.threads ? this.startWorker() : undefined);
      if (worker) return this.dispatch(worker, pending);
      if (this.waiting.length >= this.options.maxWaiting) {
        return reject(
          new DomainError(
            'OVERLOADED',
            `Too many sign-ins at this moment; retry in ${RETRY_AFTER_SECONDS} s. Nothing was changed.`,
            { retryAfterSeconds: RETRY_AFTER_SECONDS },
          ),
        );
      }
      this.waiting.push(pending);
    });
  }

  private dispatch(worker: Worker, pending: Pending): void {
    this.busy.set(worker, pending);
    worker.ref();
    worker.postMessage(pending.task);
  }

  private startWorker(): Worker {
    this.started++;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { nice: this.options.nice, bcryptPath: this.bcryptPath },
    });
    worker.on('message', (message: { value?: string | boolean; error?: string }) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      if (message.error !== undefined) pending?.reject(new Error(`bcrypt: ${message.error}`));
      else pending?.resolve(message.value!);
      this.release(worker);
    });
    worker.on('error', (error) => {
      this.busy.get(worker)?.reject(error);
      this.busy.delete(worker);
    });
    worker.on('exit', () => {
      this.started--;
      this.busy.get(worker)?.reject(new Error('bcrypt worker stopped'));
      this.busy.delete(worker);
      const index = this.idle.indexOf(worker);
      if (index >= 0) this.idle.splice(index, 1);
    });
    return worker;
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) return this.dispatch(worker, next);
    worker.unref();
    this.idle.push(worker);
    const stop = setTimeout(() => {
      this.idleTimers.delete(worker);
      const index = this.idle.indexOf(worker);
      if (index >= 0) this.idle.splice(index, 1);
      void worker.terminate();
    }, this.options.idleStopMs ?? IDLE_STOP_MS);
    stop.unref();
    this.idleTimers.set(worker, stop);
  }

  private takeIdle(): Worker | undefined {
    const worker = this.idle.pop();
    if (worker) {
      clearTimeout(this.idleTimers.get(worker));
      this.idleTimers.delete(worker);
    }
    return worker;
  }
}
