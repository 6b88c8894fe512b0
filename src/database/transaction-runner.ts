import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { withTransaction } from './with-transaction.js';

type AfterCommitTask = () => Promise<void>;

/** Tasks registered by the transaction that owns each manager; only a committed attempt's run. */
const afterCommitTasks = new WeakMap<EntityManager, AfterCommitTask[]>();

/**
 * Registers work to do once the transaction of `em` has committed and released its locks: the way a step
 * inside a transaction asks for a call that leaves the process (a PesaPal refund request) without making
 * it while rows are locked. Runs before TransactionRunner.run returns, in registration order; a task that
 * fails is logged, not thrown (the transaction has committed: whatever the task does must be something
 * reconciliation retries). Dropped if the transaction rolls back.
 */
export function afterCommit(em: EntityManager, task: AfterCommitTask): void {
  const tasks = afterCommitTasks.get(em);
  if (!tasks) throw new Error('afterCommit needs a transaction opened by TransactionRunner.run');
  tasks.push(task);
}

/**
 * The one way a service opens a transaction. Services never query through `em` themselves: they hand it to
 * repositories (their own module's) and to other modules' services, so everything a use case writes commits
 * or rolls back together. Retried once on deadlock or serialization failure (withTransaction), so `work` must
 * only touch the database and must not call anything outside the process (PesaPal, SMTP): do that with
 * afterCommit, or after `run` returns, with no row locked.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    let committed: EntityManager | undefined;
    const result = await withTransaction(this.dataSource, async (em) => {
      afterCommitTasks.set(em, []);
      committed = em;
      return work(em);
    });
    for (const task of (committed && afterCommitTasks.get(committed)) ?? []) {
      await task().catch((error: unknown) =>
        this.logger.error({ err: error }, 'An after-commit task failed'),
      );
    }
    return result;
  }
}
