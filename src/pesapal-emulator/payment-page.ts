import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { queryValue } from './api-routes.js';
import type { IpnDispatcher } from './ipn-dispatcher.js';
import type { EmulatorState, Order } from './state.js';

const OUTCOMES = {
  mtn: { method: 'MTNUG', account: () => `25677${randomDigits(3)}xxx${randomDigits(2)}` },
  airtel: { method: 'AIRTELUG', account: () => `25670${randomDigits(3)}xxx${randomDigits(2)}` },
  card: { method: 'Visa', account: () => `476173**${randomDigits(4)}` },
} as const;

/**
 * Stand-in for PesaPal's hosted payment page: an order summary and one form whose buttons pay with MTN,
 * Airtel or card, fail, or cancel. Submitting applies the outcome, schedules the IPN and sends the
 * browser to the merchant's callback URL, as PesaPal does.
 */
export function registerPaymentPage(app: FastifyInstance, state: EmulatorState, ipn: IpnDispatcher): void {
  const page = (
    request: { query: unknown },
    reply: { type: (t: string) => { send: (b: string) => unknown } },
  ) => {
    const id = queryValue(request as never, 'ordertrackingid');
    const order = id ? state.orders.get(id) : undefined;
    return reply
      .type('text/html; charset=utf-8')
      .send(order ? renderPage(order) : layout('<p>Unknown order.</p>'));
  };
  app.get('/pesapaliframe/PesapalIframe3/Index', page);
  app.get('/iframe/PesapalIframe3/Index', page);

  app.post('/pesapaliframe/PesapalIframe3/Pay', async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string>;
    const order = state.orders.get(form.OrderTrackingId ?? '');
    if (!order) return reply.code(404).type('text/html').send(layout('<p>Unknown order.</p>'));
    if (!payable(order)) return reply.type('text/html').send(renderPage(order));
    const outcome = form.outcome;
    if (outcome === 'mtn' || outcome === 'airtel' || outcome === 'card') {
      order.state = 'COMPLETED';
      order.paymentMethod = OUTCOMES[outcome].method;
      order.paymentAccount = OUTCOMES[outcome].account();
      order.confirmationCode = `${order.paymentMethod.slice(0, 3).toUpperCase()}${randomBytes(5).toString('hex').toUpperCase()}`;
      ipn.schedule(order);
    } else if (outcome === 'fail') {
      order.state = 'FAILED';
      order.paymentMethod = 'MTNUG';
      order.failureDescription = 'The payer did not approve the mobile money prompt.';
      ipn.schedule(order);
    }
    const target = new URL(
      outcome === 'cancel' && order.cancellationUrl ? order.cancellationUrl : order.callbackUrl,
    );
    target.searchParams.set('OrderTrackingId', order.orderTrackingId);
    target.searchParams.set('OrderMerchantReference', order.merchantReference);
    target.searchParams.set('OrderNotificationType', 'CALLBACKURL');
    if (order.redirectMode === 'PARENT_WINDOW') {
      return reply
        .type('text/html')
        .send(
          `<!doctype html><script>window.parent.location.href = ${JSON.stringify(target.toString())};</script>`,
        );
    }
    return reply.redirect(target.toString(), 303);
  });
}

function payable(order: Order): boolean {
  return order.state === 'PENDING' || order.state === 'FAILED';
}

function renderPage(order: Order): string {
  const summary = `<h1>Pay ${escape(order.currency)} ${order.amount.toLocaleString('en-UG')}</h1>
<p>${escape(order.description)}</p><p>Reference: ${escape(order.merchantReference)}</p>`;
  if (!payable(order)) {
    const status =
      order.state === 'CANCELLED'
        ? 'This order was cancelled.'
        : `This order is ${order.state.toLowerCase()}.`;
    return layout(`${summary}<p id="order-status">${status}</p>`);
  }
  const button = (id: string, value: string, label: string) =>
    `<button id="${id}" name="outcome" value="${value}" style="display:block;margin:8px 0;padding:10px;width:100%">${label}</button>`;
  return layout(`${summary}
<form method="post" action="/pesapaliframe/PesapalIframe3/Pay">
<input type="hidden" name="OrderTrackingId" value="${escape(order.orderTrackingId)}">
${button('pay-mtn', 'mtn', 'Pay with MTN Mobile Money')}
${button('pay-airtel', 'airtel', 'Pay with Airtel Money')}
${button('pay-card', 'card', 'Pay with card')}
${button('pay-fail', 'fail', 'Fail')}
${button('pay-cancel', 'cancel', 'Cancel')}
</form>`);
}

function layout(content: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>PesaPal (emulator)</title></head>
<body style="font-family:Arial,sans-serif;max-width:420px;margin:40px auto">
<p style="color:#888">PesaPal emulator: no real money moves here.</p>${content}</body></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function randomDigits(count: number): string {
  return Array.from({ length: count }, () => Math.floor(Math.random() * 10)).join('');
}
