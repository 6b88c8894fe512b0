import { parseStatementMonth } from './statement-month.js';
import { statementNumber } from './statements.service.js';

describe('statement month', () => {
  const now = new Date('2026-11-30T22:00:00Z'); // 1 December 2026, 01:00 in Kampala

  it('accepts YYYY-MM up to the current Kampala month', () => {
    expect(parseStatementMonth('2026-12', now)).toEqual({ year: 2026, month: 12, text: '2026-12' });
    expect(parseStatementMonth('2026-01', now)).toEqual({ year: 2026, month: 1, text: '2026-01' });
  });

  it.each(['2026-13', '2026-00', '2026-1', '26-11', '2026-11-01', ' 2026-11', '2019-12', '2027-01', ''])(
    'refuses %j',
    (value) => {
      expect(parseStatementMonth(value, now)).toBeNull();
    },
  );

  it('numbers a statement by month and the first 8 characters of the user id', () => {
    expect(
      statementNumber('1a2b3c4d-0000-4000-8000-000000000000', { year: 2026, month: 11, text: '2026-11' }),
    ).toBe('ST-2026-11-1a2b3c4d');
  });
});
