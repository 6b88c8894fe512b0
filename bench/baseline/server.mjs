// The bare baseline: Fastify + pg, no Nest, no ORM, no auth. It answers GET /api/v1/jobs with the app's own
// discovery SQL and JSON mapping (imported from the compiled app) and GET /health, so the app's overhead can
// be measured against it in the same run.   node bench/baseline/server.mjs <port> <databaseUrl> <professionalId>
import Fastify from 'fastify';
import pg from 'pg';
import { discoveryQuery } from '../../dist/src/modules/jobs/job-discovery.query.js';
import { toJobSummary } from '../../dist/src/modules/jobs/job-view.js';

const [port, databaseUrl, professionalId] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const app = Fastify({ logger: false });

app.get('/health', async () => ({ status: 'ok' }));
app.get('/api/v1/jobs', async (request) => {
  const limit = Math.min(Number(request.query.limit ?? 20), 100);
  const after = request.query.cursor
    ? JSON.parse(Buffer.from(request.query.cursor, 'base64url').toString())
    : null;
  const { sql, values } = discoveryQuery({
    professionalId,
    district: null,
    from: null,
    to: null,
    minRate: null,
    after,
    limit: limit + 1,
  });
  const { rows } = await pool.query(sql, values);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({ ...toJobSummary(row), score: Number(row.score) })),
    nextCursor:
      rows.length > limit
        ? Buffer.from(JSON.stringify([last.score, last.starts_at.toISOString(), last.id])).toString(
            'base64url',
          )
        : null,
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
