import { spawnSync } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';

/** `npm run seed` (compiled by `npm test`'s build) against fresh databases. */
describe('npm run seed', () => {
  const databases: TestDatabase[] = [];
  afterAll(() => Promise.all(databases.map((db) => db.drop())));

  const seed = async (args: string[]) => {
    const db = await createTestDatabase();
    databases.push(db);
    const run = spawnSync(process.execPath, ['dist/scripts/seed.js', ...args], {
      env: { ...process.env, DATABASE_URL: db.url },
      encoding: 'utf8',
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    return { db, output: run.stdout };
  };
  const fingerprint = async (db: TestDatabase) =>
    (
      await db.pool.query(
        `SELECT md5(string_agg(j.id::text || j.status || j.starts_at::text || j.role, ',' ORDER BY j.id)) ||
                md5((SELECT string_agg(name || email, ',' ORDER BY email) FROM users)) AS f FROM jobs j`,
      )
    ).rows[0].f as string;

  it('builds a realistic data set, the same for the same --seed, and refuses to seed twice', async () => {
    const { db } = await seed(['--scale', '0.01', '--seed', '7']);
    const counts = (
      await db.pool.query(`SELECT
          (SELECT count(*)::int FROM users WHERE role = 'professional') AS professionals,
          (SELECT count(*)::int FROM institutions) AS institutions,
          (SELECT count(*)::int FROM jobs) AS jobs,
          (SELECT count(*)::int FROM jobs WHERE status = 'open' AND starts_at > now()) AS open_future,
          (SELECT count(*)::int FROM job_assignees) AS assignments,
          (SELECT count(*)::int FROM jobs WHERE status = 'completed') AS completed,
          (SELECT count(*)::int FROM transactions WHERE status = 'completed') AS payments,
          (SELECT count(*)::int FROM ratings) AS ratings`)
    ).rows[0];
    expect(counts).toEqual(
      expect.objectContaining({ professionals: 200, institutions: 20, jobs: 1000, open_future: 50 }),
    );
    expect(counts.assignments).toBe(counts.completed);
    expect(counts.payments).toBe(counts.completed);
    expect(counts.ratings).toBeGreaterThan(0);
    const phones = await db.pool.query(
      `SELECT count(*)::int AS n FROM users WHERE phone !~ '^\\+2567[0-9]{8}$'`,
    );
    expect(phones.rows[0].n).toBe(0);

    const again = await seed(['--scale', '0.01', '--seed', '7']);
    expect(await fingerprint(again.db)).toBe(await fingerprint(db));
    const other = await seed(['--scale', '0.01', '--seed', '8']);
    expect(await fingerprint(other.db)).not.toBe(await fingerprint(db));

    const twice = spawnSync(process.execPath, ['dist/scripts/seed.js', '--scale', '0.01'], {
      env: { ...process.env, DATABASE_URL: db.url },
      encoding: 'utf8',
    });
    expect(twice.stdout).toContain('already there');
  });

  it('--demo prints one login per role', async () => {
    const { output } = await seed(['--demo']);
    expect(output).toMatch(/admin\s+admin@seed\.qgig\.ug/);
    expect(output).toMatch(/institution\s+inst1@seed\.qgig\.ug/);
    expect(output).toMatch(/professional\s+pro\d+@seed\.qgig\.ug \(verified\)/);
  });
});
