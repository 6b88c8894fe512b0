import { DomainError } from '../../common/errors/domain-error.js';

/** 403 for actions that need a verified email (posting, accepting, paying), saying how to get a new link. */
export function emailNotVerified(action: string): DomainError {
  return new DomainError(
    'EMAIL_NOT_VERIFIED',
    `Verify your email before ${action}; ask for a new link with POST /api/v1/auth/verify-email/resend.`,
  );
}
