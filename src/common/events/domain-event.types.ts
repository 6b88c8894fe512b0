/**
 * Every domain event, by type. A module publishes only events about its own aggregates and subscribes
 * (DomainEvents.on) to others' — the event is the contract between them, so neither imports the other's
 * entities. Add an event here when a state change of yours must cause a change in another module.
 */
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
    };

export type DomainEventType = DomainEvent['type'];
