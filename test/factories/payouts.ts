import { randomUUID } from 'node:crypto';
import { TransactionRunner } from '../../src/database/transaction-runner.js';
import { accounts, LedgerService } from '../../src/modules/ledger/ledger.service.js';
import type { TestApp } from '../helpers/test-app.js';
import { bearer, type SignedInUser } from './accounts.js';
import { bulkVerifiedProfessionals } from './profiles.js';

export const MTN_NUMBER = '0772 123 456';
export const AIRTEL_NUMBER = '0752 345 678';

/**
 * Gives a professional `amount` UGX to pay out, posted straight to the ledger (from PesaPal clearing to
 * their available account) as if their earnings had been released.
 */
export function seedAvailable(t: TestApp, professionalId: string, amount: number): Promise<boolean> {
  const ledger = t.app.get(LedgerService);
  return t.app.get(TransactionRunner).run((em) =>
    ledger.post(em, {
      key: `test.seed:${randomUUID()}`,
      kind: 'test.seed',
      refs: {},
      postings: [
        { account: accounts.clearing, amount: -amount },
        { account: accounts.available(professionalId), amount },
      ],
    }),
  );
}

/** What the professional may pay out, and what is on its way to them. */
export async function payoutBalances(
  t: TestApp,
  professionalId: string,
): Promise<{ available?: number; inFlight?: number }> {
  const map = await t.app
    .get(LedgerService)
    .balances(professionalId, ['professional_available', 'payouts_in_flight']);
  return { available: map.get('professional_available'), inFlight: map.get('payouts_in_flight') };
}

export function setPayoutAccount(t: TestApp, pro: SignedInUser, body: Record<string, unknown>) {
  return t.http
    .put('/api/v1/professional/payout-account')
    .set(...bearer(pro))
    .send(body);
}

/** POST /professional/payouts, with an Idempotency-Key header when `idempotencyKey` is given. */
export function requestPayout(t: TestApp, pro: SignedInUser, amount: unknown, idempotencyKey?: string) {
  const request = t.http
    .post('/api/v1/professional/payouts')
    .set(...bearer(pro))
    .send({ amount });
  return idempotencyKey === undefined ? request : request.set('Idempotency-Key', idempotencyKey);
}

/** A verified professional with an MTN payout account and `available` UGX to pay out. */
export async function professionalReadyForPayouts(t: TestApp, available: number): Promise<SignedInUser> {
  const [pro] = await bulkVerifiedProfessionals(t, 1);
  const res = await setPayoutAccount(t, pro, {
    provider: 'mtn',
    phone: MTN_NUMBER,
    accountName: 'Grace Nakato',
  });
  if (res.status !== 200) throw new Error(`payout account failed: ${res.status} ${JSON.stringify(res.body)}`);
  await seedAvailable(t, pro.id, available);
  return pro;
}
