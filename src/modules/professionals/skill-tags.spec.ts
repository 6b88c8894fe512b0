import { normaliseSkill, normaliseSkills } from './skill-tags.js';

describe('skill tags', () => {
  it('lower-cases, trims and collapses spaces', () => {
    expect(normaliseSkill('  Wound   Care ')).toBe('wound care');
    expect(normaliseSkill('ICT')).toBe('ict');
  });

  it('drops duplicates that differ only in case or spacing, keeping order', () => {
    expect(normaliseSkills(['Mathematics', 'physics', 'MATHEMATICS ', 'Physics'])).toEqual([
      'mathematics',
      'physics',
    ]);
  });
});
