/**
 * Every domain event, by type. A module publishes only events about its own aggregates and subscribes
 * (DomainEvents.on) to others' — the event is the contract between them, so neither imports the other's
 * entities. Add an event here when a state change of yours must cause a change in another module.
 */
/** Why a job was cancelled, where it counts for something beyond the cancellation itself. */
export type JobCancelCause = 'no_show' | 'late_withdrawal';

export type DomainEvent =
  /** A professional created or replaced their profile (the profession may have changed): re-verify them. */
  | { type: 'professional.profile_saved'; userId: string }
  | {
      type: 'payment.completed';
      paymentId: string;
      jobId: string;
      payerId: string;
      amount: number;
      currency: string;
      confirmationCode: string | null;
    }
  | {
      type: 'payment.reversed';
      paymentId: string;
      jobId: string;
      payerId: string;
      amount: number;
      currency: string;
    }
  /** A job is paid for and held by a professional: a shift to confirm, attend and account for. */
  | {
      type: 'job.booked';
      jobId: string;
      institutionId: string;
      professionalId: string;
      startsAt: Date;
      endsAt: Date;
    }
  /**
   * A paid job is about to complete because its institution (or the timesheet sweep, `actorId: null`)
   * confirmed it: what was actually worked is settled first (an approved timesheet under the plan returns
   * the rest to the institution), before `job.completed` earns on what escrow then holds.
   */
  | { type: 'job.completing'; jobId: string; actorId: string | null }
  | {
      type: 'job.completed';
      jobId: string;
      institutionId: string;
      professionalId: string | null;
      /** The commission frozen on the job at acceptance. */
      commissionBps: number;
      /** Who completed it: the institution, an admin resolving a dispute, or null (a sweep). */
      actorId: string | null;
    }
  /**
   * Money of a payment is about to go back (a refund requested, or PesaPal reversing it): earnings made on
   * its job move back to escrow first, or the refund is refused if they were paid out.
   */
  | { type: 'payment.refund_started'; paymentId: string; jobId: string; amount: number }
  | {
      type: 'job.cancelled';
      jobId: string;
      institutionId: string;
      professionalId: string | null;
      /** The state the job left: a `paid` job is refunded by the payments module. */
      from: string;
      actorId: string | null;
      reason: string;
      /** Set when an admin refunds a payment: how much and why; otherwise the whole payment is refunded. */
      refund?: { paymentId: string; amount?: number; remarks: string };
      /**
       * `no_show`: the institution reported that the professional did not come (no compensation, full
       * refund, counted against the professional's reliability).
       */
      cause?: JobCancelCause;
      /**
       * A late cancellation of a booked shift (cancellation-policy.ts): the professional earns `amount` of the
       * escrow (less the commission frozen on the job) and only the rest goes back to the institution.
       */
      compensation?: { amount: number; commissionBps: number };
    }
  /** The institution reported that the booked professional did not come (the job is cancelled with it). */
  | { type: 'shift.no_show'; jobId: string; professionalId: string; at: Date }
  /** The assigned professional withdrew: the job is open again (a paid one keeps its payment in escrow). */
  | { type: 'job.withdrawn'; jobId: string; professionalId: string; late: boolean; at: Date }
  /** An account's status moved (UserTransitions): auth refuses or admits its tokens from then on. */
  | { type: 'user.status_changed'; userId: string; from: UserStatusName; to: UserStatusName }
  /**
   * A reliability event that counts was recorded for the professional (completed, late withdrawal, no-show,
   * no-show overturned): their score may have changed. No score in the event: a handler that keeps a copy
   * locks its row first and then reads the score, so concurrent events for one professional cannot leave
   * it stale (ReliabilityService.scoreOf).
   */
  | { type: 'reliability.changed'; professionalId: string };

/** users.status, spelled out here so events need not import the users module. */
export type UserStatusName = 'active' | 'suspended' | 'deleted';

export type DomainEventType = DomainEvent['type'];
