import Fastify from 'fastify';
import { API_BASE_PATH, registerApiRoutes } from './api-routes.js';
import { registerControlRoutes } from './control-routes.js';
import { IpnDispatcher } from './ipn-dispatcher.js';
import { registerPaymentPage } from './payment-page.js';
import { EmulatorState, type EmulatorMerchant } from './state.js';

export type { EmulatorMerchant } from './state.js';

export const DEFAULT_EMULATOR_MERCHANT: EmulatorMerchant = {
  consumerKey: 'qgig-emulator-key',
  consumerSecret: 'qgig-emulator-secret',
};

export interface PesapalEmulatorOptions {
  merchants?: EmulatorMerchant[];
  tokenTtlSeconds?: number;
  ipnRetryDelaysMs?: number[];
  ipnTimeoutMs?: number;
  host?: string;
  port?: number;
  log?: boolean;
}

export interface RunningPesapalEmulator {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  /** origin + '/pesapalv3': what PESAPAL_BASE_URL points at. */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * An offline PesaPal API 3.0 (docs/pesapal.md §9): the same paths, bodies and error shapes,
 * a hosted payment page, an IPN dispatcher with retries, and a test-control API under /__emulator.
 */
export async function startPesapalEmulator(
  options: PesapalEmulatorOptions = {},
): Promise<RunningPesapalEmulator> {
  const state = new EmulatorState(options.merchants ?? [DEFAULT_EMULATOR_MERCHANT], {
    duplicateReference: 'return_existing',
    ackStrictness: 'body_status',
    ipnDelayMs: 0,
    suppressIpn: false,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 300,
    refundAutoApproveMs: null,
  });
  const ipn = new IpnDispatcher(
    state,
    options.ipnRetryDelaysMs ?? [5_000, 30_000, 120_000, 600_000, 3_600_000],
    options.ipnTimeoutMs ?? 10_000,
  );
  // PesaPal runs on ASP.NET: paths match whatever their case.
  const app = Fastify({ logger: options.log ?? false, routerOptions: { caseSensitive: false } });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
  let origin = '';
  registerApiRoutes(app, state, ipn, () => origin);
  registerPaymentPage(app, state, ipn);
  registerControlRoutes(app, state, ipn);

  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const { port } = app.server.address() as { port: number };
  origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  return {
    origin,
    baseUrl: `${origin}${API_BASE_PATH}`,
    close: async () => {
      ipn.close();
      app.server.closeAllConnections();
      await app.close();
    },
  };
}
