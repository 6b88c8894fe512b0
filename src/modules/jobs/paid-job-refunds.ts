import type { EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta } from '../../common/auth/auth-context.js';
import type { Job } from './job.entity.js';

/**
 * Cancelling a paid job starts a refund. Jobs cannot depend on Payments (Payments depends on Jobs), so
 * the payments module provides this (globally) and JobAssignmentService calls it inside its transaction,
 * with the job row already locked.
 */
export abstract class PaidJobRefunds {
  /** Requests the refund at PesaPal; throws (changing nothing) when it cannot be requested. */
  abstract refundForCancellation(
    em: EntityManager,
    job: Job,
    actor: AuthContext,
    reason: string,
    meta: RequestMeta,
  ): Promise<void>;
}
