import { bearer, signedInUser, type SignedInUser } from './factories/accounts.js';
import {
  institutionProfileBody,
  institutionWithProfile,
  professionalProfileBody,
  professionalWithProfile,
  signedInAdmin,
  verifiedProfessional,
} from './factories/profiles.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const PROBLEM = 'https://qgig.ug/problems/';

describe('Profiles', () => {
  let t: TestApp;
  let admin: SignedInUser;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signedInAdmin(t);
  });
  afterAll(() => t.close());

  describe('catalogue', () => {
    it('lists districts and skills without a token', async () => {
      const districts = await t.http.get('/api/v1/catalogue/districts');
      expect(districts.status).toBe(200);
      expect(districts.body.items.length).toBeGreaterThan(130);
      expect(districts.body.items).toContainEqual({ name: 'Kampala', region: 'Central' });
      const skills = await t.http.get('/api/v1/catalogue/skills?profession=nurse');
      expect(skills.status).toBe(200);
      expect(skills.body.items).toContainEqual({ profession: 'nurse', name: 'wound care' });
      expect(skills.body.items.every((s: { profession: string }) => s.profession === 'nurse')).toBe(true);
      expect((await t.http.get('/api/v1/catalogue/skills?profession=pilot')).status).toBe(400);
    });
  });

  describe('professional profile', () => {
    it('404 before one exists, then PUT creates it with normalised skills and district', async () => {
      const user = await signedInUser(t, { role: 'professional' });
      const before = await t.http.get('/api/v1/professional/profile').set(...bearer(user));
      expect(before.status).toBe(404);
      expect(before.body.type).toBe(`${PROBLEM}profile-not-found`);

      const res = await t.http
        .put('/api/v1/professional/profile')
        .set(...bearer(user))
        .send(
          professionalProfileBody({
            skills: ['  Wound   Care', 'IV Cannulation', 'wound care', 'Night shifts'],
            district: 'wakiso',
          }),
        );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: user.id,
        profession: 'nurse',
        bio: 'Registered nurse, eight years on paediatric wards.',
        skills: ['wound care', 'iv cannulation', 'night shifts'],
        experienceYears: 8,
        hourlyRate: 15000,
        dailyRate: 90000,
        currency: 'UGX',
        district: 'Wakiso',
        availability: [
          { weekday: 1, start: '08:00', end: '17:00' },
          { weekday: 3, start: '08:00', end: '17:00' },
        ],
        verified: false,
        ratingAverage: null,
        ratingCount: 0,
        updatedAt: expect.any(String),
      });
      const read = await t.http.get('/api/v1/professional/profile').set(...bearer(user));
      expect(read.body).toEqual(res.body);
    });

    it('PUT replaces availability and optional fields', async () => {
      const user = await professionalWithProfile(t);
      const res = await t.http
        .put('/api/v1/professional/profile')
        .set(...bearer(user))
        .send(
          professionalProfileBody({
            bio: undefined,
            hourlyRate: undefined,
            availability: [{ weekday: 6, start: '20:00', end: '24:00' }],
          }),
        );
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({
          bio: null,
          hourlyRate: null,
          availability: [{ weekday: 6, start: '20:00', end: '24:00' }],
        }),
      );
    });

    it.each([
      ['an unknown district', { district: 'Atlantis' }, 'district'],
      ['a negative rate', { hourlyRate: -500 }, 'hourlyRate'],
      ['a zero daily rate', { dailyRate: 0 }, 'dailyRate'],
      ['experience over 60', { experienceYears: 61 }, 'experienceYears'],
      ['31 skills', { skills: Array.from({ length: 31 }, (_, i) => `skill ${i}`) }, 'skills'],
      ['a 10 KB bio', { bio: 'x'.repeat(10 * 1024) }, 'bio'],
      ['an empty bio', { bio: '   ' }, 'bio'],
      ['an empty district', { district: '' }, 'district'],
      ['an unknown profession', { profession: 'pilot' }, 'profession'],
      ['a one-letter skill', { skills: ['a'] }, 'skills'],
      [
        'a slot ending before it starts',
        { availability: [{ weekday: 1, start: '17:00', end: '08:00' }] },
        'availability[0].end',
      ],
      [
        'weekday 7',
        { availability: [{ weekday: 7, start: '08:00', end: '09:00' }] },
        'availability[0].weekday',
      ],
      ['a bad time', { availability: [{ weekday: 1, start: '8am', end: '09:00' }] }, 'availability[0].start'],
      [
        'overlapping slots',
        {
          availability: [
            { weekday: 2, start: '08:00', end: '12:00' },
            { weekday: 2, start: '11:00', end: '15:00' },
          ],
        },
        'availability[1]',
      ],
      ['an unknown field', { verified: true }, 'verified'],
    ])('refuses %s with a field error and changes nothing', async (_case, change, field) => {
      const user = await professionalWithProfile(t);
      const before = await t.http.get('/api/v1/professional/profile').set(...bearer(user));
      const res = await t.http
        .put('/api/v1/professional/profile')
        .set(...bearer(user))
        .send(professionalProfileBody(change));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      const after = await t.http.get('/api/v1/professional/profile').set(...bearer(user));
      expect(after.body).toEqual(before.body);
    });

    it('saving a new profession re-verifies against its required documents, in both directions', async () => {
      const user = await verifiedProfessional(t, admin, { profession: 'caregiver' });
      const save = (profession: string) =>
        t.http
          .put('/api/v1/professional/profile')
          .set(...bearer(user))
          .send(professionalProfileBody({ profession }));
      expect((await save('caregiver')).body.verified).toBe(true);
      // A nurse also needs a licence, which this caregiver never uploaded.
      expect((await save('nurse')).body.verified).toBe(false);
      expect((await save('caregiver')).body.verified).toBe(true);
    });

    it('is for professionals only', async () => {
      const institution = await signedInUser(t, { role: 'institution' });
      expect((await t.http.get('/api/v1/professional/profile').set(...bearer(institution))).status).toBe(403);
      expect(
        (
          await t.http
            .put('/api/v1/professional/profile')
            .set(...bearer(institution))
            .send(professionalProfileBody())
        ).status,
      ).toBe(403);
      expect((await t.http.get('/api/v1/professional/profile')).status).toBe(401);
    });
  });

  describe('institution profile', () => {
    it('PUT creates it with the phone in E.164; GET reads it back', async () => {
      const user = await signedInUser(t, { role: 'institution' });
      expect((await t.http.get('/api/v1/institution/profile').set(...bearer(user))).status).toBe(404);
      const res = await t.http
        .put('/api/v1/institution/profile')
        .set(...bearer(user))
        .send(institutionProfileBody({ district: 'KAMPALA' }));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: user.id,
        name: 'St. Mary’s Primary School, Kisubi',
        type: 'school',
        address: 'Plot 12, Entebbe Road, Kisubi',
        district: 'Kampala',
        contactPerson: 'Sarah Namukasa',
        contactPhone: '+256772123456',
        contactEmail: 'office@stmarys-kisubi.ug',
        ratingAverage: null,
        ratingCount: 0,
        updatedAt: expect.any(String),
      });
      expect((await t.http.get('/api/v1/institution/profile').set(...bearer(user))).body).toEqual(res.body);
    });

    it.each([
      ['an unknown district', { district: 'Narnia' }, 'district'],
      ['an unknown type', { type: 'factory' }, 'type'],
      ['a blank name', { name: '  ' }, 'name'],
      ['a blank address', { address: '' }, 'address'],
      ['a foreign phone', { contactPhone: '+254712345678' }, 'contactPhone'],
      ['a bad email', { contactEmail: 'office@' }, 'contactEmail'],
      ['a missing contact person', { contactPerson: undefined }, 'contactPerson'],
    ])('refuses %s and changes nothing', async (_case, change, field) => {
      const user = await institutionWithProfile(t);
      const before = await t.http.get('/api/v1/institution/profile').set(...bearer(user));
      const res = await t.http
        .put('/api/v1/institution/profile')
        .set(...bearer(user))
        .send(institutionProfileBody({ ...change }));
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await t.http.get('/api/v1/institution/profile').set(...bearer(user))).body).toEqual(
        before.body,
      );
    });

    it('is for institutions only', async () => {
      const professional = await signedInUser(t, { role: 'professional' });
      expect((await t.http.get('/api/v1/institution/profile').set(...bearer(professional))).status).toBe(403);
    });
  });

  describe('public views', () => {
    it('GET /professionals/:id shows institutions and admins only what API.md lists', async () => {
      const professional = await professionalWithProfile(t);
      const institution = await signedInUser(t, { role: 'institution' });
      const res = await t.http.get(`/api/v1/professionals/${professional.id}`).set(...bearer(institution));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: professional.id,
        name: professional.name,
        profession: 'nurse',
        skills: ['paediatric nursing', 'wound care'],
        experienceYears: 8,
        hourlyRate: 15000,
        dailyRate: 90000,
        currency: 'UGX',
        district: 'Wakiso',
        verified: false,
        ratingAverage: null,
        ratingCount: 0,
        reliability: { score: 1, bookedShifts: 0, lateWithdrawals: 0, noShows: 0 },
      });
      expect(JSON.stringify(res.body)).not.toContain(professional.email);
      expect(JSON.stringify(res.body)).not.toContain(professional.phone);
      expect(
        (await t.http.get(`/api/v1/professionals/${professional.id}`).set(...bearer(admin))).status,
      ).toBe(200);
    });

    it('GET /professionals/:id: 403 for professionals, 404 for unknown or non-professional ids, 400 for a bad id', async () => {
      const professional = await professionalWithProfile(t);
      const other = await professionalWithProfile(t);
      const institution = await institutionWithProfile(t);
      expect(
        (await t.http.get(`/api/v1/professionals/${other.id}`).set(...bearer(professional))).status,
      ).toBe(403);
      expect(
        (await t.http.get(`/api/v1/professionals/${institution.id}`).set(...bearer(institution))).status,
      ).toBe(404);
      expect(
        (
          await t.http
            .get('/api/v1/professionals/00000000-0000-4000-8000-000000000000')
            .set(...bearer(institution))
        ).status,
      ).toBe(404);
      expect((await t.http.get('/api/v1/professionals/not-a-uuid').set(...bearer(institution))).status).toBe(
        400,
      );
    });

    it('GET /institutions/:id shows professionals and admins the name, type, district and ratings only', async () => {
      const institution = await institutionWithProfile(t);
      const professional = await signedInUser(t, { role: 'professional' });
      const res = await t.http.get(`/api/v1/institutions/${institution.id}`).set(...bearer(professional));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: institution.id,
        name: 'St. Mary’s Primary School, Kisubi',
        type: 'school',
        district: 'Wakiso',
        ratingAverage: null,
        ratingCount: 0,
      });
      expect((await t.http.get(`/api/v1/institutions/${institution.id}`).set(...bearer(admin))).status).toBe(
        200,
      );
      expect(
        (await t.http.get(`/api/v1/institutions/${institution.id}`).set(...bearer(institution))).status,
      ).toBe(403);
    });

    it('hides a suspended professional from institutions but not from admins', async () => {
      const professional = await professionalWithProfile(t);
      const institution = await signedInUser(t, { role: 'institution' });
      await t.db.pool.query(`UPDATE users SET status = 'suspended' WHERE id = $1`, [professional.id]);
      expect(
        (await t.http.get(`/api/v1/professionals/${professional.id}`).set(...bearer(institution))).status,
      ).toBe(404);
      expect(
        (await t.http.get(`/api/v1/professionals/${professional.id}`).set(...bearer(admin))).status,
      ).toBe(200);
    });
  });
});
