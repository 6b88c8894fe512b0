import { Inject, Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '../../database/transaction-runner.js';
import { PAYOUT_PROVIDER, type PayoutDispatch, type PayoutProvider } from './payout-provider.js';
import type { Payout } from './payout.entity.js';
import { PayoutTransitions } from './payout.transitions.js';

/**
 * Hands a requested payout to the PayoutProvider once its request has committed (afterCommit: nothing
 * is locked while the provider answers), and applies a final answer in a second short transaction through
 * PayoutTransitions. `submitted` (the manual provider's only answer) or a provider that throws leaves the
 * payout `requested`, in the admin queue.
 */
@Injectable()
export class PayoutDispatcher {
  private readonly logger = new Logger(PayoutDispatcher.name);

  constructor(
    @Inject(PAYOUT_PROVIDER) private readonly provider: PayoutProvider,
    private readonly transactions: TransactionRunner,
    private readonly transitions: PayoutTransitions,
  ) {}

  async dispatch(payout: Payout): Promise<PayoutDispatch | null> {
    let answer: PayoutDispatch;
    try {
      answer = await this.provider.send({
        payoutId: payout.id,
        amount: payout.amount,
        currency: payout.currency,
        network: payout.provider,
        phone: payout.phone,
        accountName: payout.accountName,
      });
    } catch (error) {
      this.logger.warn(
        { err: error, payoutId: payout.id, provider: this.provider.name },
        'The payout provider did not take the payout; it stays requested for an admin',
      );
      return null;
    }
    if (answer.status === 'submitted') return answer;
    const auditDetails = { provider: this.provider.name };
    await this.transactions.run((em) =>
      answer.status === 'paid'
        ? this.transitions.transition(em, payout.id, 'paid', SYSTEM, {
            reference: answer.reference,
            auditDetails,
          })
        : this.transitions.transition(em, payout.id, 'failed', SYSTEM, {
            reason: answer.reason,
            auditDetails,
          }),
    );
    return answer;
  }
}

const SYSTEM = { userId: null };
