/**
 * Business rules fail by throwing a DomainError with a stable code; the global filter turns it into
 * problem+json with the HTTP status from ERROR_STATUS. Modules add their codes to this table.
 */
export const ERROR_STATUS = {
  // Generic
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  NOT_READY: 503,
  OVERLOADED: 503,
  // Authentication: the client must (re)authenticate
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  OTP_REQUIRED: 401,
  INVALID_OTP: 401,
  INVALID_REFRESH_TOKEN: 401,
  REFRESH_TOKEN_REUSED: 401,
  // Authorisation: authenticated but not allowed
  ACCOUNT_SUSPENDED: 403,
  FORBIDDEN_ROLE: 403,
  // Account flows
  INVALID_TOKEN: 400,
  WRONG_PASSWORD: 400,
  WRONG_OTP: 400,
  TWO_FACTOR_ALREADY_ENABLED: 409,
  TWO_FACTOR_NOT_SET_UP: 409,
  TWO_FACTOR_NOT_ENABLED: 409,
  // Profiles and documents
  PROFILE_NOT_FOUND: 404,
  FILE_TOO_LARGE: 413,
  UNSUPPORTED_FILE_TYPE: 415,
  MULTIPART_REQUIRED: 415,
  DOCUMENT_ALREADY_REVIEWED: 409,
  // Jobs
  INVALID_JOB_TRANSITION: 409,
  INVALID_PAYMENT_TRANSITION: 409,
  INSUFFICIENT_FUNDS: 409,
  INVALID_EARNINGS_TRANSITION: 409,
  DISPUTE_AMOUNT_TOO_HIGH: 400,
  JOB_DISPUTED: 409,
  JOB_TAKEN: 409,
  SCHEDULE_CONFLICT: 409,
  EMAIL_NOT_VERIFIED: 403,
  PROFILE_REQUIRED: 403,
  NOT_VERIFIED: 403,
  WRONG_PROFESSION: 403,
  ACCEPT_BLOCKED: 403,
  JOB_STARTED: 409,
  JOB_NOT_OPEN: 409,
  JOBS_IN_PROGRESS: 409,
  // Payments
  PAYMENT_PENDING: 409,
  ALREADY_PAID: 409,
  PAYMENT_PROVIDER_UNAVAILABLE: 502,
  INVALID_NOTIFICATION: 400,
  REFUND_NOT_ALLOWED: 409,
  REFUND_REFUSED: 409,
  // Payouts
  PAYOUT_ACCOUNT_NOT_FOUND: 404,
  PAYOUT_ACCOUNT_REQUIRED: 403,
  INVALID_PAYOUT_TRANSITION: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  RECEIPT_NOT_AVAILABLE: 409,
  // Disputes
  DISPUTE_NOT_ALLOWED: 409,
  DISPUTE_NOT_OPEN: 409,
  DISPUTE_OPEN: 409,
  // Shifts: attendance
  SHIFT_NOT_BOOKED: 409,
  ATTENDANCE_NOT_OPEN: 409,
  INVALID_ATTENDANCE_MOVE: 409,
  WRONG_ATTENDANCE_CODE: 400,
  ATTENDANCE_CODE_USED: 409,
  // Timesheets
  JOB_NOT_PAID: 409,
  TIMESHEET_TOO_EARLY: 409,
  INVALID_TIMESHEET_TRANSITION: 409,
  // Ratings
  RATING_NOT_OPEN: 409,
  RATING_WINDOW_CLOSED: 409,
  // Users
  INVALID_USER_TRANSITION: 409,
  // Admin
  CANNOT_SUSPEND_ADMIN: 403,
  NOT_SUSPENDED: 409,
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
