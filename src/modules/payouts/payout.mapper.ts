import type { AdminPayoutDto, PayoutAccountDto, PayoutDto } from './dto/payouts.dto.js';
import type { PayoutAccount } from './payout-account.entity.js';
import type { Payout } from './payout.entity.js';

export function toPayoutAccountDto(account: PayoutAccount): PayoutAccountDto {
  return {
    provider: account.provider,
    phone: account.phone,
    accountName: account.accountName,
    updatedAt: account.updatedAt.toISOString(),
  };
}

export function toPayoutDto(payout: Payout): PayoutDto {
  return {
    id: payout.id,
    amount: payout.amount,
    currency: payout.currency,
    status: payout.status,
    provider: payout.provider,
    phone: payout.phone,
    accountName: payout.accountName,
    reference: payout.reference,
    failureReason: payout.failureReason,
    requestedAt: payout.requestedAt.toISOString(),
    paidAt: payout.paidAt?.toISOString() ?? null,
    failedAt: payout.failedAt?.toISOString() ?? null,
  };
}

export function toAdminPayoutDto(payout: Payout): AdminPayoutDto {
  return { ...toPayoutDto(payout), professionalId: payout.professionalId, processedBy: payout.processedBy };
}
