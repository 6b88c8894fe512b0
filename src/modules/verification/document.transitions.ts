import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { isAllowed, type TransitionTable } from '../../common/state-machine/transition-table.js';
import { AuditService } from '../audit/audit.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { ProfessionalsService } from '../professionals/professionals.service.js';
import type { DocumentType } from '../professionals/verification-rule.js';
import type { Document, DocumentStatus } from './document.entity.js';
import { DocumentsRepository } from './documents.repository.js';

/** A document is decided once: approved, or rejected with a reason. */
export const DOCUMENT_TRANSITIONS: TransitionTable<DocumentStatus> = {
  pending: ['approved', 'rejected'],
  approved: [],
  rejected: [],
};

/** Throws 409 when the table refuses the move. */
export function assertDocumentTransition(from: DocumentStatus, to: DocumentStatus): void {
  if (isAllowed(DOCUMENT_TRANSITIONS, from, to)) return;
  if (from !== 'pending') {
    throw new DomainError(
      'DOCUMENT_ALREADY_REVIEWED',
      `This document was already ${from}; only pending documents can be reviewed.`,
      { documentStatus: from },
    );
  }
  throw new DomainError('DOCUMENT_ALREADY_REVIEWED', `A document cannot move from ${from} to ${to}.`, {
    documentStatus: from,
  });
}

export interface DocumentActor {
  userId: string;
  meta: RequestMeta;
}

const DOCUMENT_NAMES: Record<DocumentType, string> = {
  nin: 'National ID (NIN)',
  certificate: 'teaching certificate',
  license: 'practising licence',
};

/**
 * Every change of `documents.status` goes through here: the row is locked, the move checked against
 * DOCUMENT_TRANSITIONS, and with the new status the professional is re-verified, notified and the decision
 * audited, all in the caller's transaction.
 */
@Injectable()
export class DocumentTransitions {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly professionals: ProfessionalsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  async transition(
    em: EntityManager,
    documentId: string,
    to: DocumentStatus,
    actor: DocumentActor,
    details: { reason?: string } = {},
  ): Promise<Document> {
    await this.documents.lockOwnersDocuments(em, documentId);
    const document = await this.documents.lockById(em, documentId);
    if (!document) throw new DomainError('NOT_FOUND', 'No document with this id.');
    assertDocumentTransition(document.status, to);
    const reason = to === 'rejected' ? (details.reason ?? null) : null;
    const decided = await this.documents.writeStatus(em, documentId, to, {
      rejectionReason: reason,
      reviewedBy: actor.userId,
      reviewedAt: new Date(),
    });
    const approvedTypes = await this.documents.approvedTypesOf(em, document.professionalId);
    const verified = await this.professionals.recomputeVerified(em, document.professionalId, approvedTypes);
    await this.notifyOwner(em, document, to, reason, verified === true);
    await this.audit.record(
      {
        action: `document.${to}`,
        actorId: actor.userId,
        target: { type: 'document', id: documentId },
        meta: actor.meta,
        details: { professionalId: document.professionalId, docType: document.docType, verified },
      },
      em,
    );
    return decided;
  }

  private notifyOwner(
    em: EntityManager,
    document: Document,
    status: DocumentStatus,
    reason: string | null,
    verified: boolean,
  ): Promise<void> {
    const name = DOCUMENT_NAMES[document.docType];
    const approved = status === 'approved';
    return this.notifications.notify(em, {
      userId: document.professionalId,
      type: `document.${status}`,
      title: approved ? `Your ${name} was approved` : `Your ${name} was not accepted`,
      body: approved
        ? verified
          ? 'You are now verified and can accept jobs.'
          : 'Thank you. Once every required document is approved you can accept jobs.'
        : `Reason: ${reason}. Upload a new file from your profile to try again.`,
      data: { documentId: document.id, docType: document.docType, verified },
      dedupeKey: `document.${status}:${document.id}`,
    });
  }
}
