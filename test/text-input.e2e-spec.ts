import { bearer, randomClientIp, signedInUser, type SignedInUser } from './factories/accounts.js';
import { professionalWithProfile, SAMPLE_FILES } from './factories/profiles.js';
import {
  fetchOpenApi,
  fieldPath,
  isBoundedString,
  listOperations,
  resolve,
  stringFields,
} from './helpers/openapi.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const VALIDATION_FAILED = 'https://qgig.ug/problems/validation-failed';

interface FieldError {
  field: string;
  message: string;
}

function fieldsOf(body: { errors?: FieldError[] }): string[] {
  return (body.errors ?? []).map((error) => error.field);
}

describe('Text input: control characters, lone surrogates, NFC', () => {
  let t: TestApp;
  let professional: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp();
    professional = await professionalWithProfile(t, { bio: 'Nurse at Mulago.' });
  });
  afterAll(() => t.close());

  it('refuses a bio of "\\u0000\\u0001" with 400 naming bio, and leaves the profile as it was', async () => {
    const before = await t.db.pool.query('SELECT * FROM professionals WHERE user_id = $1', [professional.id]);
    const res = await t.http
      .put('/api/v1/professional/profile')
      .set(...bearer(professional))
      .send({ ...(await currentProfileBody(t, professional)), bio: '\u0000\u0001' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toBe(VALIDATION_FAILED);
    expect(res.body.errors).toEqual([
      {
        field: 'bio',
        message:
          'must not contain control characters: the text has U+0000 at character 1. ' +
          'Remove it; only tab, line feed and carriage return are allowed',
      },
    ]);
    const after = await t.db.pool.query('SELECT * FROM professionals WHERE user_id = $1', [professional.id]);
    expect(after.rows).toEqual(before.rows);
    expect(after.rows[0].bio).toBe('Nurse at Mulago.');
  });

  it('names nested fields, lone surrogates and several faults at once', async () => {
    const res = await t.http
      .put('/api/v1/professional/profile')
      .set(...bearer(professional))
      .set('Content-Type', 'application/json')
      // Written by hand: JSON.stringify would not keep a lone surrogate as an escape.
      .send(
        '{"bio":"ok","district":"Kampala\\ud800","availability":[{},{},{"weekday":1,"start":"08:00\\u001b","end":"17:00"}]}',
      );
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(['district', 'availability[2].start']);
    expect(res.body.errors[0].message).toMatch(/lone surrogate \(U\+D800\) at character 8/);
  });

  it('accepts tab, newline and carriage return, and stores text NFC-normalised', async () => {
    const body = await currentProfileBody(t, professional);
    const res = await t.http
      .put('/api/v1/professional/profile')
      .set(...bearer(professional))
      .send({ ...body, bio: 'Caf\u0065\u0301 shifts:\r\n\t- nights' });
    expect(res.status).toBe(200);
    expect(res.body.bio).toBe('Caf\u00e9 shifts:\r\n\t- nights');
    const { rows } = await t.db.pool.query('SELECT bio FROM professionals WHERE user_id = $1', [
      professional.id,
    ]);
    expect(rows[0].bio).toBe('Caf\u00e9 shifts:\r\n\t- nights');
  });

  it('refuses DEL and C1 controls too', async () => {
    for (const bad of ['x\u007f', 'x\u0085']) {
      const res = await t.http
        .put('/api/v1/professional/profile')
        .set(...bearer(professional))
        .send({ ...(await currentProfileBody(t, professional)), bio: bad });
      expect({ bad, status: res.status, fields: fieldsOf(res.body) }).toEqual({
        bad,
        status: 400,
        fields: ['bio'],
      });
    }
  });

  it('checks query parameters and path parameters by name', async () => {
    const query = await t.http
      .get('/api/v1/professional/documents?cursor=a%00b')
      .set(...bearer(professional));
    expect(query.status).toBe(400);
    expect(fieldsOf(query.body)).toEqual(['cursor']);

    const path = await t.http.get('/api/v1/jobs/%07').set(...bearer(professional));
    expect(path.status).toBe(400);
    expect(fieldsOf(path.body)).toEqual(['id']);
  });

  it('checks multipart form fields the same way', async () => {
    const res = await t.http
      .post('/api/v1/professional/documents')
      .set(...bearer(professional))
      .field('docType', 'nin\u0000')
      .attach('file', SAMPLE_FILES.pdf(), { filename: 'nin.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(['docType']);
  });

  it('refuses JSON nested 10,000 levels deep with 400, not a stack overflow', async () => {
    const res = await t.http
      .patch('/api/v1/users/me')
      .set(...bearer(professional))
      .set('Content-Type', 'application/json')
      .send(`{"name":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toContain('levels deep');
  });

  it('cleans the user agent and address stored on a session instead of refusing the login', async () => {
    const user = await signedInUser(t, { role: 'institution' });
    const res = await t.http
      .post('/api/v1/auth/login')
      .set('X-Forwarded-For', `${randomClientIp()}\t`)
      // superagent sends the header as UTF-8 bytes, as browsers do; Node reads header bytes as Latin-1.
      .set('User-Agent', `Qgig-App/2.0\t (Kampala Caf\u00e9) ${'x'.repeat(1000)}`)
      .send({ email: user.email, password: user.password });
    expect(res.status).toBe(200);
    const { rows } = await t.db.pool.query<{ user_agent: string; ip: string }>(
      'SELECT user_agent, ip FROM sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1',
      [user.id],
    );
    expect(rows[0].user_agent).toMatch(/^Qgig-App\/2\.0 \(Kampala Caf\u00e9\) x+$/);
    expect(rows[0].user_agent).toHaveLength(500);
    expect(rows[0].ip).toMatch(/^10\.\d+\.\d+\.\d+$/);
  });
});

describe('Declared bounds: every string a request takes has a maximum length', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('in the OpenAPI document: maxLength, an enum, a pattern or a bounded format on each string', async () => {
    const doc = await fetchOpenApi(t);
    const offenders: string[] = [];
    let checked = 0;
    for (const op of listOperations(doc)) {
      for (const param of [...op.pathParams, ...op.queryParams]) {
        const schema = resolve(doc, param.schema ?? {});
        if (schema.type !== 'string' && schema.type !== undefined) continue;
        checked++;
        if (!isBoundedString(schema)) offenders.push(`${op.route} ${param.in} parameter ${param.name}`);
      }
      for (const [contentType, body] of Object.entries(op.bodies)) {
        for (const field of stringFields(doc, body)) {
          checked++;
          if (!isBoundedString(field.schema)) {
            offenders.push(`${op.route} ${contentType} body field ${fieldPath(field.path) || '(root)'}`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });
});

/** The professional's saved profile as a PUT body. */
async function currentProfileBody(t: TestApp, user: SignedInUser): Promise<Record<string, unknown>> {
  const res = await t.http.get('/api/v1/professional/profile').set(...bearer(user));
  const { profession, bio, skills, experienceYears, hourlyRate, dailyRate, district, availability } =
    res.body;
  return { profession, bio, skills, experienceYears, hourlyRate, dailyRate, district, availability };
}
