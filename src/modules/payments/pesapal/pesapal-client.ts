import { Injectable, Logger } from '@nestjs/common';
import type { z } from 'zod';
import { PesapalConnection } from './pesapal-connection.js';
import { PesapalApiError, PesapalUnavailableError } from './pesapal.errors.js';
import {
  envelope,
  ipnList,
  ipnRegistration,
  orderResponse,
  simpleResult,
  tokenResponse,
  transactionStatus,
  type Envelope,
} from './pesapal.schemas.js';

/** Renew tokens this long before PesaPal's expiry, and keep one at most 5 minutes (docs/pesapal.md §2). */
const TOKEN_MARGIN_MS = 60_000;
const TOKEN_MAX_AGE_MS = 5 * 60_000;

export type PaymentState = 'pending' | 'completed' | 'failed' | 'reversed';

/** PesaPal's GetTransactionStatus answer, parsed (its own word for a payment's state, not ours). */
export interface PesapalStatusAnswer {
  /** From `status_code` only (0 INVALID = not paid yet, 1 COMPLETED, 2 FAILED, 3 REVERSED). */
  state: PaymentState;
  paymentMethod: string | null;
  amount: number | null;
  currency: string | null;
  confirmationCode: string | null;
  paymentAccount: string | null;
  merchantReference: string | null;
  description: string | null;
  /** The whole answer, stored for support. */
  raw: Record<string, unknown>;
}

export interface OrderRequest {
  merchantReference: string;
  currency: string;
  amount: number;
  description: string;
  callbackUrl: string;
  cancellationUrl?: string;
  notificationId: string;
  billing: {
    email: string | null;
    phone: string | null;
    firstName: string;
    lastName: string;
  };
}

export interface SubmittedOrder {
  orderTrackingId: string;
  redirectUrl: string;
}

const STATES: PaymentState[] = ['pending', 'completed', 'failed', 'reversed'];

/**
 * Typed PesaPal API 3.0 client. Every call has a timeout; answers are validated before use; PesaPal's
 * in-body errors (HTTP 200 with `status: "500"` and an error object) become PesapalApiError and
 * transport failures PesapalUnavailableError. The bearer token is cached until shortly before it
 * expires, concurrent callers share one renewal, and one authentication error triggers one re-login.
 */
@Injectable()
export class PesapalClient {
  private readonly logger = new Logger(PesapalClient.name);
  private token?: { value: string; renewAt: number };
  private renewal?: Promise<string>;

  constructor(private readonly connection: PesapalConnection) {}

  async registerIpn(url: string, method: 'GET' | 'POST'): Promise<string> {
    const body = await this.authorized('RegisterIPN', 'POST', '/api/URLSetup/RegisterIPN', ipnRegistration, {
      url,
      ipn_notification_type: method,
    });
    return body.ipn_id;
  }

  async listIpns(): Promise<{ url: string; ipnId: string }[]> {
    const list = await this.authorized('GetIpnList', 'GET', '/api/URLSetup/GetIpnList', ipnList);
    return list.map((item) => ({ url: item.url, ipnId: item.ipn_id }));
  }

  async submitOrder(order: OrderRequest): Promise<SubmittedOrder> {
    const body = await this.authorized(
      'SubmitOrderRequest',
      'POST',
      '/api/Transactions/SubmitOrderRequest',
      orderResponse,
      {
        id: order.merchantReference,
        currency: order.currency,
        amount: order.amount,
        description: order.description,
        callback_url: order.callbackUrl,
        cancellation_url: order.cancellationUrl,
        notification_id: order.notificationId,
        redirect_mode: 'TOP_WINDOW',
        billing_address: {
          email_address: order.billing.email ?? '',
          phone_number: order.billing.phone ?? '',
          country_code: 'UG',
          first_name: order.billing.firstName,
          last_name: order.billing.lastName,
        },
      },
    );
    return { orderTrackingId: body.order_tracking_id, redirectUrl: body.redirect_url };
  }

  /** "Not paid yet" (status_code 0 with payment_details_not_found) is a state here, not an error. */
  async getTransactionStatus(orderTrackingId: string): Promise<PesapalStatusAnswer> {
    const path = `/api/Transactions/GetTransactionStatus?orderTrackingId=${encodeURIComponent(orderTrackingId)}`;
    const body = await this.authorized('GetTransactionStatus', 'GET', path, transactionStatus, undefined, {
      pendingIsAnswer: true,
    });
    const code = body.status_code ?? 0;
    return {
      state: STATES[code],
      paymentMethod: body.payment_method || null,
      amount: body.amount ?? null,
      currency: body.currency ?? null,
      confirmationCode: body.confirmation_code || null,
      paymentAccount: body.payment_account || null,
      merchantReference: body.merchant_reference ?? null,
      description: body.description ?? null,
      raw: body,
    };
  }

  /** True when PesaPal queued the refund; false (with its message) when it refused. */
  async requestRefund(input: {
    confirmationCode: string;
    amount: number;
    username: string;
    remarks: string;
  }): Promise<{ accepted: boolean; message: string }> {
    const body = await this.authorized(
      'RefundRequest',
      'POST',
      '/api/Transactions/RefundRequest',
      simpleResult,
      {
        confirmation_code: input.confirmationCode,
        amount: input.amount,
        username: input.username,
        remarks: input.remarks,
      },
      { resultInStatus: true },
    );
    return { accepted: String(body.status) === '200', message: body.message ?? '' };
  }

  async cancelOrder(orderTrackingId: string): Promise<{ cancelled: boolean; message: string }> {
    const body = await this.authorized(
      'CancelOrder',
      'POST',
      '/api/Transactions/CancelOrder',
      simpleResult,
      {
        order_tracking_id: orderTrackingId,
      },
      { resultInStatus: true },
    );
    return { cancelled: String(body.status) === '200', message: body.message ?? '' };
  }

  /** The cached token, or one renewal shared by every caller waiting for it. */
  private accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.renewAt) return Promise.resolve(this.token.value);
    this.renewal ??= this.requestToken().finally(() => (this.renewal = undefined));
    return this.renewal;
  }

  private async requestToken(): Promise<string> {
    const answer = await this.call('RequestToken', 'POST', '/api/Auth/RequestToken', undefined, {
      consumer_key: this.connection.consumerKey,
      consumer_secret: this.connection.consumerSecret,
    });
    throwIfError('RequestToken', answer);
    const body = parse('RequestToken', tokenResponse, answer);
    const expiresAt = Date.parse(body.expiryDate.endsWith('Z') ? body.expiryDate : `${body.expiryDate}Z`);
    const renewAt = Math.min(
      Number.isNaN(expiresAt) ? Date.now() : expiresAt - TOKEN_MARGIN_MS,
      Date.now() + TOKEN_MAX_AGE_MS - TOKEN_MARGIN_MS,
    );
    this.token = { value: body.token, renewAt };
    return body.token;
  }

  private async authorized<S extends z.ZodTypeAny>(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    schema: S,
    body?: unknown,
    options: { pendingIsAnswer?: boolean; resultInStatus?: boolean } = {},
  ): Promise<z.infer<S>> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.accessToken();
      const answer = await this.call(operation, method, path, token, body);
      try {
        if (!options.resultInStatus && !(options.pendingIsAnswer && isPending(answer))) {
          throwIfError(operation, answer);
        } else if (isAuthenticationError(answer)) {
          throwIfError(operation, answer);
        }
        return parse(operation, schema, answer);
      } catch (error) {
        if (error instanceof PesapalApiError && error.isAuthentication && attempt === 1) {
          this.logger.warn({ operation }, 'PesaPal refused our token; logging in again');
          this.token = undefined;
          continue;
        }
        throw error;
      }
    }
  }

  private async call(
    operation: string,
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.connection.baseUrl}${path}`, {
        method,
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.connection.timeoutMs),
      });
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.connection.timeoutMs} ms`
          : String((error as Error).message);
      throw new PesapalUnavailableError(operation, reason);
    }
    const text = await response.text().catch(() => '');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new PesapalUnavailableError(operation, `HTTP ${response.status} with a body that is not JSON`);
    }
    // PesaPal reports most errors inside the body, sometimes with HTTP 500: a body with an error object is
    // an API answer whatever the status; any other non-2xx is a transport failure.
    if (!response.ok && !hasErrorObject(json)) {
      throw new PesapalUnavailableError(operation, `HTTP ${response.status}`);
    }
    return json;
  }
}

function hasErrorObject(json: unknown): boolean {
  const parsed = envelope.safeParse(json);
  return parsed.success && parsed.data.error?.code != null;
}

function isPending(json: unknown): boolean {
  const parsed = envelope.safeParse(json);
  return parsed.success && parsed.data.error?.code === 'payment_details_not_found';
}

function isAuthenticationError(json: unknown): boolean {
  const parsed = envelope.safeParse(json);
  const error = parsed.success ? parsed.data.error : undefined;
  return (error?.error_type ?? error?.type) === 'authentication_error';
}

/** An error object with a code is an error whatever `status` says; all-null is not (docs/pesapal.md §8). */
function throwIfError(operation: string, json: unknown): void {
  const parsed = envelope.safeParse(json);
  if (!parsed.success) return;
  const error: Envelope['error'] = parsed.data.error;
  if (error?.code != null) {
    throw new PesapalApiError(
      operation,
      error.error_type ?? error.type ?? null,
      error.code,
      error.message ?? null,
    );
  }
  if (parsed.data.status != null && String(parsed.data.status) !== '200') {
    throw new PesapalApiError(operation, null, null, `status ${String(parsed.data.status)}`);
  }
}

function parse<S extends z.ZodTypeAny>(operation: string, schema: S, json: unknown): z.infer<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new PesapalUnavailableError(
      operation,
      `unexpected answer: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}
