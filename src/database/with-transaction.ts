import type { DataSource, EntityManager } from 'typeorm';

/**
 * Lock order. A transaction that locks rows of several aggregates takes them in this order, and within one
 * aggregate by ascending id:
 *
 *   job → payment (transactions) → payout → ledger account
 *
 * Two transactions that follow it cannot deadlock on each other; one that does not may still deadlock, and
 * is then retried once by withTransaction below, which only hides the mistake under light contention.
 */

/** 40P01 deadlock_detected, 40001 serialization_failure: PostgreSQL aborted us, and trying again may succeed. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);

/** Whether the error is a transaction PostgreSQL aborted for a retryable reason (TypeORM wraps the driver's). */
export function isRetryableTransactionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const driverError = (error as { driverError?: unknown }).driverError;
  const code = (driverError as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

/**
 * Runs `work` in a transaction (READ COMMITTED), once more if PostgreSQL aborts the first attempt with a
 * deadlock or serialization failure. `work` may therefore run twice: it must only touch the database through
 * `em` (no HTTP calls, no in-memory side effects) and stay short, because it holds a pooled connection.
 */
export async function withTransaction<T>(
  dataSource: DataSource,
  work: (em: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await dataSource.transaction(work);
  } catch (error) {
    if (!isRetryableTransactionError(error)) throw error;
    return dataSource.transaction(work);
  }
}
