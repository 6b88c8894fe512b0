import { durationMs } from './duration.js';

describe('durationMs', () => {
  it.each([
    ['45s', 45_000],
    ['15m', 900_000],
    ['12h', 43_200_000],
    ['30d', 2_592_000_000],
  ])('reads %s as %d ms', (input, expected) => {
    expect(durationMs(input)).toBe(expected);
  });

  it('refuses anything else', () => {
    expect(() => durationMs('15 minutes')).toThrow('Not a duration');
  });
});
