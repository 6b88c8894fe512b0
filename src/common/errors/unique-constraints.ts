import { QueryFailedError } from 'typeorm';

/**
 * What a PostgreSQL unique violation (23505) means to a client, by constraint name: the problem type slug
 * and an actionable detail. Migrations name every constraint so this table can speak for it; an unlisted
 * one still answers 409 with a generic text.
 */
export const UNIQUE_CONSTRAINTS: Record<string, { slug: string; detail: string }> = {
  users_email_key: {
    slug: 'email-taken',
    detail: 'An account with this email already exists. Log in, or reset the password if it is forgotten.',
  },
  users_phone_key: {
    slug: 'phone-taken',
    detail: 'An account with this phone number already exists. Use another number or log in to that account.',
  },
  documents_one_pending_per_type_key: {
    slug: 'document-pending',
    detail:
      'A document of this type is already waiting for review. Wait for the decision before uploading another.',
  },
  ratings_job_id_rater_id_key: {
    slug: 'already-rated',
    detail: 'You have already rated this job; a rating cannot be changed.',
  },
  disputes_one_open_per_job_key: {
    slug: 'dispute-open',
    detail: 'A dispute about this job is already open; an admin resolves it before another can be opened.',
  },
};

export const GENERIC_CONFLICT_MESSAGE = 'The request conflicts with data that already exists.';

/** True when `error` is PostgreSQL refusing a row because of the unique constraint or index `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && driverError.constraint === constraint;
}
