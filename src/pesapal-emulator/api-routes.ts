import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IpnDispatcher } from './ipn-dispatcher.js';
import { transactionStatusBody, wire } from './responses.js';
import { eatDate, utcDate, type EmulatorState, type Operation, type Order } from './state.js';

export const API_BASE_PATH = '/pesapalv3';
const ENABLED_CURRENCIES = ['UGX', 'KES', 'TZS', 'USD'];
const REFERENCE = /^[A-Za-z0-9\-_.:]{1,50}$/;

type Handler = (
  request: FastifyRequest,
  merchantKey: string,
) => { body: unknown; orderTrackingId?: string | null };

/** The PesaPal API 3.0 endpoints (docs/pesapal.md §1–§7), with call log and fault injection around each. */
export function registerApiRoutes(
  app: FastifyInstance,
  state: EmulatorState,
  ipn: IpnDispatcher,
  origin: () => string,
): void {
  const route = (
    method: 'GET' | 'POST',
    path: string,
    operation: Operation,
    authenticated: boolean,
    handler: Handler,
  ) => {
    app.route({
      method,
      url: `${API_BASE_PATH}${path}`,
      handler: async (request, reply) => {
        const record = {
          operation,
          method,
          path: request.url,
          at: new Date().toISOString(),
          orderTrackingId: null as string | null,
          httpStatus: 200,
        };
        state.calls.push(record);
        const taken = state.takeFault(operation);
        const fault = taken?.mode;
        if (fault === 'timeout') return hang(reply);
        if (fault === 'slow') await new Promise((resolve) => setTimeout(resolve, taken?.delayMs ?? 0));
        if (fault === 'http500') {
          record.httpStatus = 500;
          return reply
            .code(500)
            .type('text/html')
            .send('<html><body>500 Internal Server Error</body></html>');
        }
        if (fault === 'bad-json') return reply.code(200).type('application/json').send('{"status": "20');
        let merchantKey = '';
        if (authenticated) {
          const token = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
          const found = state.merchantForToken(token);
          if (!found) {
            record.httpStatus = 500;
            return reply.code(500).send(wire.invalidToken());
          }
          merchantKey = found;
        }
        const result = handler(request, merchantKey);
        record.orderTrackingId = result.orderTrackingId ?? null;
        return reply.code(200).header('content-type', 'application/json; charset=utf-8').send(result.body);
      },
    });
  };

  route('POST', '/api/Auth/RequestToken', 'RequestToken', false, (request) => {
    const body = objectBody(request);
    const merchant = state.merchants.find(
      (m) => m.consumerKey === body.consumer_key && m.consumerSecret === body.consumer_secret,
    );
    if (!merchant) return { body: wire.invalidCredentials() };
    const { token, expiresAt } = state.issueToken(merchant.consumerKey);
    return {
      body: {
        token,
        expiryDate: utcDate(expiresAt),
        error: null,
        status: '200',
        message: 'Request processed successfully',
      },
    };
  });

  route('POST', '/api/URLSetup/RegisterIPN', 'RegisterIPN', true, (request, merchantKey) => {
    const body = objectBody(request);
    const method = String(body.ipn_notification_type ?? '').toUpperCase();
    if (
      typeof body.url !== 'string' ||
      !/^https?:\/\/\S+$/.test(body.url) ||
      (method !== 'GET' && method !== 'POST')
    ) {
      return {
        body: wire.invalidParameters(
          'url must be an absolute http(s) URL and ipn_notification_type GET or POST',
        ),
      };
    }
    const ipn = state.registerIpn(merchantKey, body.url, method);
    return {
      body: {
        id: ipn.id,
        url: ipn.url,
        created_date: ipn.createdDate,
        ipn_id: ipn.ipnId,
        notification_type: method === 'GET' ? 0 : 1,
        ipn_notification_type_description: method,
        ipn_status: 1,
        ipn_status_decription: 'Active',
        error: null,
        status: '200',
      },
    };
  });

  route('GET', '/api/URLSetup/GetIpnList', 'GetIpnList', true, (_request, merchantKey) => ({
    body: state.ipns
      .filter((ipn) => ipn.merchantKey === merchantKey)
      .map((ipn) => ({
        url: ipn.url,
        created_date: ipn.createdDate,
        ipn_id: ipn.ipnId,
        error: null,
        status: '200',
      })),
  }));

  route(
    'POST',
    '/api/Transactions/SubmitOrderRequest',
    'SubmitOrderRequest',
    true,
    (request, merchantKey) => {
      const body = objectBody(request);
      if (!state.ipns.some((ipn) => ipn.merchantKey === merchantKey && ipn.ipnId === body.notification_id)) {
        return { body: wire.invalidParameters('Invalid IPN URL ID provided.Check format and try again') };
      }
      const billing = body.billing_address as Record<string, unknown> | undefined;
      if (!billing || typeof billing !== 'object') {
        return {
          body: wire.error(
            'api_error',
            'missing_mandatory_billing_address',
            'Please provide billing details information on your API request.',
          ),
        };
      }
      const problem = orderProblem(body, billing);
      if (problem) return { body: wire.invalidParameters(problem) };
      const reference = String(body.id);
      const existing = [...state.orders.values()].find(
        (o) => o.merchantKey === merchantKey && o.merchantReference === reference,
      );
      if (existing && state.switches.duplicateReference === 'reject') {
        return { body: wire.invalidParameters('Duplicate merchant reference') };
      }
      const order: Order =
        existing && state.switches.duplicateReference === 'return_existing'
          ? existing
          : newOrder(merchantKey, body, reference);
      state.orders.set(order.orderTrackingId, order);
      return {
        orderTrackingId: order.orderTrackingId,
        body: {
          order_tracking_id: order.orderTrackingId,
          merchant_reference: order.merchantReference,
          redirect_url: `${origin()}/pesapaliframe/PesapalIframe3/Index?OrderTrackingId=${order.orderTrackingId}`,
          error: null,
          status: '200',
        },
      };
    },
  );

  route(
    'GET',
    '/api/Transactions/GetTransactionStatus',
    'GetTransactionStatus',
    true,
    (request, merchantKey) => {
      const id = queryValue(request, 'ordertrackingid');
      const order = id ? state.orders.get(id) : undefined;
      if (!order || order.merchantKey !== merchantKey) {
        return {
          orderTrackingId: id ?? null,
          body: wire.error('api_error', 'invalid_order_tracking_id', 'Invalid order tracking id'),
        };
      }
      return { orderTrackingId: order.orderTrackingId, body: transactionStatusBody(order) };
    },
  );

  route('POST', '/api/Transactions/RefundRequest', 'RefundRequest', true, (request, merchantKey) => {
    const body = objectBody(request);
    const fail = (message: string) => ({ body: { status: '500', message } });
    if (!body.confirmation_code || body.amount === undefined || !body.username || !body.remarks) {
      return fail('confirmation_code, amount, username and remarks are all required.');
    }
    const order = [...state.orders.values()].find(
      (o) =>
        o.merchantKey === merchantKey &&
        o.confirmationCode === body.confirmation_code &&
        o.state !== 'PENDING',
    );
    const amount = Number(body.amount);
    if (!order) return fail('Payment not found.');
    if (order.state !== 'COMPLETED') return fail('Only completed payments can be refunded.');
    if (order.refund) return fail('A refund was already requested for this payment.');
    if (!(amount > 0) || amount > order.amount) return fail('The refund amount exceeds the amount paid.');
    if (amount !== order.amount && order.paymentMethod !== 'Visa')
      return fail('Mobile money payments are refunded in full only.');
    order.refund = {
      amount,
      username: String(body.username),
      remarks: String(body.remarks),
      state: 'pending',
    };
    const autoApprove = state.switches.refundAutoApproveMs;
    if (autoApprove !== null) {
      setTimeout(() => {
        if (order.refund?.state !== 'pending') return;
        order.refund.state = 'approved';
        order.state = 'REVERSED';
        ipn.schedule(order);
      }, autoApprove).unref();
    }
    return {
      orderTrackingId: order.orderTrackingId,
      body: { status: '200', message: 'Refund request successfully received.' },
    };
  });

  route('POST', '/api/Transactions/CancelOrder', 'CancelOrder', true, (request, merchantKey) => {
    const id = String(objectBody(request).order_tracking_id ?? '');
    const order = state.orders.get(id);
    if (
      !order ||
      order.merchantKey !== merchantKey ||
      !(order.state === 'PENDING' || order.state === 'FAILED')
    ) {
      return {
        orderTrackingId: id || null,
        body: { status: '500', message: 'Order could not be cancelled.' },
      };
    }
    order.state = 'CANCELLED';
    return { orderTrackingId: id, body: { status: '200', message: 'Order successfully cancelled.' } };
  });
}

function newOrder(merchantKey: string, body: Record<string, unknown>, reference: string): Order {
  return {
    orderTrackingId: randomUUID(),
    merchantKey,
    merchantReference: reference,
    amount: Number(body.amount),
    currency: String(body.currency).toUpperCase(),
    description: String(body.description),
    callbackUrl: String(body.callback_url),
    cancellationUrl: typeof body.cancellation_url === 'string' ? body.cancellation_url : null,
    notificationId: String(body.notification_id),
    redirectMode: typeof body.redirect_mode === 'string' ? body.redirect_mode : 'TOP_WINDOW',
    createdDate: eatDate(),
    state: 'PENDING',
    paymentMethod: '',
    paymentAccount: '',
    confirmationCode: '',
    failureDescription: null,
    refund: null,
  };
}

/** Field rules checked after the IPN id and billing address (docs/pesapal.md §9); undefined = acceptable. */
function orderProblem(body: Record<string, unknown>, billing: Record<string, unknown>): string | undefined {
  if (!billing.email_address && !billing.phone_number) return 'Provide an email_address or a phone_number.';
  if (typeof body.id !== 'string' || !REFERENCE.test(body.id))
    return 'id must be 1-50 characters of letters, digits and -_.:';
  if (
    typeof body.description !== 'string' ||
    body.description.length === 0 ||
    body.description.length > 100
  ) {
    return 'description must be 1-100 characters.';
  }
  if (typeof body.currency !== 'string' || !ENABLED_CURRENCIES.includes(body.currency.toUpperCase())) {
    return 'currency is not enabled on this merchant account.';
  }
  if (!(Number(body.amount) > 0)) return 'amount must be a positive number.';
  if (
    body.redirect_mode !== undefined &&
    !['TOP_WINDOW', 'PARENT_WINDOW'].includes(String(body.redirect_mode))
  ) {
    return 'redirect_mode must be TOP_WINDOW or PARENT_WINDOW.';
  }
  if (typeof body.callback_url !== 'string' || !/^https?:\/\/\S+$/.test(body.callback_url)) {
    return 'callback_url must be an absolute URL.';
  }
  return undefined;
}

function objectBody(request: FastifyRequest): Record<string, unknown> {
  return request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
}

/** Query keys are matched case-insensitively, as ASP.NET binds them. */
export function queryValue(request: FastifyRequest, lowerKey: string): string | undefined {
  for (const [key, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (key.toLowerCase() === lowerKey && typeof value === 'string') return value;
  }
  return undefined;
}

/** Never answers; the socket is freed when the emulator closes or after two minutes. */
function hang(reply: FastifyReply): Promise<void> {
  reply.hijack();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      reply.raw.destroy();
      resolve();
    }, 120_000);
    timer.unref();
    reply.raw.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
