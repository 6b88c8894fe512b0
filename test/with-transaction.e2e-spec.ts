import { DataSource, type EntityManager } from 'typeorm';
import { withTransaction } from '../src/database/with-transaction.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

describe('withTransaction against PostgreSQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('retries the transaction PostgreSQL aborts to break a real deadlock, once', async () => {
    const dataSource = t.app.get(DataSource);
    const lock = (em: EntityManager, key: number) => em.query(`SELECT pg_advisory_xact_lock($1)`, [key]);
    let bothHoldFirstLock!: () => void;
    const barrier = new Promise<void>((resolve) => (bothHoldFirstLock = resolve));
    let holding = 0;
    let attempts = 0;
    // Each takes one lock, waits until the other holds its own, then wants the other's: a deadlock, which
    // PostgreSQL breaks by aborting one of them (40P01). Its retry waits for the survivor, then succeeds.
    const crossing = (first: number, second: number) =>
      withTransaction(dataSource, async (em) => {
        attempts++;
        await lock(em, first);
        if (++holding === 2) bothHoldFirstLock();
        await barrier;
        await lock(em, second);
        return first;
      });

    await expect(Promise.all([crossing(1, 2), crossing(2, 1)])).resolves.toEqual([1, 2]);
    expect(attempts).toBe(3);
  });
});
