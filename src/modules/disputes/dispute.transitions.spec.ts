import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { allPairs } from '../../common/state-machine/transition-table.js';
import type { AuditService } from '../audit/audit.service.js';
import { DISPUTE_TRANSITIONS, type DisputeStatus } from './dispute-status.js';
import { DisputeTransitions } from './dispute.transitions.js';
import type { DisputeRow, DisputesRepository } from './disputes.repository.js';

const { allowed, refused } = allPairs(DISPUTE_TRANSITIONS);
const em = {} as EntityManager;
const actor = { userId: 'admin-1' };
const resolution = {
  outcome: 'split' as const,
  professionalAmount: 50_000,
  note: 'Half a day was worked.',
  resolvedBy: 'admin-1',
};

function dispute(status: DisputeStatus): DisputeRow {
  return {
    id: 'dispute-1',
    job_id: 'job-1',
    opened_by: 'inst-1',
    opened_by_role: 'institution',
    reason: 'Left at noon',
    details: null,
    status,
    outcome: null,
    professional_amount: null,
    note: null,
    resolved_by: null,
    resolved_at: null,
    created_at: new Date(),
    updated_at: new Date(),
  };
}

/** DisputeTransitions over fakes that record what it wrote. */
function setUp(current: DisputeStatus | null) {
  const writes: { to: DisputeStatus; columns: unknown }[] = [];
  const audits: { action: string; details?: Record<string, unknown> }[] = [];
  const repository = {
    lockById: async () => (current ? dispute(current) : null),
    writeStatus: async (_em: EntityManager, _id: string, to: DisputeStatus, columns: unknown) =>
      void writes.push({ to, columns }),
  } as unknown as DisputesRepository;
  const audit = {
    record: async (record: { action: string; details?: Record<string, unknown> }) => void audits.push(record),
  } as unknown as AuditService;
  return { transitions: new DisputeTransitions(repository, audit), writes, audits };
}

describe('dispute transitions', () => {
  it('the table is the documented lifecycle: open → resolved, nothing else', () => {
    expect(allowed).toEqual([['open', 'resolved']]);
    expect(allowed.length + refused.length).toBe(4);
  });

  it.each(allowed)('allows %s → %s: writes it with the resolution and audits', async (from, to) => {
    const { transitions, writes, audits } = setUp(from);
    const before = await transitions.transition(em, 'dispute-1', to, actor, resolution);
    expect(before.status).toBe(from);
    expect(writes).toEqual([{ to, columns: resolution }]);
    expect(audits).toHaveLength(1);
    expect(audits[0].action).toBe(`dispute.${to}`);
    expect(audits[0].details).toMatchObject({
      jobId: 'job-1',
      from,
      outcome: 'split',
      professionalAmount: 50_000,
    });
  });

  it.each(refused)('refuses %s → %s with 409, writing nothing', async (from, to) => {
    const { transitions, writes, audits } = setUp(from);
    const error = await transitions
      .transition(em, 'dispute-1', to, actor, resolution)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('DISPUTE_NOT_OPEN');
    expect((error as DomainError).status).toBe(409);
    expect((error as DomainError).extensions).toEqual({ disputeStatus: from, attempted: to });
    expect(writes).toHaveLength(0);
    expect(audits).toHaveLength(0);
  });

  it('answers 404 for an unknown dispute', async () => {
    const { transitions, writes } = setUp(null);
    const error = await transitions
      .transition(em, 'nope', 'resolved', actor, resolution)
      .catch((caught: unknown) => caught);
    expect((error as DomainError).code).toBe('NOT_FOUND');
    expect(writes).toHaveLength(0);
  });
});
