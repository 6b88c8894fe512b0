import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestMeta } from '../../common/auth/auth-context.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/cursor.js';
import { AuditService } from '../audit/audit.service.js';
import type { Profession } from '../catalogue/professions.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { ProfessionalsService } from '../professionals/professionals.service.js';
import type { DocumentType } from '../professionals/verification-rule.js';
import { Document, type DocumentStatus } from './document.entity.js';
import { toDocumentDto } from './document.mapper.js';
import type {
  AdminDocumentDto,
  AdminDocumentPageDto,
  PendingProfessionalPageDto,
} from './dto/documents.dto.js';

const DOCUMENT_NAMES: Record<DocumentType, string> = {
  nin: 'National ID (NIN)',
  certificate: 'teaching certificate',
  license: 'practising licence',
};

interface QueueRow {
  id: string;
  created_at: Date;
  owner_name: string;
  owner_profession: Profession | null;
}

/** The admin side of verification: the review queue and the approve/reject decisions. */
@Injectable()
export class DocumentReviewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly professionals: ProfessionalsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  /** Documents in one status, oldest first (the review queue when status is pending). */
  async list(status: DocumentStatus, limit: number, cursor?: string): Promise<AdminDocumentPageDto> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const query = this.dataSource
      .createQueryBuilder(Document, 'd')
      .innerJoin('users', 'u', 'u.id = d.professional_id')
      .leftJoin('professionals', 'p', 'p.user_id = d.professional_id')
      .addSelect(['u.name AS owner_name', 'p.profession AS owner_profession'])
      .where('d.status = :status', { status })
      .orderBy('d.created_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(limit + 1);
    if (after) {
      query.andWhere('(d.created_at, d.id) > (:at::timestamptz, :id::uuid)', { at: after[0], id: after[1] });
    }
    const { entities, raw } = await query.getRawAndEntities<QueueRow>();
    const rows = entities.map((document, index) => ({ document, raw: raw[index] }));
    return toPage(
      rows,
      limit,
      (row) => [row.document.createdAt.toISOString(), row.document.id],
      (row): AdminDocumentDto => ({
        ...toDocumentDto(row.document),
        professional: {
          id: row.document.professionalId,
          name: row.raw.owner_name,
          profession: row.raw.owner_profession,
        },
      }),
    );
  }

  /** Professionals with at least one document awaiting review, longest-waiting first. */
  async pendingProfessionals(limit: number, cursor?: string): Promise<PendingProfessionalPageDto> {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows: {
      id: string;
      name: string;
      profession: Profession | null;
      district: string | null;
      verified: boolean | null;
      pending: number;
      oldest: Date;
    }[] = await this.dataSource.query(
      `SELECT q.professional_id AS id, u.name, p.profession, p.district, p.verified, q.pending, q.oldest
         FROM (SELECT professional_id, count(*)::int AS pending, min(created_at) AS oldest
                 FROM documents WHERE status = 'pending' GROUP BY professional_id) q
         JOIN users u ON u.id = q.professional_id
         LEFT JOIN professionals p ON p.user_id = q.professional_id
        WHERE $1::timestamptz IS NULL OR (q.oldest, q.professional_id) > ($1::timestamptz, $2::uuid)
        ORDER BY q.oldest, q.professional_id
        LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(
      rows,
      limit,
      (row) => [row.oldest.toISOString(), row.id],
      (row) => ({
        id: row.id,
        name: row.name,
        profession: row.profession,
        district: row.district,
        verified: row.verified ?? false,
        pendingDocuments: row.pending,
        oldestPendingAt: row.oldest.toISOString(),
      }),
    );
  }

  approve(adminId: string, id: string, meta: RequestMeta): Promise<Document> {
    return this.decide(adminId, id, { status: 'approved', reason: null }, meta);
  }

  reject(adminId: string, id: string, reason: string, meta: RequestMeta): Promise<Document> {
    return this.decide(adminId, id, { status: 'rejected', reason }, meta);
  }

  /**
   * One decision per document: the row is locked and must still be pending. `verified` is recomputed,
   * the professional notified and the decision audited, all in the same transaction.
   */
  private decide(
    adminId: string,
    id: string,
    decision: { status: 'approved' | 'rejected'; reason: string | null },
    meta: RequestMeta,
  ): Promise<Document> {
    return this.dataSource.transaction(async (em) => {
      const document = await em.findOne(Document, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!document) throw new DomainError('NOT_FOUND', 'No document with this id.');
      if (document.status !== 'pending') {
        throw new DomainError(
          'DOCUMENT_ALREADY_REVIEWED',
          `This document was already ${document.status}; only pending documents can be reviewed.`,
          { documentStatus: document.status },
        );
      }
      await em.update(Document, id, {
        status: decision.status,
        rejectionReason: decision.reason,
        reviewedBy: adminId,
        reviewedAt: new Date(),
      });
      const verified = await this.professionals.recomputeVerified(em, document.professionalId);
      await this.notifyOwner(em, document, decision, verified === true);
      await this.audit.record(
        {
          action: `document.${decision.status}`,
          actorId: adminId,
          target: { type: 'document', id },
          meta,
          details: { professionalId: document.professionalId, docType: document.docType, verified },
        },
        em,
      );
      return (await em.findOneBy(Document, { id }))!;
    });
  }

  private notifyOwner(
    em: EntityManager,
    document: Document,
    decision: { status: 'approved' | 'rejected'; reason: string | null },
    verified: boolean,
  ): Promise<void> {
    const name = DOCUMENT_NAMES[document.docType];
    const approved = decision.status === 'approved';
    return this.notifications.notify(em, {
      userId: document.professionalId,
      type: `document.${decision.status}`,
      title: approved ? `Your ${name} was approved` : `Your ${name} was not accepted`,
      body: approved
        ? verified
          ? 'You are now verified and can accept jobs.'
          : 'Thank you. Once every required document is approved you can accept jobs.'
        : `Reason: ${decision.reason}. Upload a new file from your profile to try again.`,
      data: { documentId: document.id, docType: document.docType, verified },
      dedupeKey: `document.${decision.status}:${document.id}`,
    });
  }
}
