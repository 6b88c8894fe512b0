import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { allPairs } from '../../common/state-machine/transition-table.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { ProfessionalsService } from '../professionals/professionals.service.js';
import type { Document, DocumentStatus } from './document.entity.js';
import { DOCUMENT_TRANSITIONS, DocumentTransitions } from './document.transitions.js';
import type { DocumentsRepository } from './documents.repository.js';

const { allowed, refused } = allPairs(DOCUMENT_TRANSITIONS);
const em = {} as EntityManager;
const actor = { userId: 'admin-1', meta: { ip: '127.0.0.1', requestId: 'r1', userAgent: 'test' } };

function document(status: DocumentStatus): Document {
  return {
    id: 'doc-1',
    professionalId: 'pro-1',
    docType: 'nin',
    status,
    contentType: 'application/pdf',
    sizeBytes: 10,
    sha256: 'ab',
    storageKey: 'k',
    rejectionReason: null,
    reviewedBy: null,
    reviewedAt: null,
    createdAt: new Date(),
  };
}

/** DocumentTransitions over fakes that record what it wrote. */
function setUp(current: DocumentStatus | null) {
  const writes: { to: DocumentStatus; extra: Record<string, unknown> }[] = [];
  const calls: string[] = [];
  const repository = {
    lockOwnersDocuments: async () => undefined,
    lockById: async () => (current ? document(current) : null),
    writeStatus: async (_em: EntityManager, _id: string, to: DocumentStatus, extra = {}) => {
      writes.push({ to, extra });
      return { ...document(to), ...extra };
    },
    approvedTypesOf: async () => ['nin'],
  } as unknown as DocumentsRepository;
  const professionals = {
    recomputeVerified: async (_em: EntityManager, _userId: string, types: string[]) => {
      calls.push(`recompute:${types.join(',')}`);
      return true;
    },
  } as unknown as ProfessionalsService;
  const notifications = {
    notify: async (_em: EntityManager, event: { type: string }) => void calls.push(`notify:${event.type}`),
  } as unknown as NotificationsService;
  const audit = {
    record: async (record: { action: string }) => void calls.push(`audit:${record.action}`),
  } as unknown as AuditService;
  const transitions = new DocumentTransitions(repository, professionals, notifications, audit);
  return { transitions, writes, calls };
}

describe('document transitions', () => {
  it('the table is the documented lifecycle: pending → approved | rejected, nothing else', () => {
    expect(allowed).toEqual([
      ['pending', 'approved'],
      ['pending', 'rejected'],
    ]);
    expect(allowed.length + refused.length).toBe(9);
  });

  it.each(allowed)('allows %s → %s: writes it, re-verifies, notifies and audits', async (from, to) => {
    const { transitions, writes, calls } = setUp(from);
    const decided = await transitions.transition(em, 'doc-1', to, actor, { reason: 'Blurred scan.' });
    expect(decided.status).toBe(to);
    expect(writes).toHaveLength(1);
    expect(writes[0].to).toBe(to);
    expect(writes[0].extra).toMatchObject({
      rejectionReason: to === 'rejected' ? 'Blurred scan.' : null,
      reviewedBy: 'admin-1',
    });
    expect(calls).toEqual(['recompute:nin', `notify:document.${to}`, `audit:document.${to}`]);
  });

  it.each(refused)('refuses %s → %s with 409, writing nothing', async (from, to) => {
    const { transitions, writes, calls } = setUp(from);
    const error = await transitions.transition(em, 'doc-1', to, actor).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('DOCUMENT_ALREADY_REVIEWED');
    expect((error as DomainError).status).toBe(409);
    expect((error as DomainError).message).toContain(from);
    if (from === 'pending') expect((error as DomainError).message).toContain(to);
    expect(writes).toHaveLength(0);
    expect(calls).toHaveLength(0);
  });

  it('answers 404 for an unknown document', async () => {
    const { transitions, writes } = setUp(null);
    const error = await transitions
      .transition(em, 'nope', 'approved', actor)
      .catch((caught: unknown) => caught);
    expect((error as DomainError).code).toBe('NOT_FOUND');
    expect(writes).toHaveLength(0);
  });
});
