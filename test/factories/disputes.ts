import { LedgerService, type AccountType } from '../../src/modules/ledger/ledger.service.js';
import type { TestApp } from '../helpers/test-app.js';
import { bearer, type SignedInUser } from './accounts.js';

/** POST /jobs/:id/disputes as `user`, whatever it answers. */
export function openDispute(
  t: TestApp,
  user: SignedInUser,
  jobId: string,
  body: Record<string, unknown> = { reason: 'The professional left at noon' },
) {
  return t.http
    .post(`/api/v1/jobs/${jobId}/disputes`)
    .set(...bearer(user))
    .send(body);
}

/** POST /admin/disputes/:id/resolve as `admin`, whatever it answers. */
export function resolveDispute(t: TestApp, admin: SignedInUser, id: string, body: Record<string, unknown>) {
  return t.http
    .post(`/api/v1/admin/disputes/${id}/resolve`)
    .set(...bearer(admin))
    .send(body);
}

/** The ledger as the tests read it: one owner's balance, and every account type's platform-wide total. */
export function ledgerOf(t: TestApp) {
  const ledger = t.app.get(LedgerService);
  return {
    balance: async (ownerId: string, type: AccountType) =>
      (await ledger.balances(ownerId, [type])).get(type) ?? 0,
    platform: async (): Promise<Record<string, number>> =>
      Object.fromEntries((await ledger.trialBalance()).accounts.map((a) => [a.type, a.balance])),
  };
}

/** GET /professional/earnings. */
export async function earningsOf(t: TestApp, professional: SignedInUser) {
  const res = await t.http.get('/api/v1/professional/earnings').set(...bearer(professional));
  if (res.status !== 200) throw new Error(`earnings: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { pending: number; available: number; inFlight: number; paidOut: number };
}

/** Where a job's earnings stand (null before completion). */
export async function earningsStatus(t: TestApp, jobId: string): Promise<string | null> {
  const { rows } = await t.db.pool.query(`SELECT status FROM earnings WHERE job_id = $1`, [jobId]);
  return (rows[0]?.status as string | undefined) ?? null;
}
