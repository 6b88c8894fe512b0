import { DomainError } from '../../common/errors/domain-error.js';
import { allPairs } from '../../common/state-machine/transition-table.js';
import { PAYMENT_TRANSITIONS, REFUND_TRANSITIONS } from './payment-status.js';
import { assertPaymentTransition } from './payment.transitions.js';
import { assertRefundTransition } from './refund.transitions.js';

function refusal(check: () => void): DomainError {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('the move was not refused');
}

describe('PAYMENT_TRANSITIONS', () => {
  const { allowed, refused } = allPairs(PAYMENT_TRANSITIONS);

  it('allows exactly: pending → completed|failed|expired, completed → reversed, late completion', () => {
    expect(allowed).toEqual([
      ['pending', 'completed'],
      ['pending', 'failed'],
      ['pending', 'expired'],
      ['completed', 'reversed'],
      ['failed', 'completed'],
      ['expired', 'completed'],
    ]);
  });

  it.each(allowed)('%s → %s passes', (from, to) => {
    expect(() => assertPaymentTransition(from, to)).not.toThrow();
  });

  it.each(refused)('%s → %s is refused with 409 naming both states', (from, to) => {
    const error = refusal(() => assertPaymentTransition(from, to));
    expect(error.code).toBe('INVALID_PAYMENT_TRANSITION');
    expect(error.status).toBe(409);
    expect(error.extensions).toEqual({ paymentStatus: from, attempted: to });
  });
});

describe('REFUND_TRANSITIONS', () => {
  const { allowed, refused } = allPairs(REFUND_TRANSITIONS);

  it('allows exactly the refund lifecycle', () => {
    expect(allowed).toEqual([
      ['none', 'requesting'],
      ['none', 'refunded'],
      ['requesting', 'requested'],
      ['requesting', 'refused'],
      ['requesting', 'refunded'],
      ['requested', 'refused'],
      ['requested', 'refunded'],
      ['refused', 'requesting'],
      ['refused', 'refunded'],
    ]);
  });

  it.each(allowed)('%s → %s passes', (from, to) => {
    expect(() => assertRefundTransition(from, to)).not.toThrow();
  });

  it.each(refused)('%s → %s is refused with 409 refund-not-allowed', (from, to) => {
    const error = refusal(() => assertRefundTransition(from, to));
    expect(error.code).toBe('REFUND_NOT_ALLOWED');
    expect(error.status).toBe(409);
    expect(error.extensions).toEqual({ refundStatus: from, attempted: to });
  });
});
