import { Injectable } from '@nestjs/common';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import type { DocumentStatus } from './document.entity.js';
import { toAdminDocumentDto, toDocumentDto, toPendingProfessionalDto } from './document.mapper.js';
import { DocumentTransitions } from './document.transitions.js';
import { DocumentsRepository } from './documents.repository.js';
import type { AdminDocumentPageDto, DocumentDto, PendingProfessionalPageDto } from './dto/documents.dto.js';

/** The admin side of verification: the review queue and the approve/reject decisions. */
@Injectable()
export class DocumentReviewService {
  constructor(
    private readonly documents: DocumentsRepository,
    private readonly transitions: DocumentTransitions,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Documents in one status, oldest first (the review queue when status is pending). */
  async list(status: DocumentStatus, limit: number, cursor?: string): Promise<AdminDocumentPageDto> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows = await this.documents.listByStatusPage(status, limit + 1, after);
    return toPage(
      rows,
      limit,
      (row) => [row.document.createdAt.toISOString(), row.document.id],
      toAdminDocumentDto,
    );
  }

  /** Professionals with at least one document awaiting review, longest-waiting first. */
  async pendingProfessionals(limit: number, cursor?: string): Promise<PendingProfessionalPageDto> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows = await this.documents.pendingProfessionalsPage(limit + 1, after);
    return toPage(rows, limit, (row) => [row.oldest.toISOString(), row.id], toPendingProfessionalDto);
  }

  approve(adminId: string, id: string, meta: RequestMeta): Promise<DocumentDto> {
    return this.decide(adminId, id, 'approved', meta);
  }

  reject(adminId: string, id: string, reason: string, meta: RequestMeta): Promise<DocumentDto> {
    return this.decide(adminId, id, 'rejected', meta, reason);
  }

  /**
   * One decision per document: the row is locked and must still be pending. `verified` is recomputed,
   * the professional notified and the decision audited, all in the same transaction.
   */
  private async decide(
    adminId: string,
    id: string,
    status: 'approved' | 'rejected',
    meta: RequestMeta,
    reason?: string,
  ): Promise<DocumentDto> {
    const document = await this.transactions.run((em) =>
      this.transitions.transition(em, id, status, { userId: adminId, meta }, { reason }),
    );
    return toDocumentDto(document);
  }
}
