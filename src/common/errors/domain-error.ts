/**
 * Business rules fail by throwing a DomainError with a stable code; the global filter turns it into
 * problem+json with the HTTP status from ERROR_STATUS. Modules add their codes to this table.
 */
export const ERROR_STATUS = {
  RATE_LIMITED: 429,
  NOT_READY: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class DomainError extends Error {
  override name = 'DomainError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra members for the problem document, e.g. `{ checks }`. Never internals. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
