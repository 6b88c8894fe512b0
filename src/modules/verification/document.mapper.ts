import type { AdminDocumentDto, DocumentDto, PendingProfessionalDto } from './dto/documents.dto.js';
import type { Document } from './document.entity.js';
import type { PendingProfessionalRow, QueuedDocument } from './documents.repository.js';

export function toDocumentDto(document: Document): DocumentDto {
  return {
    id: document.id,
    docType: document.docType,
    status: document.status,
    contentType: document.contentType,
    sizeBytes: document.sizeBytes,
    rejectionReason: document.rejectionReason,
    uploadedAt: document.createdAt.toISOString(),
    reviewedAt: document.reviewedAt?.toISOString() ?? null,
  };
}

export function toAdminDocumentDto(row: QueuedDocument): AdminDocumentDto {
  return {
    ...toDocumentDto(row.document),
    professional: {
      id: row.document.professionalId,
      name: row.ownerName,
      profession: row.ownerProfession,
    },
  };
}

export function toPendingProfessionalDto(row: PendingProfessionalRow): PendingProfessionalDto {
  return {
    id: row.id,
    name: row.name,
    profession: row.profession,
    district: row.district,
    verified: row.verified ?? false,
    pendingDocuments: row.pending,
    oldestPendingAt: row.oldest.toISOString(),
  };
}
