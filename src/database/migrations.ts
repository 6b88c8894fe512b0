// Registration list of every migration, oldest first. Listed explicitly: no file globs under ESM.
import { Foundation1764000000000 } from '../../migrations/1764000000000-Foundation.js';
import { Accounts1764100000000 } from '../../migrations/1764100000000-Accounts.js';
import { Profiles1764200000000 } from '../../migrations/1764200000000-Profiles.js';
import { Jobs1764300000000 } from '../../migrations/1764300000000-Jobs.js';
import { Payments1764400000000 } from '../../migrations/1764400000000-Payments.js';
import { Ratings1764500000000 } from '../../migrations/1764500000000-Ratings.js';
import { Admin1764600000000 } from '../../migrations/1764600000000-Admin.js';
import { RefundQueue1764700000000 } from '../../migrations/1764700000000-RefundQueue.js';
import { Ledger1764800000000 } from '../../migrations/1764800000000-Ledger.js';
import { Earnings1764850000000 } from '../../migrations/1764850000000-Earnings.js';
import { Payouts1764900000000 } from '../../migrations/1764900000000-Payouts.js';
import { Receipts1765000000000 } from '../../migrations/1765000000000-Receipts.js';
import { Disputes1765100000000 } from '../../migrations/1765100000000-Disputes.js';
import { Shifts1765200000000 } from '../../migrations/1765200000000-Shifts.js';
import { RevocationNotices1765300000000 } from '../../migrations/1765300000000-RevocationNotices.js';
import { CandidateRanking1765400000000 } from '../../migrations/1765400000000-CandidateRanking.js';
import { PayoutIdempotencyKeys1765500000000 } from '../../migrations/1765500000000-PayoutIdempotencyKeys.js';

export const MIGRATIONS = [
  Foundation1764000000000,
  Accounts1764100000000,
  Profiles1764200000000,
  Jobs1764300000000,
  Payments1764400000000,
  Ratings1764500000000,
  Admin1764600000000,
  RefundQueue1764700000000,
  Ledger1764800000000,
  Earnings1764850000000,
  Payouts1764900000000,
  Receipts1765000000000,
  Disputes1765100000000,
  Shifts1765200000000,
  RevocationNotices1765300000000,
  CandidateRanking1765400000000,
  PayoutIdempotencyKeys1765500000000,
];
