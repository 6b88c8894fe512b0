import Fastify, { type FastifyInstance } from 'fastify';
import {
  DEFAULT_EMULATOR_MERCHANT,
  startPesapalEmulator,
  type RunningPesapalEmulator,
} from '../src/pesapal-emulator/emulator.js';

/** The emulator's own fidelity to PesaPal's wire format (docs/pesapal.md §9), over HTTP, without the app. */
describe('PesaPal emulator wire format', () => {
  let emulator: RunningPesapalEmulator;
  let receiver: FastifyInstance;
  const received: { method: string; query: unknown; body: unknown }[] = [];
  let ackStatus = 200;

  beforeAll(async () => {
    emulator = await startPesapalEmulator({ ipnRetryDelaysMs: [50, 100] });
    receiver = Fastify();
    receiver.all('/ipn', async (request) => {
      received.push({ method: request.method, query: request.query, body: request.body });
      const q = request.query as Record<string, string>;
      return {
        orderNotificationType: 'IPNCHANGE',
        orderTrackingId: q.OrderTrackingId ?? '',
        orderMerchantReference: '',
        status: ackStatus,
      };
    });
    await receiver.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await emulator.close();
    await receiver.close();
  });

  const api = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${emulator.baseUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const token = async () =>
    (
      await api('POST', '/api/Auth/RequestToken', undefined, {
        consumer_key: DEFAULT_EMULATOR_MERCHANT.consumerKey,
        consumer_secret: DEFAULT_EMULATOR_MERCHANT.consumerSecret,
      })
    ).body.token as string;
  const ipnUrl = () => `http://127.0.0.1:${(receiver.server.address() as { port: number }).port}/ipn`;
  const order = async (
    bearer: string,
    ipnId: string,
    id = `QG-${Date.now()}${Math.random()}`.replace('.', ''),
  ) =>
    api('POST', '/api/Transactions/SubmitOrderRequest', bearer, {
      id,
      currency: 'UGX',
      amount: 150000,
      description: 'Shift payment',
      callback_url: 'https://app.example.ug/payments/return',
      notification_id: ipnId,
      billing_address: { email_address: 'ops@clinic.example.ug', country_code: 'UG' },
    });

  it('RequestToken: token with a .NET UTC expiry; bad keys → error object in HTTP 200', async () => {
    const ok = await api('POST', '/api/Auth/RequestToken', undefined, {
      consumer_key: DEFAULT_EMULATOR_MERCHANT.consumerKey,
      consumer_secret: DEFAULT_EMULATOR_MERCHANT.consumerSecret,
    });
    expect(Object.keys(ok.body).sort()).toEqual(['error', 'expiryDate', 'message', 'status', 'token']);
    expect(ok.body.status).toBe('200');
    expect(ok.body.expiryDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    const bad = await api('POST', '/api/auth/requesttoken', undefined, {
      consumer_key: 'x',
      consumer_secret: 'y',
    });
    expect(bad.status).toBe(200);
    expect(bad.body).toEqual({
      error: { error_type: 'api_error', code: 'invalid_consumer_key_or_secret_provided', message: '' },
      status: '500',
    });
  });

  it('protected routes refuse a missing token with authentication_error and no status member', async () => {
    const res = await api('GET', '/api/URLSetup/GetIpnList');
    expect(res.body).toEqual({
      error: {
        error_type: 'authentication_error',
        code: 'invalid_api_credentials_provided',
        message: 'Invalid Access Token',
      },
    });
  });

  it('RegisterIPN answers the misspelt ipn_status_decription; GetIpnList is a bare array', async () => {
    const bearer = await token();
    const res = await api('POST', '/api/URLSetup/RegisterIPN', bearer, {
      url: ipnUrl(),
      ipn_notification_type: 'GET',
    });
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'created_date',
        'error',
        'id',
        'ipn_id',
        'ipn_notification_type_description',
        'ipn_status',
        'ipn_status_decription',
        'notification_type',
        'status',
        'url',
      ].sort(),
    );
    expect(res.body).toEqual(expect.objectContaining({ notification_type: 0, ipn_status: 1, status: '200' }));
    const list = await api('GET', '/api/URLSetup/GetIpnList', bearer);
    expect(Array.isArray(list.body)).toBe(true);
    expect(list.body).toContainEqual(
      expect.objectContaining({ ipn_id: res.body.ipn_id, url: ipnUrl(), status: '200' }),
    );
  });

  it('orders: unknown IPN id refused; pending status is HTTP 200 with body "500"; completed has all-null error', async () => {
    const bearer = await token();
    const refused = await order(bearer, '00000000-0000-0000-0000-000000000000');
    expect(refused.body.error).toEqual(
      expect.objectContaining({
        error_type: 'invalid_request_error',
        code: 'invalid_api_request_parameters',
      }),
    );
    const ipn = await api('POST', '/api/URLSetup/RegisterIPN', bearer, {
      url: ipnUrl(),
      ipn_notification_type: 'GET',
    });
    const created = await order(bearer, ipn.body.ipn_id as string);
    expect(Object.keys(created.body).sort()).toEqual([
      'error',
      'merchant_reference',
      'order_tracking_id',
      'redirect_url',
      'status',
    ]);
    const id = created.body.order_tracking_id as string;

    const pending = await api('GET', `/api/Transactions/GetTransactionStatus?ORDERTRACKINGID=${id}`, bearer);
    expect(pending.status).toBe(200);
    expect(pending.body).toEqual(
      expect.objectContaining({
        status: '500',
        status_code: 0,
        payment_status_description: 'INVALID',
        error: expect.objectContaining({ code: 'payment_details_not_found', message: 'Pending Payment' }),
      }),
    );
    expect(pending.body.created_date).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+$/);

    ackStatus = 500; // refuse the first deliveries: the emulator retries
    await fetch(`${emulator.origin}/__emulator/orders/${id}/outcome`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'COMPLETED' }),
    });
    const deadline = Date.now() + 5_000;
    while (received.filter((r) => (r.query as Record<string, string>).OrderTrackingId === id).length < 3) {
      if (Date.now() > deadline) throw new Error('IPN retries did not arrive');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    ackStatus = 200;
    const ipnCall = received.find((r) => (r.query as Record<string, string>).OrderTrackingId === id)!;
    expect(ipnCall.method).toBe('GET');
    expect(ipnCall.query).toEqual({
      OrderTrackingId: id,
      OrderMerchantReference: created.body.merchant_reference,
      OrderNotificationType: 'IPNCHANGE',
    });

    const completed = await api(
      'GET',
      `/api/Transactions/GetTransactionStatus?orderTrackingId=${id}`,
      bearer,
    );
    expect(completed.body).toEqual(
      expect.objectContaining({
        status: '200',
        status_code: 1,
        payment_status_description: 'Completed',
        confirmation_code: expect.stringMatching(/\S+/),
        error: { error_type: null, code: null, message: null, call_back_url: null },
      }),
    );
    const cancel = await api('POST', '/api/Transactions/CancelOrder', bearer, { order_tracking_id: id });
    expect(cancel.body).toEqual({ status: '500', message: 'Order could not be cancelled.' });
  });

  it('the control API injects faults per operation', async () => {
    await fetch(`${emulator.origin}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operation: 'GetIpnList', mode: 'http500', times: 1 }),
    });
    const bearer = await token();
    const failed = await fetch(`${emulator.baseUrl}/api/URLSetup/GetIpnList`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(failed.status).toBe(500);
    expect((await api('GET', '/api/URLSetup/GetIpnList', bearer)).status).toBe(200);
  });
});
