import type { Profession } from '../catalogue/professions.js';

export const DOCUMENT_TYPES = ['nin', 'certificate', 'license'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** The approved documents each profession needs to be `verified` (DESIGN.md). */
export const REQUIRED_DOCUMENTS: Record<Profession, readonly DocumentType[]> = {
  teacher: ['nin', 'certificate'],
  nurse: ['nin', 'license'],
  caregiver: ['nin'],
};

export function isVerified(profession: Profession, approved: Iterable<DocumentType>): boolean {
  const held = new Set(approved);
  return REQUIRED_DOCUMENTS[profession].every((type) => held.has(type));
}

/** What is still missing, for telling the professional. */
export function missingDocuments(profession: Profession, approved: Iterable<DocumentType>): DocumentType[] {
  const held = new Set(approved);
  return REQUIRED_DOCUMENTS[profession].filter((type) => !held.has(type));
}
