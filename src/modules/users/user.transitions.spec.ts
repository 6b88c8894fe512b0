import { describe, expect, it, jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import type { DomainEvents } from '../../common/events/domain-events.js';
import { allPairs } from '../../common/state-machine/transition-table.js';
import type { AuditService } from '../audit/audit.service.js';
import type { User } from './user.entity.js';
import { USER_TRANSITIONS, UserTransitions } from './user.transitions.js';
import type { UserStatus } from './user.types.js';
import type { UsersRepository } from './users.repository.js';

const em = {} as EntityManager;
const USER_ID = '0b9a3c4e-2f1d-4c1b-9a57-3d2f6e1b8c90';
const ADMIN_ID = '5d0c1f7e-8a2b-4c3d-9e4f-1a2b3c4d5e6f';

function setup(status: UserStatus) {
  const users = {
    lockById: jest.fn<(...args: unknown[]) => Promise<User | null>>(
      async () => ({ id: USER_ID, status }) as User,
    ),
    writeStatus: jest.fn<(...args: unknown[]) => Promise<void>>(async () => undefined),
  };
  const audit = { record: jest.fn<(...args: unknown[]) => Promise<void>>(async () => undefined) };
  const events = { publish: jest.fn<(...args: unknown[]) => Promise<void>>(async () => undefined) };
  const transitions = new UserTransitions(
    users as unknown as UsersRepository,
    audit as unknown as AuditService,
    events as unknown as DomainEvents,
  );
  return { users, audit, events, transitions };
}

describe('USER_TRANSITIONS', () => {
  const { allowed, refused } = allPairs(USER_TRANSITIONS);

  it('is exactly active → suspended | deleted, suspended → active | deleted', () => {
    expect(allowed).toEqual([
      ['active', 'suspended'],
      ['active', 'deleted'],
      ['suspended', 'active'],
      ['suspended', 'deleted'],
    ]);
  });

  it.each(allowed)('%s → %s writes the status, one audit entry and the event', async (from, to) => {
    const { users, audit, events, transitions } = setup(from);
    await expect(transitions.transition(em, USER_ID, to, { userId: ADMIN_ID })).resolves.toEqual({
      from,
      to,
    });
    expect(users.writeStatus).toHaveBeenCalledWith(em, USER_ID, to, expect.any(Object));
    expect(audit.record).toHaveBeenCalledTimes(1);
    expect(events.publish).toHaveBeenCalledWith(em, {
      type: 'user.status_changed',
      userId: USER_ID,
      from,
      to,
    });
  });

  it.each(refused)('%s → %s is refused with 409 naming both states', async (from, to) => {
    const { users, audit, events, transitions } = setup(from);
    const error = await transitions.transition(em, USER_ID, to, { userId: ADMIN_ID }).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('INVALID_USER_TRANSITION');
    expect(error.status).toBe(409);
    expect(error.message).toContain(from);
    if (from !== to) expect(error.message).toContain(to);
    expect(users.writeStatus).not.toHaveBeenCalled();
    expect(audit.record).not.toHaveBeenCalled();
    expect(events.publish).not.toHaveBeenCalled();
  });
});

describe('UserTransitions', () => {
  it('a missing account is "not found"', async () => {
    const { users, transitions } = setup('active');
    users.lockById.mockResolvedValueOnce(null);
    await expect(transitions.transition(em, USER_ID, 'suspended', { userId: null })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('suspension stores category and note and audits what the caller asks', async () => {
    const { users, audit, transitions } = setup('active');
    await transitions.transition(
      em,
      USER_ID,
      'suspended',
      { userId: ADMIN_ID },
      {
        reason: 'fake licence',
        category: 'fake_documents',
        auditDetails: { category: 'fake_documents', note: 'fake licence', sessionsRevoked: 2 },
      },
    );
    expect(users.writeStatus).toHaveBeenCalledWith(em, USER_ID, 'suspended', {
      suspendedAt: expect.any(Date),
      suspensionCategory: 'fake_documents',
      suspensionNote: 'fake licence',
    });
    expect(audit.record).toHaveBeenCalledWith(
      {
        action: 'user.suspended',
        actorId: ADMIN_ID,
        target: { type: 'user', id: USER_ID },
        meta: undefined,
        details: { category: 'fake_documents', note: 'fake licence', sessionsRevoked: 2 },
      },
      em,
    );
  });

  it('deleting one’s own account anonymises it and audits without a target', async () => {
    const { users, audit, transitions } = setup('active');
    await transitions.transition(em, USER_ID, 'deleted', { userId: USER_ID });
    expect(users.writeStatus).toHaveBeenCalledWith(em, USER_ID, 'deleted', {
      name: 'Deleted user',
      email: null,
      phone: null,
      passwordHash: null,
      deletedAt: expect.any(Date),
    });
    expect(audit.record).toHaveBeenCalledWith(
      { action: 'user.deleted', actorId: USER_ID, meta: undefined, details: {} },
      em,
    );
  });
});
