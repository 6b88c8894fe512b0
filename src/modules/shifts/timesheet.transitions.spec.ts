import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { allPairs } from '../../common/state-machine/transition-table.js';
import type { AuditService } from '../audit/audit.service.js';
import { TIMESHEET_TRANSITIONS, type TimesheetStatus } from './timesheet-status.js';
import { TimesheetTransitions } from './timesheet.transitions.js';
import type { TimesheetRow, TimesheetsRepository } from './timesheets.repository.js';

const { allowed, refused } = allPairs(TIMESHEET_TRANSITIONS);
const em = {} as EntityManager;
const at = new Date('2026-11-24T14:00:00Z');

function timesheet(status: TimesheetStatus): TimesheetRow {
  return {
    job_id: 'job-1',
    professional_id: 'pro-1',
    status,
    started_at: new Date('2026-11-24T05:00:00Z'),
    ended_at: new Date('2026-11-24T11:00:00Z'),
    break_minutes: 0,
    minutes: 360,
    note: null,
    submitted_at: new Date('2026-11-24T13:00:00Z'),
    decided_at: null,
    decided_by: null,
    auto_approved: false,
  };
}

/** TimesheetTransitions over fakes that record what it wrote. */
function setUp(current: TimesheetStatus | null) {
  const writes: { to: TimesheetStatus; columns: unknown }[] = [];
  const audits: { action: string; actorId: string | null; details?: Record<string, unknown> }[] = [];
  const repository = {
    lockByJob: async () => (current ? timesheet(current) : null),
    writeStatus: async (_em: EntityManager, _id: string, to: TimesheetStatus, columns: unknown) =>
      void writes.push({ to, columns }),
  } as unknown as TimesheetsRepository;
  const audit = {
    record: async (record: { action: string; actorId: string | null; details?: Record<string, unknown> }) =>
      void audits.push(record),
  } as unknown as AuditService;
  return { transitions: new TimesheetTransitions(repository, audit), writes, audits };
}

describe('timesheet transitions', () => {
  it('the table is the documented lifecycle: submitted → approved | disputed, disputed → approved', () => {
    expect(allowed).toEqual([
      ['submitted', 'approved'],
      ['submitted', 'disputed'],
      ['disputed', 'approved'],
    ]);
    expect(allowed.length + refused.length).toBe(9);
  });

  it.each(allowed)('allows %s → %s: writes who decided and when, and audits', async (from, to) => {
    const { transitions, writes, audits } = setUp(from);
    const before = await transitions.transition(em, 'job-1', to, { userId: 'inst-1' }, { at });
    expect(before.status).toBe(from);
    expect(writes).toEqual([{ to, columns: { decidedAt: at, decidedBy: 'inst-1', autoApproved: false } }]);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: `timesheet.${to}`, actorId: 'inst-1' });
    expect(audits[0].details).toMatchObject({ from, minutes: 360 });
  });

  it('marks an approval by the sweep (no user) as automatic', async () => {
    const { transitions, writes, audits } = setUp('submitted');
    await transitions.transition(em, 'job-1', 'approved', { userId: null }, { at });
    expect(writes[0].columns).toEqual({ decidedAt: at, decidedBy: null, autoApproved: true });
    expect(audits[0].details).toMatchObject({ automatic: true });
  });

  it.each(refused)('refuses %s → %s with 409, writing nothing', async (from, to) => {
    const { transitions, writes, audits } = setUp(from);
    const error = await transitions
      .transition(em, 'job-1', to, { userId: 'inst-1' }, { at })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('INVALID_TIMESHEET_TRANSITION');
    expect((error as DomainError).status).toBe(409);
    expect((error as DomainError).extensions).toEqual({ timesheetStatus: from, attempted: to });
    expect(writes).toHaveLength(0);
    expect(audits).toHaveLength(0);
  });

  it('answers 404 when the job has no timesheet', async () => {
    const { transitions, writes } = setUp(null);
    const error = await transitions
      .transition(em, 'job-1', 'approved', { userId: 'inst-1' }, { at })
      .catch((caught: unknown) => caught);
    expect((error as DomainError).code).toBe('NOT_FOUND');
    expect(writes).toHaveLength(0);
  });
});
