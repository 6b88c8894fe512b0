import { DomainError } from '../../../common/errors/domain-error.js';
import { BcryptPool } from './bcrypt-pool.js';

describe('BcryptPool', () => {
  let pool: BcryptPool;
  afterEach(() => pool.close());

  it('hashes and verifies in its worker threads', async () => {
    pool = new BcryptPool({ threads: 2, maxWaiting: 4, nice: 10 });
    const hash = await pool.hash('correct horse', 4);
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    await expect(pool.verify('correct horse', hash)).resolves.toBe(true);
    await expect(pool.verify('wrong horse', hash)).resolves.toBe(false);
  });

  it('queues up to maxWaiting behind busy threads and refuses the next one with 503 and Retry-After', async () => {
    pool = new BcryptPool({ threads: 1, maxWaiting: 2, nice: 10 });
    const hash = await pool.hash('pw', 10);
    const accepted = [pool.verify('pw', hash), pool.verify('pw', hash), pool.verify('pw', hash)];
    const refused = await pool.verify('pw', hash).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).status).toBe(503);
    expect((refused as DomainError).extensions).toEqual({ retryAfterSeconds: 2 });
    // The ones admitted still complete, and the pool takes work again afterwards.
    await expect(Promise.all(accepted)).resolves.toEqual([true, true, true]);
    await expect(pool.verify('pw', hash)).resolves.toBe(true);
  });

  it('reports a failed hash as an error, not a crash of the pool', async () => {
    pool = new BcryptPool({ threads: 1, maxWaiting: 1, nice: 0 });
    await expect(pool.verify('pw', 'not-a-bcrypt-hash')).resolves.toBe(false);
    await expect(pool.hash('pw', 99)).rejects.toThrow(/bcrypt/);
    await expect(pool.hash('pw', 4)).resolves.toMatch(/^\$2/);
  });

  it('stops a thread that stays idle and starts one again for the next hash', async () => {
    pool = new BcryptPool({ threads: 2, maxWaiting: 2, nice: 10, idleStopMs: 50 });
    const hash = await pool.hash('pw', 4);
    expect(pool.threads).toBe(1);
    while (pool.threads > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(pool.verify('pw', hash)).resolves.toBe(true);
    expect(pool.threads).toBe(1);
  });
});
