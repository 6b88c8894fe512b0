import { DomainError } from '../../common/errors/domain-error.js';
import { allPairs } from '../../common/state-machine/transition-table.js';
import { PAYOUT_TRANSITIONS } from './payout-status.js';
import { assertPayoutTransition } from './payout.transitions.js';

function refusal(check: () => void): DomainError {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('the move was not refused');
}

describe('PAYOUT_TRANSITIONS', () => {
  const { allowed, refused } = allPairs(PAYOUT_TRANSITIONS);

  it('allows exactly: requested → paid | failed (both final)', () => {
    expect(allowed).toEqual([
      ['requested', 'paid'],
      ['requested', 'failed'],
    ]);
    expect(refused).toHaveLength(7);
  });

  it.each(allowed)('%s → %s passes', (from, to) => {
    expect(() => assertPayoutTransition(from, to)).not.toThrow();
  });

  it.each(refused)('%s → %s is refused with 409 naming both states', (from, to) => {
    const error = refusal(() => assertPayoutTransition(from, to));
    expect(error.code).toBe('INVALID_PAYOUT_TRANSITION');
    expect(error.status).toBe(409);
    expect(error.extensions).toEqual({ payoutStatus: from, attempted: to });
  });
});
