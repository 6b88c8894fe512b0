import { randomBytes, randomInt } from 'node:crypto';
import type { TestApp } from '../helpers/test-app.js';

export const DEFAULT_PASSWORD = 'Kampala-sunrise-2026';

export interface RegisteredUser {
  id: string;
  name: string;
  email: string;
  phone: string;
  password: string;
  role: 'professional' | 'institution';
  /** The simulated client's address, sent as X-Forwarded-For. */
  ip: string;
}

export interface SignedInUser extends RegisteredUser {
  accessToken: string;
  refreshToken: string;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}.${randomBytes(5).toString('hex')}@example.ug`;
}

export function uniqueUgandanMobile(): string {
  return `+25677${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
}

export function randomClientIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

/** A registration body with unique email and phone; override any field. */
export function registrationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Grace Nakato',
    email: uniqueEmail(),
    phone: uniqueUgandanMobile(),
    password: DEFAULT_PASSWORD,
    role: 'professional',
    consent: true,
    ...overrides,
  };
}

/** Registers through the API. */
export async function registerUser(
  t: TestApp,
  overrides: Partial<Omit<RegisteredUser, 'id' | 'ip'>> = {},
): Promise<RegisteredUser> {
  const body = registrationBody(overrides);
  const ip = randomClientIp();
  const res = await t.http.post('/api/v1/auth/register').set('X-Forwarded-For', ip).send(body);
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.user.id,
    name: String(body.name),
    email: String(body.email),
    phone: res.body.user.phone,
    password: String(body.password),
    role: body.role as RegisteredUser['role'],
    ip,
  };
}

export async function login(t: TestApp, user: RegisteredUser, otp?: string): Promise<SignedInUser> {
  const res = await t.http
    .post('/api/v1/auth/login')
    .set('X-Forwarded-For', user.ip)
    .send({ email: user.email, password: user.password, ...(otp ? { otp } : {}) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...user, accessToken: res.body.accessToken, refreshToken: res.body.refreshToken };
}

/** Registers and signs in; `verified` marks the email verified straight in the database. */
export async function signedInUser(
  t: TestApp,
  options: Partial<Omit<RegisteredUser, 'id' | 'ip'>> & { verified?: boolean } = {},
): Promise<SignedInUser> {
  const { verified, ...overrides } = options;
  const user = await registerUser(t, overrides);
  if (verified) await t.db.pool.query(`UPDATE users SET email_verified_at = now() WHERE id = $1`, [user.id]);
  return login(t, user);
}

export function bearer(user: { accessToken: string }): [string, string] {
  return ['Authorization', `Bearer ${user.accessToken}`];
}
