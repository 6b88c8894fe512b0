import { formatKampalaDateTime } from '../../common/time/kampala-calendar.js';
import type { NotificationEvent } from '../notifications/notifications.service.js';
import type { DueShift, ShiftNotice } from './shifts.repository.js';

/**
 * What each time-driven shift notice says, and to whom. Dedupe keys carry the booking's instant, so a
 * rebooked job's new professional is reminded again, while a retried sweep notifies once.
 */
export function shiftNotice(
  notice: ShiftNotice,
  shift: DueShift,
  confirmBeforeHours: number,
): NotificationEvent {
  const when = formatKampalaDateTime(shift.starts_at);
  const data = { jobId: shift.job_id };
  const key = `${shift.job_id}:${shift.booked_at.getTime()}`;
  switch (notice) {
    case 'reminder_24h':
      return {
        userId: shift.professional_id,
        type: 'shift.reminder',
        title: `Reminder: “${shift.title}” starts ${when}`,
        body: 'Your shift starts within 24 hours. Check in with the code the institution shows you on arrival.',
        data,
        dedupeKey: `shift.reminder_24h:${key}`,
      };
    case 'confirm_reminder':
      return {
        userId: shift.professional_id,
        type: 'shift.confirm_reminder',
        title: `Please confirm “${shift.title}” (${when})`,
        body:
          `Confirm that you will come. If the shift is not confirmed ${confirmBeforeHours} hours before ` +
          'its start, the institution is told it is at risk.',
        data,
        dedupeKey: `shift.confirm_reminder:${key}`,
      };
    case 'at_risk':
      return {
        userId: shift.institution_id,
        type: 'shift.at_risk',
        title: `“${shift.title}” is not confirmed yet`,
        body:
          `The professional has not confirmed the shift starting ${when}. You may want to contact them ` +
          'or plan for cover.',
        data,
        dedupeKey: `shift.at_risk:${key}`,
      };
    case 'no_check_in':
      return {
        userId: shift.institution_id,
        type: 'shift.no_check_in',
        title: `Nobody checked in for “${shift.title}”`,
        body:
          `The shift started ${when} and the professional has not checked in. If they did not come, ` +
          'report a no-show: the job is cancelled and your payment refunded in full.',
        data,
        dedupeKey: `shift.no_check_in:${key}`,
      };
  }
}
