/** PesaPal could not be reached, timed out, or answered something that is not its API (HTTP 5xx, HTML…). */
export class PesapalUnavailableError extends Error {
  override name = 'PesapalUnavailableError';

  constructor(
    readonly operation: string,
    reason: string,
  ) {
    super(`PesaPal ${operation} failed: ${reason}`);
  }
}

/** PesaPal answered with an error object (often inside an HTTP 200 with body `status: "500"`). */
export class PesapalApiError extends Error {
  override name = 'PesapalApiError';

  constructor(
    readonly operation: string,
    readonly errorType: string | null,
    readonly code: string | null,
    readonly detail: string | null,
  ) {
    super(`PesaPal ${operation} refused: ${code ?? 'unknown_error'}${detail ? ` (${detail})` : ''}`);
  }

  get isAuthentication(): boolean {
    return this.errorType === 'authentication_error' || this.code === 'invalid_api_credentials_provided';
  }

  /** SubmitOrderRequest with a notification_id PesaPal does not know (e.g. registered on another account). */
  get isUnknownIpn(): boolean {
    return this.code === 'invalid_api_request_parameters' && /IPN/i.test(this.detail ?? '');
  }
}
