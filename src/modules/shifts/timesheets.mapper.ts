import type { JobPlan } from '../jobs/jobs.service.js';
import { approvedPay, claimedMinutes, hoursOf, kampalaTimeOn, plannedMinutes } from './timesheet-hours.js';
import type { TimesheetDto } from './timesheets.dto.js';
import type { TimesheetRow } from './timesheets.repository.js';

export function toTimesheetDto(row: TimesheetRow, plan: JobPlan): TimesheetDto {
  const claimed = claimedMinutes(row.started_at, row.ended_at, row.break_minutes);
  return {
    jobId: row.job_id,
    status: row.status,
    startTime: kampalaTimeOn(plan.date, row.started_at),
    endTime: kampalaTimeOn(plan.date, row.ended_at),
    breakMinutes: row.break_minutes,
    hours: hoursOf(row.minutes),
    minutes: row.minutes,
    claimedHours: hoursOf(claimed),
    plannedHours: hoursOf(plannedMinutes(plan)),
    capped: claimed > row.minutes,
    pay: approvedPay(plan, row.minutes),
    jobAmount: plan.amount,
    currency: plan.currency,
    note: row.note,
    submittedAt: row.submitted_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    autoApproved: row.auto_approved,
  };
}
