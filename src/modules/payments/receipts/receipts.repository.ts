import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { PaymentStatus } from '../payment-status.js';

/** A payment as its receipt shows it, with the receipt's number when it has one. */
export interface ReceiptSource {
  paymentId: string;
  jobId: string;
  payerId: string;
  amount: number;
  currency: string;
  status: PaymentStatus;
  paymentMethod: string | null;
  confirmationCode: string | null;
  completedAt: Date | null;
  refundedAt: Date | null;
  number: string | null;
  issuedAt: Date | null;
}

/** The only code that touches `receipts` and `receipt_counters` (payments module). */
@Injectable()
export class ReceiptsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Locks the payment row (as a completion does) so that only one transaction numbers it. */
  async lockPayment(em: EntityManager, paymentId: string): Promise<void> {
    await em.query(`SELECT id FROM transactions WHERE id = $1 FOR UPDATE`, [paymentId]);
  }

  async findNumber(em: EntityManager, paymentId: string): Promise<string | null> {
    const [row] = await em.query<{ number: string }[]>(`SELECT number FROM receipts WHERE payment_id = $1`, [
      paymentId,
    ]);
    return row?.number ?? null;
  }

  /**
   * The next number of `year`. The counter row stays locked until the caller's transaction ends, so
   * concurrent completions take numbers one after another, and a rollback returns the number (no gaps).
   */
  async nextNumber(em: EntityManager, year: number): Promise<number> {
    const [row] = await em.query<{ last_number: number }[]>(
      `INSERT INTO receipt_counters (year, last_number) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_number = receipt_counters.last_number + 1
       RETURNING last_number`,
      [year],
    );
    return row.last_number;
  }

  async insert(
    em: EntityManager,
    receipt: { paymentId: string; number: string; year: number; issuedAt: Date },
  ): Promise<void> {
    await em.query(`INSERT INTO receipts (payment_id, number, year, issued_at) VALUES ($1, $2, $3, $4)`, [
      receipt.paymentId,
      receipt.number,
      receipt.year,
      receipt.issuedAt,
    ]);
  }

  /** The payment and its receipt number (null when it has none), or null for an unknown payment. */
  async findSource(paymentId: string): Promise<ReceiptSource | null> {
    const [row] = await this.dataSource.query<
      {
        id: string;
        job_id: string;
        payer_id: string;
        amount: number;
        currency: string;
        status: PaymentStatus;
        payment_method: string | null;
        confirmation_code: string | null;
        completed_at: Date | null;
        refunded_at: Date | null;
        number: string | null;
        issued_at: Date | null;
      }[]
    >(
      `SELECT t.id, t.job_id, t.payer_id, t.amount, t.currency, t.status, t.payment_method,
              t.confirmation_code, t.completed_at, t.refunded_at, r.number, r.issued_at
         FROM transactions t LEFT JOIN receipts r ON r.payment_id = t.id
        WHERE t.id = $1`,
      [paymentId],
    );
    if (!row) return null;
    return {
      paymentId: row.id,
      jobId: row.job_id,
      payerId: row.payer_id,
      amount: row.amount,
      currency: row.currency,
      status: row.status,
      paymentMethod: row.payment_method,
      confirmationCode: row.confirmation_code,
      completedAt: row.completed_at,
      refundedAt: row.refunded_at,
      number: row.number,
      issuedAt: row.issued_at,
    };
  }
}
