import type { TransactionDto } from './dto/payments.dto.js';
import type { Payment } from './payment.entity.js';

export function toTransactionDto(tx: Payment): TransactionDto {
  return {
    id: tx.id,
    jobId: tx.jobId,
    amount: tx.amount,
    currency: tx.currency,
    status: tx.status,
    paymentMethod: tx.paymentMethod,
    confirmationCode: tx.confirmationCode,
    pesapalOrderTrackingId: tx.orderTrackingId,
    refundStatus: tx.refundStatus,
    createdAt: tx.createdAt.toISOString(),
    updatedAt: tx.updatedAt.toISOString(),
  };
}
