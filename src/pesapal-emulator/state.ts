import { randomBytes, randomUUID } from 'node:crypto';

export type OrderState = 'PENDING' | 'COMPLETED' | 'FAILED' | 'REVERSED' | 'CANCELLED';
export type Operation =
  | 'RequestToken'
  | 'RegisterIPN'
  | 'GetIpnList'
  | 'SubmitOrderRequest'
  | 'GetTransactionStatus'
  | 'RefundRequest'
  | 'CancelOrder';
/** timeout: never answers; slow: answers normally after `delayMs`; http500 and bad-json: broken answers. */
export type FaultMode = 'http500' | 'timeout' | 'bad-json' | 'slow';

export interface Fault {
  mode: FaultMode;
  remaining: number;
  delayMs?: number;
}

export interface EmulatorMerchant {
  consumerKey: string;
  consumerSecret: string;
}

export interface IpnRegistration {
  id: number;
  merchantKey: string;
  ipnId: string;
  url: string;
  method: 'GET' | 'POST';
  createdDate: string;
}

export interface Order {
  orderTrackingId: string;
  merchantKey: string;
  merchantReference: string;
  amount: number;
  currency: string;
  description: string;
  callbackUrl: string;
  cancellationUrl: string | null;
  notificationId: string;
  redirectMode: string;
  createdDate: string;
  state: OrderState;
  paymentMethod: string;
  paymentAccount: string;
  confirmationCode: string;
  failureDescription: string | null;
  refund: null | {
    amount: number;
    username: string;
    remarks: string;
    state: 'pending' | 'approved' | 'rejected';
  };
}

export interface CallRecord {
  operation: Operation;
  method: string;
  path: string;
  at: string;
  orderTrackingId: string | null;
  httpStatus: number;
}

export interface IpnAttempt {
  orderTrackingId: string;
  at: string;
  method: string;
  url: string;
  body: string | null;
  httpStatus: number | null;
  responseBody: string | null;
  acknowledged: boolean;
  attempt: number;
}

/** Behaviours PesaPal leaves unconfirmed (docs/pesapal.md §9), switchable by tests. */
export interface Switches {
  duplicateReference: 'return_existing' | 'reject' | 'allow_new';
  ackStrictness: 'http_only' | 'body_status' | 'full_echo';
  ipnDelayMs: number;
  suppressIpn: boolean;
  tokenTtlSeconds: number;
  refundAutoApproveMs: number | null;
}

/** Everything one emulator instance remembers. No module-level state: several emulators share a process. */
export class EmulatorState {
  readonly tokens = new Map<string, { merchantKey: string; expiresAt: number }>();
  readonly ipns: IpnRegistration[] = [];
  readonly orders = new Map<string, Order>();
  readonly calls: CallRecord[] = [];
  readonly ipnAttempts: IpnAttempt[] = [];
  readonly faults = new Map<Operation, Fault>();
  switches: Switches;
  private nextIpnNumber = 4278;

  constructor(
    readonly merchants: EmulatorMerchant[],
    private readonly defaults: Switches,
  ) {
    this.switches = { ...defaults };
  }

  reset(): void {
    this.tokens.clear();
    this.ipns.length = 0;
    this.orders.clear();
    this.calls.length = 0;
    this.ipnAttempts.length = 0;
    this.faults.clear();
    this.switches = { ...this.defaults };
  }

  issueToken(merchantKey: string): { token: string; expiresAt: Date } {
    const token = `${randomBytes(24).toString('base64url')}.${randomBytes(24).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + this.switches.tokenTtlSeconds * 1000);
    this.tokens.set(token, { merchantKey, expiresAt: expiresAt.getTime() });
    return { token, expiresAt };
  }

  merchantForToken(token: string | undefined): string | undefined {
    const entry = token ? this.tokens.get(token) : undefined;
    return entry && entry.expiresAt > Date.now() ? entry.merchantKey : undefined;
  }

  registerIpn(merchantKey: string, url: string, method: 'GET' | 'POST'): IpnRegistration {
    const registration = {
      id: this.nextIpnNumber++,
      merchantKey,
      ipnId: randomUUID(),
      url,
      method,
      createdDate: utcDate(),
    };
    this.ipns.push(registration);
    return registration;
  }

  /** A fault set for the operation, consumed once per call. */
  takeFault(operation: Operation): Fault | undefined {
    const fault = this.faults.get(operation);
    if (!fault) return undefined;
    if (--fault.remaining <= 0) this.faults.delete(operation);
    return fault;
  }
}

/** UTC with 7 fractional digits and Z, as .NET writes it (tokens, IPN registrations). */
export function utcDate(date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** East Africa Time without an offset, as transaction dates appear on the wire. */
export function eatDate(date = new Date()): string {
  return new Date(date.getTime() + 3 * 3600_000).toISOString().replace(/Z$/, '');
}
