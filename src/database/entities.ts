import type { EntitySchema, MixedList } from 'typeorm';
import { AuditEntry } from '../modules/audit/audit-entry.entity.js';
import { Session } from '../modules/auth/sessions/session.entity.js';
import { OneTimeToken } from '../modules/auth/tokens/one-time-token.entity.js';
import { OutboxMail } from '../modules/mail/outbox-mail.entity.js';
import { Institution } from '../modules/institutions/institution.entity.js';
import { JobAssignee } from '../modules/jobs/job-assignee.entity.js';
import { Job } from '../modules/jobs/job.entity.js';
import { Notification } from '../modules/notifications/notification.entity.js';
import { Payment } from '../modules/payments/payment.entity.js';
import { PayoutAccount } from '../modules/payouts/payout-account.entity.js';
import { Payout } from '../modules/payouts/payout.entity.js';
import { Rating } from '../modules/ratings/rating.entity.js';
import { AvailabilitySlot } from '../modules/professionals/availability-slot.entity.js';
import { Professional } from '../modules/professionals/professional.entity.js';
import { User } from '../modules/users/user.entity.js';
import { Document } from '../modules/verification/document.entity.js';

// Registration list of every TypeORM entity. Listed explicitly: no file globs under ESM.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
export const ENTITIES: MixedList<Function | string | EntitySchema> = [
  User,
  Session,
  OneTimeToken,
  AuditEntry,
  OutboxMail,
  Professional,
  AvailabilitySlot,
  Institution,
  Document,
  Notification,
  Job,
  JobAssignee,
  Payment,
  Rating,
  PayoutAccount,
  Payout,
];
