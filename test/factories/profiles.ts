import { hash } from '@node-rs/bcrypt';
import type { TestApp } from '../helpers/test-app.js';
import {
  bearer,
  DEFAULT_PASSWORD,
  login,
  randomClientIp,
  signedInUser,
  uniqueEmail,
  uniqueUgandanMobile,
  type SignedInUser,
} from './accounts.js';

export type Profession = 'teacher' | 'nurse' | 'caregiver';

/** Admins exist only through the CLI, so tests insert one the way `npm run admin:create` does. */
export async function signedInAdmin(t: TestApp): Promise<SignedInUser> {
  const email = uniqueEmail('admin');
  const {
    rows: [row],
  } = await t.db.pool.query<{ id: string }>(
    `INSERT INTO users (name, email, password_hash, role, email_verified_at, password_changed_at)
     VALUES ('Ops Admin', $1, $2, 'admin', now(), now()) RETURNING id`,
    [email, await hash(DEFAULT_PASSWORD, 4)],
  );
  return login(t, {
    id: row.id,
    name: 'Ops Admin',
    email,
    phone: '',
    password: DEFAULT_PASSWORD,
    role: 'professional',
    ip: randomClientIp(),
  });
}

export function professionalProfileBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    profession: 'nurse',
    bio: 'Registered nurse, eight years on paediatric wards.',
    skills: ['Paediatric Nursing', 'wound care'],
    experienceYears: 8,
    hourlyRate: 15000,
    dailyRate: 90000,
    district: 'Wakiso',
    availability: [
      { weekday: 1, start: '08:00', end: '17:00' },
      { weekday: 3, start: '08:00', end: '17:00' },
    ],
    ...overrides,
  };
}

export function institutionProfileBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'St. Mary’s Primary School, Kisubi',
    type: 'school',
    address: 'Plot 12, Entebbe Road, Kisubi',
    district: 'Wakiso',
    contactPerson: 'Sarah Namukasa',
    contactPhone: '0772 123 456',
    contactEmail: 'office@stmarys-kisubi.ug',
    ...overrides,
  };
}

/** A professional with a verified email and a saved profile. */
export async function professionalWithProfile(
  t: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<SignedInUser> {
  const user = await signedInUser(t, { role: 'professional', verified: true });
  const res = await t.http
    .put('/api/v1/professional/profile')
    .set(...bearer(user))
    .send(professionalProfileBody(overrides));
  if (res.status !== 200) throw new Error(`profile failed: ${res.status} ${JSON.stringify(res.body)}`);
  return user;
}

export async function institutionWithProfile(
  t: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<SignedInUser> {
  const user = await signedInUser(t, { role: 'institution', verified: true });
  const res = await t.http
    .put('/api/v1/institution/profile')
    .set(...bearer(user))
    .send(institutionProfileBody(overrides));
  if (res.status !== 200) throw new Error(`profile failed: ${res.status} ${JSON.stringify(res.body)}`);
  return user;
}

/** Smallest files each accepted type can start with, plus filler so they are not trivially tiny. */
export const SAMPLE_FILES = {
  pdf: () => Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj <<>> endobj\n'), Buffer.alloc(2048, 0x20)]),
  png: () =>
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]),
  jpeg: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.alloc(2048, 9)]),
};

export async function uploadDocument(
  t: TestApp,
  user: SignedInUser,
  docType: string,
  file: Buffer = SAMPLE_FILES.pdf(),
  options: { filename?: string; contentType?: string } = {},
) {
  return t.http
    .post('/api/v1/professional/documents')
    .set(...bearer(user))
    .field('docType', docType)
    .attach('file', file, {
      filename: options.filename ?? `${docType}.pdf`,
      contentType: options.contentType ?? 'application/pdf',
    });
}

export const REQUIRED_DOCUMENTS: Record<Profession, string[]> = {
  teacher: ['nin', 'certificate'],
  nurse: ['nin', 'license'],
  caregiver: ['nin'],
};

/** A professional whose required documents an admin approved: may accept jobs. */
export async function verifiedProfessional(
  t: TestApp,
  admin: SignedInUser,
  overrides: Record<string, unknown> = {},
): Promise<SignedInUser> {
  const profile = professionalProfileBody(overrides);
  const user = await professionalWithProfile(t, profile);
  for (const docType of REQUIRED_DOCUMENTS[profile.profession as Profession]) {
    const upload = await uploadDocument(t, user, docType);
    if (upload.status !== 201)
      throw new Error(`upload failed: ${upload.status} ${JSON.stringify(upload.body)}`);
    const approve = await t.http
      .post(`/api/v1/admin/documents/${upload.body.id}/approve`)
      .set(...bearer(admin));
    if (approve.status !== 200) throw new Error(`approve failed: ${approve.status}`);
  }
  return user;
}

let fastHash: Promise<string> | undefined;

/**
 * Many verified professionals at once, written straight to the database (bcrypt cost 4 so logging in is
 * quick) and then signed in through the API. For tests that need crowds, e.g. concurrent accepts.
 */
export async function bulkVerifiedProfessionals(
  t: TestApp,
  count: number,
  profile: {
    profession?: Profession;
    skills?: string[];
    experienceYears?: number;
    rating?: { total: number; count: number };
    availability?: { weekday: number; start: string; end: string }[];
  } = {},
): Promise<SignedInUser[]> {
  fastHash ??= hash(DEFAULT_PASSWORD, 4);
  const passwordHash = await fastHash;
  const users: SignedInUser[] = [];
  for (let i = 0; i < count; i++) {
    const email = uniqueEmail('pro');
    const phone = uniqueUgandanMobile();
    const {
      rows: [row],
    } = await t.db.pool.query<{ id: string }>(
      `INSERT INTO users (name, email, phone, password_hash, role, email_verified_at, password_changed_at, consent_version, consented_at)
       VALUES ($1, $2, $3, $4, 'professional', now(), now(), 'test', now()) RETURNING id`,
      [`Professional ${i + 1}`, email, phone, passwordHash],
    );
    await t.db.pool.query(
      `INSERT INTO professionals (user_id, profession, skills, experience_years, district, verified, verified_at, rating_total, rating_count)
       VALUES ($1, $2, $3, $4, 'Kampala', true, now(), $5, $6)`,
      [
        row.id,
        profile.profession ?? 'nurse',
        profile.skills ?? [],
        profile.experienceYears ?? 3,
        profile.rating?.total ?? 0,
        profile.rating?.count ?? 0,
      ],
    );
    for (const slot of profile.availability ?? []) {
      await t.db.pool.query(
        `INSERT INTO availability_slots (professional_id, weekday, start_time, end_time) VALUES ($1, $2, $3, $4)`,
        [row.id, slot.weekday, slot.start, slot.end],
      );
    }
    users.push({
      id: row.id,
      name: `Professional ${i + 1}`,
      email,
      phone,
      password: DEFAULT_PASSWORD,
      role: 'professional',
      ip: randomClientIp(),
      accessToken: '',
      refreshToken: '',
    });
  }
  return Promise.all(users.map((user) => login(t, user)));
}
