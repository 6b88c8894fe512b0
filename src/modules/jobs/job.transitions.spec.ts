import { DomainError } from '../../common/errors/domain-error.js';
import { allPairs } from '../../common/state-machine/transition-table.js';
import { assertTransition, canTransition, JOB_TRANSITIONS } from './job-status.js';

const { allowed, refused } = allPairs(JOB_TRANSITIONS);

describe('JOB_TRANSITIONS, the table JobTransitions checks every move against', () => {
  it('allows exactly the lifecycle: 9 moves', () => {
    expect(allowed).toEqual([
      ['open', 'accepted'],
      ['open', 'cancelled'],
      ['open', 'expired'],
      ['accepted', 'open'],
      ['accepted', 'paid'],
      ['accepted', 'cancelled'],
      ['paid', 'open'],
      ['paid', 'completed'],
      ['paid', 'cancelled'],
    ]);
  });

  it.each(allowed)('%s → %s passes the check', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to, 'move')).not.toThrow();
  });

  it.each(refused)('%s → %s is refused with 409 invalid-job-transition naming both states', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    try {
      assertTransition(from, to, 'move');
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).status).toBe(409);
      expect((error as DomainError).extensions).toEqual({ jobStatus: from, attempted: to });
      expect((error as DomainError).message).toBe(`Cannot move a job that is ${from}.`);
    }
  });
});
