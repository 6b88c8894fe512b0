import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface PaymentsBacklog {
  pending: number;
  oldestPendingSeconds: number;
  reconciliationLagSeconds: number;
}

/**
 * The payments backlog the metrics report. It reads payments' `transactions` table, so it belongs to the
 * payments module: kept here, on its own, until payments has a repository to move it into (exposed as a
 * PaymentsService method).
 */
@Injectable()
export class PaymentsBacklogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // Each subquery is answered from a partial index on status = 'pending' (transactions_pending_next_check_at_idx,
  // transactions_status_created_at_idx), so this stays cheap however many settled payments pile up. Ages are
  // 0 when nothing qualifies.
  async paymentsBacklog(): Promise<PaymentsBacklog> {
    const [row] = await this.dataSource.query<
      { pending: number; oldest_pending_seconds: number; reconciliation_lag_seconds: number }[]
    >(
      `SELECT
         (SELECT count(*) FROM transactions WHERE status = 'pending')::int AS pending,
         (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)
            FROM transactions WHERE status = 'pending')::float8 AS oldest_pending_seconds,
         (SELECT coalesce(extract(epoch FROM now() - min(next_check_at)), 0)
            FROM transactions
           WHERE status = 'pending' AND order_tracking_id IS NOT NULL AND next_check_at <= now())::float8
           AS reconciliation_lag_seconds`,
    );
    return {
      pending: row.pending,
      oldestPendingSeconds: row.oldest_pending_seconds,
      reconciliationLagSeconds: row.reconciliation_lag_seconds,
    };
  }
}
