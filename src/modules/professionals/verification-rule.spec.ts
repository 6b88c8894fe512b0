import { isVerified, missingDocuments } from './verification-rule.js';

describe('verification rule', () => {
  it.each([
    ['teacher', ['nin', 'certificate'], true],
    ['teacher', ['nin'], false],
    ['teacher', ['nin', 'license'], false],
    ['nurse', ['license', 'nin'], true],
    ['nurse', ['nin', 'certificate'], false],
    ['caregiver', ['nin'], true],
    ['caregiver', [], false],
  ] as const)('%s with %j approved → verified %s', (profession, approved, expected) => {
    expect(isVerified(profession, approved)).toBe(expected);
  });

  it('names what is missing', () => {
    expect(missingDocuments('teacher', ['certificate'])).toEqual(['nin']);
    expect(missingDocuments('nurse', [])).toEqual(['nin', 'license']);
    expect(missingDocuments('caregiver', ['nin'])).toEqual([]);
  });
});
