import {
  blocksAccepting,
  reliabilityOf,
  reliabilityScore,
  SCORE_WINDOW,
  type ShiftRecord,
} from './reliability-score.js';

let n = 0;
function shift(outcome: Partial<ShiftRecord> = {}): ShiftRecord {
  n += 1;
  return {
    jobId: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`,
    firstAt: new Date(Date.UTC(2026, 0, 1) + n * 86_400_000),
    booked: true,
    completed: false,
    lateWithdrawal: false,
    noShow: false,
    noShowOverturned: false,
    ...outcome,
  };
}
const done = () => shift({ completed: true });

describe('reliability score', () => {
  it('is 1 for a newcomer, and while nothing has ended yet', () => {
    expect(reliabilityScore([])).toBe(1);
    expect(reliabilityScore([shift(), shift()])).toBe(1);
  });

  it('is the share completed without a late withdrawal or a no-show', () => {
    expect(reliabilityScore([done(), done(), done(), shift({ noShow: true })])).toBe(0.75);
    expect(reliabilityScore([done(), shift({ lateWithdrawal: true }), shift({ noShow: true })])).toBe(0.3333);
  });

  it('a completed shift that was also withdrawn late or not attended does not count as good', () => {
    expect(reliabilityScore([shift({ completed: true, noShow: true }), done()])).toBe(0.5);
  });

  it('ignores shifts still ahead and ones left in time (neither completed nor failed)', () => {
    expect(reliabilityScore([done(), shift(), shift({ booked: true }), shift({ noShow: true })])).toBe(0.5);
  });

  it('an overturned no-show is not held against them', () => {
    expect(reliabilityScore([done(), shift({ noShow: true, noShowOverturned: true })])).toBe(1);
  });

  it('counts the last 20 shifts only', () => {
    const old = Array.from({ length: 5 }, () => shift({ noShow: true }));
    const recent = Array.from({ length: SCORE_WINDOW }, done);
    expect(reliabilityScore([...recent, ...old])).toBe(1);
    const lastOneBad = [...Array.from({ length: SCORE_WINDOW }, done), shift({ lateWithdrawal: true })];
    expect(reliabilityScore(lastOneBad)).toBe(0.95);
  });

  it('totals: booked shifts, late withdrawals, no-shows (overturned ones excluded)', () => {
    expect(
      reliabilityOf([
        done(),
        shift({ lateWithdrawal: true }),
        shift({ lateWithdrawal: true, booked: false }),
        shift({ noShow: true }),
        shift({ noShow: true, noShowOverturned: true }),
      ]),
    ).toEqual({ score: 0.25, bookedShifts: 4, lateWithdrawals: 2, noShows: 1 });
  });

  it('blocks accepting from the third no-show in the window', () => {
    expect(blocksAccepting(2)).toBe(false);
    expect(blocksAccepting(3)).toBe(true);
  });
});
