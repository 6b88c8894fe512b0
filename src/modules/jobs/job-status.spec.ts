import { DomainError } from '../../common/errors/domain-error.js';
import { assertTransition, canTransition, JOB_STATUSES, type JobStatus } from './job-status.js';

const ALLOWED: [JobStatus, JobStatus][] = [
  ['open', 'accepted'],
  ['open', 'cancelled'],
  ['open', 'expired'],
  ['accepted', 'paid'],
  ['accepted', 'cancelled'],
  ['accepted', 'open'],
  ['paid', 'completed'],
  ['paid', 'cancelled'],
];

const REFUSED: [JobStatus, JobStatus][] = JOB_STATUSES.flatMap((from) =>
  JOB_STATUSES.map((to): [JobStatus, JobStatus] => [from, to]),
).filter(([from, to]) => !ALLOWED.some(([a, b]) => a === from && b === to));

describe('job status transitions', () => {
  it.each(ALLOWED)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to, 'move')).not.toThrow();
  });

  it.each(REFUSED)('refuses %s → %s with 409', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    let error: unknown;
    try {
      assertTransition(from, to, 'move');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).status).toBe(409);
    expect((error as DomainError).message).toBe(`Cannot move a job that is ${from}.`);
  });

  it('covers all 36 pairs', () => {
    expect(ALLOWED.length + REFUSED.length).toBe(36);
  });

  it('treats completed, cancelled and expired as final', () => {
    for (const final of ['completed', 'cancelled', 'expired'] as const) {
      expect(JOB_STATUSES.some((to) => canTransition(final, to))).toBe(false);
    }
  });
});
