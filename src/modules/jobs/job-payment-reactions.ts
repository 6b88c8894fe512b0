import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvents } from '../../common/events/domain-events.js';
import { AuditService } from '../audit/audit.service.js';
import { JobCancellationService } from './job-cancellation.service.js';
import { JobTransitions } from './job.transitions.js';
import { JobsRepository } from './jobs.repository.js';

/**
 * What a job does when its payment changes, inside the payment's transaction (the payments module locks
 * the job before the payment, so these find it already locked): completed → the job is paid; reversed by
 * PesaPal → a paid job is cancelled.
 */
@Injectable()
export class JobPaymentReactions implements OnModuleInit {
  private readonly logger = new Logger(JobPaymentReactions.name);

  constructor(
    private readonly events: DomainEvents,
    private readonly repository: JobsRepository,
    private readonly transitions: JobTransitions,
    private readonly cancellation: JobCancellationService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.events.on('payment.completed', (em, event) => this.paid(em, event.jobId, event.paymentId));
    this.events.on('payment.reversed', (em, event) => this.cancellation.cancelForReversal(em, event.jobId));
  }

  private async paid(em: EntityManager, jobId: string, paymentId: string): Promise<void> {
    const job = await this.repository.lockById(em, jobId);
    if (job?.status === 'accepted') {
      await this.transitions.transition(em, jobId, 'paid', { userId: null });
      return;
    }
    // Paid after the job moved on (e.g. cancelled while the payer was on PesaPal's page): an admin refunds.
    this.logger.warn(
      { transactionId: paymentId, jobStatus: job?.status },
      'Payment completed for a job that is not accepted',
    );
    await this.audit.record(
      {
        action: 'payment.needs_refund',
        actorId: null,
        target: { type: 'transaction', id: paymentId },
        details: { jobStatus: job?.status },
      },
      em,
    );
  }
}
