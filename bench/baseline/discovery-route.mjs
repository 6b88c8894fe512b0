// GET /api/v1/jobs for the baselines: the app's database work for a professional's first or next page —
// verify the HS256 access token, read the caller's matching profile, run the app's own discovery
// statements — with rows mapped by the app's own functions (imported from the compiled app). Sessions are
// checked in memory by the app (a revocation list kept current by LISTEN/NOTIFY), so no query for it here.
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { encodeCursor } from '../../dist/src/common/pagination/cursor.js';
import {
  discoverJobs,
  discoveryKey,
  MATCHING_PROFILE,
  toRankedJob,
} from '../../dist/src/modules/jobs/job-discovery.query.js';

export function createDiscoveryRoute(databaseUrl, jwtSecret) {
  const secret = createSecretKey(Buffer.from(jwtSecret));
  const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(process.env.BENCH_POOL_SIZE ?? 20) });
  const handler = async (request, reply) => {
    let claims;
    try {
      claims = jwt.verify(request.headers.authorization?.slice('Bearer '.length) ?? '', secret, {
        algorithms: ['HS256'],
      });
    } catch {
      return reply.code(401).send({ status: 401 });
    }
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
  };
  return { handler, close: () => pool.end() };
}

/** Adds GET /api/v1/jobs to `app`, listens on `port`, and stops cleanly on SIGTERM. */
export async function serveDiscovery(app, port, databaseUrl, jwtSecret) {
  const discovery = createDiscoveryRoute(databaseUrl, jwtSecret);
  app.get('/api/v1/jobs', discovery.handler);
  await app.listen({ port: Number(port), host: '127.0.0.1' });
  process.once(
    'SIGTERM',
    () =>
      void app
        .close()
        .then(() => discovery.close())
        .then(() => process.exit(0)),
  );
}
