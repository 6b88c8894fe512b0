import { experienceTerm, matchScore, rankingBase, ratingTerm, skillMatch } from './match-score.js';

describe('match score', () => {
  it('skill match is the share of required skills held, 1 when none are required', () => {
    expect(skillMatch([], ['anything'])).toBe(1);
    expect(skillMatch(['a', 'b', 'c', 'd'], ['b', 'd', 'x'])).toBe(0.5);
    expect(skillMatch(['a'], [])).toBe(0);
  });

  it('experience saturates at 10 years', () => {
    expect(experienceTerm(0)).toBe(0);
    expect(experienceTerm(4)).toBe(0.4);
    expect(experienceTerm(10)).toBe(1);
    expect(experienceTerm(35)).toBe(1);
  });

  it('rating is a Bayesian mean (prior 3.5 stars, weight 5) mapped to [0, 1]', () => {
    expect(ratingTerm(0, 0)).toBe(0.625); // a newcomer sits at the prior
    expect(ratingTerm(5 * 5, 5)).toBeCloseTo(((17.5 + 25) / 10 - 1) / 4, 12); // 4.25 stars → 0.8125
    expect(ratingTerm(1000 * 5, 1000)).toBeGreaterThan(0.99);
    expect(ratingTerm(1000, 1000)).toBeLessThan(0.01);
  });

  it('combines the terms 0.5 / 0.3 / 0.2, rounded to 6 decimals', () => {
    // skills 2/3, experience 6 years, two 5-star ratings: 0.5·0.666667 + 0.3·0.6 + 0.2·((17.5+10)/7−1)/4
    const score = matchScore({
      requiredSkills: ['a', 'b', 'c'],
      skills: ['a', 'c'],
      experienceYears: 6,
      ratingTotal: 10,
      ratingCount: 2,
    });
    const expected = 0.5 * (2 / 3) + 0.3 * 0.6 + 0.2 * ((27.5 / 7 - 1) / 4);
    expect(score).toBe(Number(expected.toFixed(6)));
    expect(score).toBe(0.659762);
  });

  it('rounds the skill term and the professional’s part separately, then adds them', () => {
    // skills 1/3 → 0.166667 (0.1666667 before rounding); 6 years and 9 stars over 2 ratings →
    // 0.18 + 0.2·((17.5 + 9)/7 − 1)/4 = 0.3192857… → ranking base 0.319286
    expect(rankingBase(6, 9, 2)).toBe(0.319286);
    const score = matchScore({
      requiredSkills: ['a', 'b', 'c'],
      skills: ['b'],
      experienceYears: 6,
      ratingTotal: 9,
      ratingCount: 2,
    });
    expect(score).toBe(0.485953); // 0.166667 + 0.319286; rounding the sum once would give 0.485952
    expect(Number((0.5 / 3 + 0.3 * 0.6 + 0.2 * ((26.5 / 7 - 1) / 4)).toFixed(6))).toBe(0.485952);
  });

  it('rounds a term ending in exactly 5 at the 7th decimal up, as PostgreSQL does', () => {
    // 11 ratings totalling 44 stars: 0.2·((17.5 + 44)/16 − 1)/4 = 0.1421875 exactly → 0.142188
    expect(rankingBase(0, 44, 11)).toBe(0.142188);
    expect(rankingBase(10, 44, 11)).toBe(0.442188);
  });

  it('ranks a newcomer between a proven good and a proven poor professional', () => {
    const base = { requiredSkills: [], skills: [], experienceYears: 5 };
    const newcomer = matchScore({ ...base, ratingTotal: 0, ratingCount: 0 });
    const good = matchScore({ ...base, ratingTotal: 50, ratingCount: 10 });
    const poor = matchScore({ ...base, ratingTotal: 15, ratingCount: 10 });
    expect(good).toBeGreaterThan(newcomer);
    expect(newcomer).toBeGreaterThan(poor);
  });
});
