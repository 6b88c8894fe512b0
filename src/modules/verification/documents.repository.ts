import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Profession } from '../catalogue/professions.js';
import type { DocumentType } from '../professionals/verification-rule.js';
import { Document, type DocumentStatus } from './document.entity.js';

/** What an upload stores; the id is chosen by the caller because the file is encrypted under it. */
export type NewDocument = Pick<
  Document,
  'id' | 'professionalId' | 'docType' | 'contentType' | 'sizeBytes' | 'sha256' | 'storageKey'
>;

/** The columns a review decision sets beside the status. */
export type DocumentDecisionColumns = Partial<
  Pick<Document, 'rejectionReason' | 'reviewedBy' | 'reviewedAt'>
>;

/** A document in the admin queue, with its owner as the queue shows them. */
export interface QueuedDocument {
  document: Document;
  ownerName: string;
  ownerProfession: Profession | null;
}

export interface PendingProfessionalRow {
  id: string;
  name: string;
  profession: Profession | null;
  district: string | null;
  verified: boolean | null;
  pending: number;
  oldest: Date;
}

/** A keyset position: (created_at, id) of the last row of the previous page. */
type After = readonly [string, string] | undefined;

/**
 * The only code that touches `documents`. The queue reads join `users` and `professionals` for the owner's
 * name and profession (read only, never written here). `status` is written by writeStatus alone, and only
 * DocumentTransitions calls it.
 */
@Injectable()
export class DocumentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A new document awaiting review; a second pending one of the same type hits a unique index (409). */
  async insertPending(em: EntityManager, document: NewDocument): Promise<Document> {
    await em.insert(Document, { ...document, status: 'pending' });
    return (await em.findOneBy(Document, { id: document.id }))!;
  }

  findById(id: string, em: EntityManager = this.dataSource.manager): Promise<Document | null> {
    return em.findOneBy(Document, { id });
  }

  /** The professional's documents, newest first. */
  listOwnPage(professionalId: string, take: number, after: After): Promise<Document[]> {
    const query = this.dataSource
      .createQueryBuilder(Document, 'd')
      .where('d.professional_id = :professionalId', { professionalId })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .take(take);
    if (after) {
      query.andWhere('(d.created_at, d.id) < (:at::timestamptz, :id::uuid)', { at: after[0], id: after[1] });
    }
    return query.getMany();
  }

  /** Documents in one status with their owner, oldest first. */
  async listByStatusPage(status: DocumentStatus, limit: number, after: After): Promise<QueuedDocument[]> {
    const query = this.dataSource
      .createQueryBuilder(Document, 'd')
      .innerJoin('users', 'u', 'u.id = d.professional_id')
      .leftJoin('professionals', 'p', 'p.user_id = d.professional_id')
      .addSelect(['u.name AS owner_name', 'p.profession AS owner_profession'])
      .where('d.status = :status', { status })
      .orderBy('d.created_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .limit(limit);
    if (after) {
      query.andWhere('(d.created_at, d.id) > (:at::timestamptz, :id::uuid)', { at: after[0], id: after[1] });
    }
    const { entities, raw } = await query.getRawAndEntities<{
      owner_name: string;
      owner_profession: Profession | null;
    }>();
    return entities.map((document, index) => ({
      document,
      ownerName: raw[index].owner_name,
      ownerProfession: raw[index].owner_profession,
    }));
  }

  /** Professionals with pending documents, longest-waiting first (keyset on the oldest pending upload). */
  pendingProfessionalsPage(limit: number, after: After): Promise<PendingProfessionalRow[]> {
    return this.dataSource.query<PendingProfessionalRow[]>(
      `SELECT q.professional_id AS id, u.name, p.profession, p.district, p.verified, q.pending, q.oldest
         FROM (SELECT professional_id, count(*)::int AS pending, min(created_at) AS oldest
                 FROM documents WHERE status = 'pending' GROUP BY professional_id) q
         JOIN users u ON u.id = q.professional_id
         LEFT JOIN professionals p ON p.user_id = q.professional_id
        WHERE $1::timestamptz IS NULL OR (q.oldest, q.professional_id) > ($1::timestamptz, $2::uuid)
        ORDER BY q.oldest, q.professional_id
        LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  /**
   * Locks every document of this document's owner, in id order. Decisions about one professional's
   * documents thus run one after another, so each re-verification sees the approvals committed before it
   * (two admins approving the two required documents at once leave the professional verified).
   */
  async lockOwnersDocuments(em: EntityManager, documentId: string): Promise<void> {
    await em.query(
      `SELECT id FROM documents
        WHERE professional_id = (SELECT professional_id FROM documents WHERE id = $1)
        ORDER BY id FOR UPDATE`,
      [documentId],
    );
  }

  lockById(em: EntityManager, id: string): Promise<Document | null> {
    return em.findOne(Document, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The one write of `documents.status`; called only by DocumentTransitions. */
  async writeStatus(
    em: EntityManager,
    id: string,
    to: DocumentStatus,
    extraColumns: DocumentDecisionColumns = {},
  ): Promise<Document> {
    await em.update(Document, id, { ...extraColumns, status: to });
    return (await em.findOneBy(Document, { id }))!;
  }

  /** The distinct types of the professional's approved documents: what `verified` is decided from. */
  async approvedTypesOf(em: EntityManager, professionalId: string): Promise<DocumentType[]> {
    const rows = await em.query<{ doc_type: DocumentType }[]>(
      `SELECT DISTINCT doc_type FROM documents WHERE professional_id = $1 AND status = 'approved'`,
      [professionalId],
    );
    return rows.map((row) => row.doc_type);
  }

  findAllOf(em: EntityManager, professionalId: string): Promise<Document[]> {
    return em.findBy(Document, { professionalId });
  }

  async deleteAllOf(em: EntityManager, professionalId: string): Promise<void> {
    await em.delete(Document, { professionalId });
  }

  /** A user's documents as their data export shows them (metadata, named columns), oldest first. */
  exportRowsOf(userId: string): Promise<Record<string, unknown>[]> {
    return this.dataSource.query<Record<string, unknown>[]>(
      `SELECT id, doc_type, status, content_type, size_bytes, rejection_reason, created_at, reviewed_at
         FROM documents WHERE professional_id = $1 ORDER BY created_at`,
      [userId],
    );
  }
}
