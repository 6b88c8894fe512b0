import { QueryFailedError } from 'typeorm';
import { isRetryableTransactionError } from './with-transaction.js';

const queryError = (code: string) =>
  new QueryFailedError('UPDATE jobs …', [], Object.assign(new Error('aborted'), { code }));

describe('isRetryableTransactionError', () => {
  it.each(['40P01', '40001'])('retries SQLSTATE %s wrapped by TypeORM', (code) => {
    expect(isRetryableTransactionError(queryError(code))).toBe(true);
  });

  it('retries the bare driver error too (e.g. from COMMIT)', () => {
    expect(
      isRetryableTransactionError(Object.assign(new Error('deadlock detected'), { code: '40P01' })),
    ).toBe(true);
  });

  it.each([
    ['a unique violation', queryError('23505')],
    ['a lock timeout', queryError('55P03')],
    ['a plain error', new Error('boom')],
    ['a string', '40P01'],
    ['null', null],
    ['undefined', undefined],
  ])('does not retry %s', (_case, error) => {
    expect(isRetryableTransactionError(error)).toBe(false);
  });
});
