import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../../../common/auth/auth-context.js';
import { DomainError } from '../../../common/errors/domain-error.js';
import type { PdfFile } from '../../../common/pdf/pdf-file.js';
import { kampalaYear } from '../../../common/time/kampala-calendar.js';
import { TransactionRunner } from '../../../database/transaction-runner.js';
import { InstitutionsService } from '../../institutions/institutions.service.js';
import { JobsService } from '../../jobs/jobs.service.js';
import { UsersService } from '../../users/users.service.js';
import { renderReceipt, type ReceiptView } from './receipt-pdf.js';
import { ReceiptsRepository, type ReceiptSource } from './receipts.repository.js';

/** `QG-2026-000042`: the year of completion (Kampala) and the payment's place in that year. */
export function receiptNumber(year: number, sequence: number): string {
  return `QG-${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * Receipts of completed payments. `issue` runs inside the completion's transaction (PaymentTransitions),
 * so a payment is completed with its receipt number or not at all: numbers are gapless per Kampala year.
 */
@Injectable()
export class ReceiptsService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly receipts: ReceiptsRepository,
    private readonly jobs: JobsService,
    private readonly institutions: InstitutionsService,
    private readonly users: UsersService,
  ) {}

  /**
   * Gives the payment its receipt number, in the caller's transaction (the payment row is locked by it, so
   * one payment cannot be numbered twice); a payment that holds a receipt keeps it. Returns the number.
   */
  async issue(em: EntityManager, paymentId: string, completedAt: Date): Promise<string> {
    const existing = await this.receipts.findNumber(em, paymentId);
    if (existing) return existing;
    const year = kampalaYear(completedAt);
    const number = receiptNumber(year, await this.receipts.nextNumber(em, year));
    await this.receipts.insert(em, { paymentId, number, year, issuedAt: completedAt });
    return number;
  }

  /** GET /payments/{id}/receipt: the payer institution's or an admin's; anyone else gets 404. */
  async pdf(caller: AuthContext, paymentId: string): Promise<PdfFile> {
    const source = await this.receipts.findSource(paymentId);
    if (!source || (caller.role !== 'admin' && source.payerId !== caller.userId)) {
      throw new DomainError('NOT_FOUND', 'No payment with this id that you can see.');
    }
    const { completedAt } = source;
    if (!completedAt || !['completed', 'reversed'].includes(source.status)) {
      throw new DomainError(
        'RECEIPT_NOT_AVAILABLE',
        `This payment is ${source.status}: a receipt is issued once PesaPal confirms the payment.`,
        { paymentStatus: source.status },
      );
    }
    // Only a payment completed before receipts existed outside the migration (seeded or imported rows) has
    // none: it gets the next number now, under the payment's lock as a completion would.
    const number =
      source.number ??
      (await this.transactions.run(async (em) => {
        await this.receipts.lockPayment(em, paymentId);
        return this.issue(em, paymentId, completedAt);
      }));
    const view: ReceiptView = {
      number,
      institutionName: await this.payerName(source.payerId),
      job: await this.jobOf(caller, source),
      amount: source.amount,
      currency: source.currency,
      paymentMethod: source.paymentMethod,
      confirmationCode: source.confirmationCode,
      completedAt,
      refunded: source.status === 'reversed',
      refundedAt: source.refundedAt,
    };
    return { fileName: `${number}.pdf`, data: await renderReceipt(view) };
  }

  /** The institution's profile name, or its account name when it has no profile (any more). */
  private async payerName(payerId: string): Promise<string> {
    try {
      return (await this.institutions.getPublic(payerId, true)).name;
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'NOT_FOUND') throw error;
      return (await this.users.findById(payerId))?.name ?? 'Institution';
    }
  }

  private async jobOf(caller: AuthContext, source: ReceiptSource): Promise<ReceiptView['job']> {
    try {
      const job = await this.jobs.get(caller, source.jobId);
      return { title: job.title, date: job.date, startTime: job.startTime, endTime: job.endTime };
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'NOT_FOUND') throw error;
      return null;
    }
  }
}
