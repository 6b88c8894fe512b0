import { bearer, login, randomClientIp, registrationBody, type SignedInUser } from './factories/accounts.js';
import { jobBody, postJob } from './factories/jobs.js';
import {
  institutionProfileBody,
  institutionWithProfile,
  professionalProfileBody,
  professionalWithProfile,
  signedInAdmin,
  uploadDocument,
} from './factories/profiles.js';
import { fuzzCases, inputCount, nullFieldCases, type Caller, type FuzzCase } from './helpers/fuzz-cases.js';
import { FuzzClient, multipartBody, percentEncode, toJsonText } from './helpers/fuzz-http.js';
import {
  exampleOf,
  fetchOpenApi,
  fieldPath,
  listOperations,
  setAt,
  stringFields,
  UNKNOWN_ID,
  type OpenApiDocument,
  type Operation,
} from './helpers/openapi.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

/** Fixed so a failure can be replayed: FUZZ_SEED=<seed> runs the same requests again. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const MIN_REQUESTS = 5_000;
const ROLES = ['admin', 'professional', 'institution'] as const;
type FuzzRole = (typeof ROLES)[number];

/**
 * Bodies that pass validation today, for routes whose documented examples do not (a job date in the
 * past, a taken email): the fuzz then changes one field, and that field is what the service meets.
 */
const VALID_BODIES: Record<string, () => Record<string, unknown>> = {
  'POST /api/v1/jobs': () => jobBody(),
  'PATCH /api/v1/jobs/{id}': () => jobBody(),
  'POST /api/v1/auth/register': () => registrationBody(),
  'PUT /api/v1/professional/profile': () => professionalProfileBody(),
  'PUT /api/v1/institution/profile': () => institutionProfileBody(),
};

interface Actors {
  /** Sessions the fuzz runs as. */
  main: Record<FuzzRole, SignedInUser>;
  /** Second sessions of the same users, for POST /auth/logout, which ends the session it is called with. */
  disposable: Record<FuzzRole, SignedInUser>;
  /** Rows the fuzz may name in paths: jobs of the main institution, a document, bystander accounts. */
  ids: string[];
}

describe('Input fuzz: no bad request to any route gets a 5xx', () => {
  let t: TestApp;
  let client: FuzzClient;
  let doc: OpenApiDocument;
  let operations: Operation[];
  let actors: Actors;

  beforeAll(async () => {
    t = await startTestApp();
    client = new FuzzClient(t.baseUrl);
    doc = await fetchOpenApi(t);
    operations = listOperations(doc);
    const main = {
      admin: await signedInAdmin(t),
      professional: await professionalWithProfile(t),
      institution: await institutionWithProfile(t),
    };
    const disposable = {
      admin: await login(t, main.admin),
      professional: await login(t, main.professional),
      institution: await login(t, main.institution),
    };
    const jobs = await Promise.all([1, 2, 3].map(() => postJob(t, main.institution)));
    const upload = await uploadDocument(t, main.professional, 'nin');
    const bystanders = [await professionalWithProfile(t), await institutionWithProfile(t)];
    const ids = [
      UNKNOWN_ID,
      ...jobs.map((job) => job.id),
      upload.body.id as string,
      ...bystanders.map((b) => b.id),
    ];
    actors = { main, disposable, ids };
  });
  afterAll(async () => {
    client.close();
    await t.close();
  });

  it(`answers ${MIN_REQUESTS}+ generated bad requests across every operation and role without a 5xx`, async () => {
    const counts = requestsPerOperationAndRole(doc, operations);
    console.log(`input fuzz: seed ${SEED}, ${operations.length} operations × ${ROLES.length} roles`);
    const cases: FuzzCase[] = operations.flatMap((op, opIndex) =>
      ROLES.flatMap((role, roleIndex) => {
        const user = op.route === 'POST /api/v1/auth/logout' ? actors.disposable[role] : actors.main[role];
        const caller: Caller = { role, accessToken: user.accessToken, ip: user.ip };
        const seed = SEED + opIndex * ROLES.length + roleIndex;
        return fuzzCases(doc, op, caller, counts[opIndex], seed, actors.ids, VALID_BODIES[op.route]?.());
      }),
    );
    const nullCases = operations.flatMap((op) =>
      ROLES.flatMap((role) => {
        const user = actors.main[role];
        const caller: Caller = { role, accessToken: user.accessToken, ip: user.ip };
        return nullFieldCases(doc, op, caller, actors.ids, VALID_BODIES[op.route]?.());
      }),
    );
    console.log(`input fuzz: ${cases.length} generated requests and ${nullCases.length} null-field requests`);
    expect(cases.length).toBeGreaterThanOrEqual(MIN_REQUESTS);
    cases.push(...nullCases);

    // Interleaved, so concurrent requests hit different routes and users, as real traffic does.
    const ordered = shuffled(cases, SEED);
    const answers = await client.sendAll(ordered, 6);
    const failures = ordered.flatMap((sent, i) => {
      const answer = answers[i];
      const failed = answer.status >= 500 || (answer.status === 0 && !sent.oversizeHead);
      const detail = 'error' in answer ? answer.error : answer.body.slice(0, 200);
      return failed
        ? [`${sent.route} as ${sent.role} [${sent.kind}] ${sent.summary} → ${answer.status} ${detail}`]
        : [];
    });
    console.log(`input fuzz: statuses ${JSON.stringify(histogram(answers.map((a) => a.status)))}`);
    if (failures.length > 0)
      console.log(`input fuzz failures:\n${failures.slice(0, 50).join('\n')}\n${unhandledErrors(t)}`);
    expect(failures).toEqual([]);

    // The fuzz ran signed in throughout: every main session is still live.
    for (const role of ROLES) {
      expect({
        role,
        status: (await t.http.get('/api/v1/users/me').set(...bearer(actors.main[role]))).status,
      }).toEqual({ role, status: 200 });
    }
    // About 30 s alone; room for the rest of the suite sharing the machine.
  }, 180_000);

  it('answers a NUL in any string field, query parameter or path parameter with 400 naming it', async () => {
    const checked = new Set<string>();
    const mismatches: string[] = [];
    for (const op of operations) {
      const user =
        actors.main[(op.roles[0] as FuzzRole | undefined) ?? 'professional'] ?? actors.main.professional;
      const expectNamed = async (
        what: string,
        field: string,
        send: () => Promise<{ status: number; body: { errors?: { field: string }[] } }>,
      ) => {
        const res = await send();
        const fields = (res.body.errors ?? []).map((error) => error.field);
        if (res.status !== 400 || !fields.includes(field)) {
          mismatches.push(`${op.route} ${what}: ${res.status} ${JSON.stringify(fields)}`);
        }
        checked.add(op.route);
      };
      const json = op.bodies['application/json'];
      for (const field of json ? stringFields(doc, json) : []) {
        const body = structuredClone(exampleOf(doc, json)) as Record<string, unknown>;
        setAt(body, field.path, 'ok\u0000');
        const name = fieldPath(field.path);
        await expectNamed(`body ${name}`, name, () =>
          client.send(jsonRequest(op, user, toJsonText(body))).then(parseAnswer),
        );
      }
      if (op.bodies['multipart/form-data']) {
        await expectNamed('multipart docType', 'docType', () =>
          client.send(multipartRequest(op, user)).then(parseAnswer),
        );
      }
      for (const param of op.queryParams) {
        await expectNamed(`query ${param.name}`, param.name, () =>
          client.send(plainRequest(op, user, `?${percentEncode(param.name)}=ok%00`)).then(parseAnswer),
        );
      }
      for (const param of op.pathParams) {
        await expectNamed(`path ${param.name}`, param.name, () =>
          client.send(plainRequest(op, user, '', { [param.name]: 'ok%00' })).then(parseAnswer),
        );
      }
    }
    expect(mismatches).toEqual([]);
    expect([...checked]).toEqual(
      expect.arrayContaining([
        'PUT /api/v1/professional/profile',
        'PUT /api/v1/institution/profile',
        'POST /api/v1/jobs',
        'PATCH /api/v1/jobs/{id}',
        'POST /api/v1/auth/register',
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/password/reset',
        'POST /api/v1/admin/users/{id}/suspend',
        'POST /api/v1/admin/documents/{id}/reject',
        'POST /api/v1/professional/documents',
        'GET /api/v1/admin/users',
        'PUT /api/v1/professional/payout-account',
        'POST /api/v1/admin/payouts/{id}/paid',
        'POST /api/v1/admin/payouts/{id}/failed',
        'PUT /api/v1/jobs/{id}/timesheet',
        'POST /api/v1/jobs/{id}/timesheet/dispute',
      ]),
    );
  });
});

/**
 * Requests per operation and role: 6 for an operation that takes no input, 2 more per input (body
 * field, query or path parameter), scaled up until the total reaches MIN_REQUESTS.
 */
function requestsPerOperationAndRole(doc: OpenApiDocument, operations: Operation[]): number[] {
  const weights = operations.map((op) => 6 + 2 * inputCount(doc, op));
  const total = weights.reduce((sum, weight) => sum + weight, 0) * ROLES.length;
  const scale = Math.max(1, MIN_REQUESTS / total);
  return weights.map((weight) => Math.ceil(weight * scale));
}

/** The same order for the same seed (Fisher–Yates with a small linear congruential generator). */
function shuffled<T>(items: T[], seed: number): T[] {
  const result = [...items];
  let state = seed >>> 0;
  for (let i = result.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

function urlOf(op: Operation, query = '', segments: Record<string, string> = {}): string {
  return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => segments[name] ?? UNKNOWN_ID) + query;
}

/** A fresh client address per request, so per-address limits (10 sign-ups an hour) do not answer first. */
function baseHeaders(user: SignedInUser): Record<string, string> {
  return { authorization: `Bearer ${user.accessToken}`, 'x-forwarded-for': randomClientIp() };
}

function jsonRequest(op: Operation, user: SignedInUser, text: string) {
  return {
    method: op.method.toUpperCase(),
    url: urlOf(op),
    headers: { ...baseHeaders(user), 'content-type': 'application/json' },
    body: Buffer.from(text),
  };
}

function multipartRequest(op: Operation, user: SignedInUser) {
  const boundary = 'qgignulboundary';
  return {
    method: op.method.toUpperCase(),
    url: urlOf(op),
    headers: { ...baseHeaders(user), 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: multipartBody(boundary, [
      { name: 'docType', value: 'nin\u0000' },
      { name: 'file', value: Buffer.from('%PDF-1.7\n'), filename: 'nin.pdf', contentType: 'application/pdf' },
    ]),
  };
}

function plainRequest(
  op: Operation,
  user: SignedInUser,
  query: string,
  segments: Record<string, string> = {},
) {
  return { method: op.method.toUpperCase(), url: urlOf(op, query, segments), headers: baseHeaders(user) };
}

function parseAnswer(answer: { status: number; body?: string }): {
  status: number;
  body: { errors?: { field: string }[] };
} {
  try {
    return {
      status: answer.status,
      body: JSON.parse(answer.body ?? '{}') as { errors?: { field: string }[] },
    };
  } catch {
    return { status: answer.status, body: {} };
  }
}

function histogram(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** The server's own account of its 5xx answers, de-duplicated, for fixing them. */
function unhandledErrors(t: TestApp): string {
  const messages = t.logs
    .entries()
    .filter((entry) => entry.msg === 'Unhandled error')
    .map((entry) => {
      const err = entry.err as { type?: string; message?: string; stack?: string } | undefined;
      return `${err?.type}: ${err?.message}\n${err?.stack?.split('\n').slice(1, 4).join('\n')}`;
    });
  return [...new Set(messages)].slice(0, 10).join('\n---\n');
}
