import type { DocumentDto } from './dto/documents.dto.js';
import type { Document } from './document.entity.js';

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
