// The bare baseline: Fastify + pg, no Nest, no ORM, no guards, validation, logging or security headers.
// GET /api/v1/jobs does the same database work as the app — verify the HS256 access token, check its
// session, read the caller's matching profile, run the app's own discovery statements — and maps rows
// with the app's own functions (imported from the compiled app); GET /health answers as the app does.
// The gap between the two is the cost of the framework and of everything the app does per request.
//   node bench/baseline/server.mjs <port> <databaseUrl> <jwtSecret>
import { createSecretKey } from 'node:crypto';
import Fastify from 'fastify';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { encodeCursor } from '../../dist/src/common/pagination/cursor.js';
import { LIVE_SESSION } from '../../dist/src/modules/auth/sessions/sessions.service.js';
import {
  discoverJobs,
  discoveryKey,
  MATCHING_PROFILE,
  toRankedJob,
} from '../../dist/src/modules/jobs/job-discovery.query.js';

const [port, databaseUrl, jwtSecret] = process.argv.slice(2);
const secret = createSecretKey(Buffer.from(jwtSecret));
const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(process.env.BENCH_POOL_SIZE ?? 20) });
const app = Fastify({ logger: false });

app.get('/health', async () => ({ status: 'ok' }));
app.get('/api/v1/jobs', async (request, reply) => {
  let claims;
  try {
    claims = jwt.verify(request.headers.authorization?.slice('Bearer '.length) ?? '', secret, {
      algorithms: ['HS256'],
    });
  } catch {
    return reply.code(401).send({ status: 401 });
  }
  const [session] = await LIVE_SESSION.run(pool, [claims.sid, claims.sub]);
  if (!session || session.status !== 'active') return reply.code(401).send({ status: 401 });
  const [profile] = await MATCHING_PROFILE.run(pool, [claims.sub]);
  const limit = Math.min(Number(request.query.limit ?? 20), 100);
  const key = request.query.cursor
    ? JSON.parse(Buffer.from(request.query.cursor, 'base64url').toString())
    : null;
  const rows = await discoverJobs(pool, {
    profession: profile.profession,
    skills: profile.skills,
    district: null,
    from: null,
    to: null,
    minRate: null,
    after: key && { skillMatch: key[0], startsAt: key[1], id: key[2] },
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => toRankedJob(row, profile)),
    nextCursor: rows.length > limit ? encodeCursor(discoveryKey(last)) : null,
  };
});

await app.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write('baseline ready\n');
process.once(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => pool.end())
      .then(() => process.exit(0)),
);
