import type { EmulatorState, IpnAttempt, Order } from './state.js';

/**
 * Sends IPNs the way PesaPal does: to the URL registered under the order's notification_id, with the
 * registered method and the three PascalCase identifiers, retrying on the configured schedule until an
 * acknowledgement arrives. Every attempt is recorded for tests.
 */
export class IpnDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly state: EmulatorState,
    private readonly retryDelaysMs: number[],
    private readonly timeoutMs: number,
  ) {}

  /** After a state change: honours the suppress and delay switches, then delivers with retries. */
  schedule(order: Order, copies = 1): void {
    if (this.state.switches.suppressIpn) return;
    this.later(this.state.switches.ipnDelayMs, () => {
      for (let i = 0; i < copies; i++) void this.deliverWithRetries(order, 'IPNCHANGE', 0);
    });
  }

  /** Delivers now, once per copy, concurrently; resolves with each first attempt's result. */
  deliverNow(order: Order, copies: number, notificationType = 'IPNCHANGE'): Promise<IpnAttempt[]> {
    return Promise.all(
      Array.from({ length: copies }, () => this.deliverWithRetries(order, notificationType, 0)),
    );
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async deliverWithRetries(
    order: Order,
    notificationType: string,
    retry: number,
  ): Promise<IpnAttempt> {
    const attempt = await this.attempt(order, notificationType, retry + 1);
    if (!attempt.acknowledged && retry < this.retryDelaysMs.length) {
      this.later(
        this.retryDelaysMs[retry],
        () => void this.deliverWithRetries(order, notificationType, retry + 1),
      );
    }
    return attempt;
  }

  private async attempt(order: Order, notificationType: string, number: number): Promise<IpnAttempt> {
    const registration = this.state.ipns.find((ipn) => ipn.ipnId === order.notificationId);
    const params = {
      OrderTrackingId: order.orderTrackingId,
      OrderMerchantReference: order.merchantReference,
      OrderNotificationType: notificationType,
    };
    const record: IpnAttempt = {
      orderTrackingId: order.orderTrackingId,
      at: new Date().toISOString(),
      method: registration?.method ?? 'GET',
      url: registration?.url ?? '',
      body: null,
      httpStatus: null,
      responseBody: null,
      acknowledged: false,
      attempt: number,
    };
    if (!registration || this.closed) {
      this.state.ipnAttempts.push(record);
      return record;
    }
    const url = new URL(registration.url);
    let init: RequestInit = { method: 'GET', headers: { 'User-Agent': 'Qgig-PesaPal-Emulator/1.0' } };
    if (registration.method === 'GET') {
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    } else {
      record.body = JSON.stringify(params);
      init = {
        method: 'POST',
        headers: { ...init.headers, 'Content-Type': 'application/json' },
        body: record.body,
      };
    }
    record.url = url.toString();
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
      record.httpStatus = res.status;
      record.responseBody = await res.text();
      record.acknowledged = this.isAcknowledged(res.status, record.responseBody, params);
    } catch (error) {
      record.responseBody = String((error as Error).message);
    }
    this.state.ipnAttempts.push(record);
    return record;
  }

  private isAcknowledged(status: number, body: string, params: Record<string, string>): boolean {
    if (status < 200 || status >= 300) return false;
    if (this.state.switches.ackStrictness === 'http_only') return true;
    let json: Record<string, unknown>;
    try {
      json = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return false;
    }
    if (Number(json.status) !== 200) return false;
    if (this.state.switches.ackStrictness === 'body_status') return true;
    return (
      json.orderTrackingId === params.OrderTrackingId &&
      json.orderMerchantReference === params.OrderMerchantReference
    );
  }

  private later(delayMs: number, work: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) work();
    }, delayMs);
    this.timers.add(timer);
  }
}
