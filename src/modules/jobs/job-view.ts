import type { AuthContext } from '../../common/auth/auth-context.js';
import { PreparedStatement } from '../../database/prepared-statement.js';
import type { Profession } from '../catalogue/professions.js';
import { toHourMinute } from '../professionals/availability.js';
import type { JobDto, JobSummaryDto } from './dto/job-responses.dto.js';
import { feeOf } from '../../common/money.js';
import { jobAmount } from './job-amount.js';
import type { JobStatus } from './job-status.js';
import type { RateType } from './job.entity.js';

/**
 * What a list item (JobSummaryDto) needs: the job and its institution's public name. `date` is formatted in
 * SQL so pg does not turn it into a JavaScript Date at local midnight.
 */
export const JOB_SUMMARY_COLUMNS = `
  j.id, j.institution_id, j.role, j.title, j.required_skills,
  to_char(j.date, 'YYYY-MM-DD') AS date, j.start_time, j.end_time, j.starts_at, j.ends_at,
  j.rate, j.rate_type, j.currency, j.district, j.status,
  coalesce(i.name, iu.name) AS institution_name, i.type AS institution_type`;

/** Joins JOB_SUMMARY_COLUMNS needs, after a FROM that names the job `j`. */
export const JOB_SUMMARY_JOINS = `
  JOIN users iu ON iu.id = j.institution_id
  LEFT JOIN institutions i ON i.user_id = j.institution_id`;

/** The job's timesheet (owned by the shifts module, read here only), for the parties' job view. */
export const TIMESHEET_VIEW_COLUMNS = `
  ts.status AS timesheet_status, ts.minutes AS timesheet_minutes,
  ts.submitted_at AS timesheet_submitted_at, ts.decided_at AS timesheet_decided_at,
  ts.auto_approved AS timesheet_auto_approved`;

/** The join TIMESHEET_VIEW_COLUMNS needs (one timesheet per job at most: job_id is its key). */
export const TIMESHEET_VIEW_JOIN = `
  LEFT JOIN timesheets ts ON ts.job_id = j.id`;

/**
 * One column list for every way a whole job is shown: the summary plus description, address, the
 * institution's contact and the assignee. Callers append WHERE / ORDER BY / LIMIT to JOB_VIEW_SELECT.
 */
export const JOB_VIEW_COLUMNS = `${JOB_SUMMARY_COLUMNS},
  j.description, j.address, j.cancel_reason, j.commission_bps, j.created_at, j.updated_at,
  coalesce(i.contact_person, iu.name) AS institution_contact_name,
  coalesce(i.contact_phone, iu.phone) AS institution_contact_phone,
  coalesce(i.contact_email, iu.email) AS institution_contact_email,
  a.professional_id AS assignee_id, a.accepted_at AS assignee_accepted_at,
  pu.name AS assignee_name, pu.phone AS assignee_phone, pu.email AS assignee_email,
  s.booked_at AS shift_booked_at, s.confirmed_at AS shift_confirmed_at, s.at_risk_at AS shift_at_risk_at,
  s.checked_in_at AS shift_checked_in_at, s.checked_out_at AS shift_checked_out_at,
  s.no_show_at AS shift_no_show_at,
  ${TIMESHEET_VIEW_COLUMNS}`;

/**
 * Joins JOB_VIEW_COLUMNS needs, after a FROM that names the job `j`. `shifts` (the shifts module's) is
 * joined read only, for its current professional: a withdrawn professional's shift is not shown.
 */
export const JOB_VIEW_JOINS = `${JOB_SUMMARY_JOINS}
  LEFT JOIN job_assignees a ON a.job_id = j.id
  LEFT JOIN users pu ON pu.id = a.professional_id
  LEFT JOIN shifts s ON s.job_id = j.id AND s.professional_id = a.professional_id
  ${TIMESHEET_VIEW_JOIN}`;

export const JOB_VIEW_SELECT = `SELECT ${JOB_VIEW_COLUMNS} FROM jobs j ${JOB_VIEW_JOINS}`;

/** GET /jobs/:id, outside any transaction. */
export const JOB_BY_ID = new PreparedStatement<JobRow>('job-by-id', `${JOB_VIEW_SELECT} WHERE j.id = $1`);

export interface JobRow {
  id: string;
  institution_id: string;
  role: Profession;
  title: string;
  description: string;
  required_skills: string[];
  date: string;
  start_time: string;
  end_time: string;
  starts_at: Date;
  ends_at: Date;
  rate: number;
  rate_type: RateType;
  currency: string;
  district: string;
  address: string | null;
  status: JobStatus;
  cancel_reason: string | null;
  commission_bps: number | null;
  created_at: Date;
  updated_at: Date;
  institution_name: string;
  institution_type: string | null;
  institution_contact_name: string;
  institution_contact_phone: string | null;
  institution_contact_email: string | null;
  assignee_id: string | null;
  assignee_accepted_at: Date | null;
  assignee_name: string | null;
  assignee_phone: string | null;
  assignee_email: string | null;
  /** The booked shift (shifts module, read only): null before the job is booked. */
  shift_booked_at: Date | null;
  shift_confirmed_at: Date | null;
  shift_at_risk_at: Date | null;
  shift_checked_in_at: Date | null;
  shift_checked_out_at: Date | null;
  shift_no_show_at: Date | null;
  timesheet_status: 'submitted' | 'approved' | 'disputed' | null;
  timesheet_minutes: number | null;
  timesheet_submitted_at: Date | null;
  timesheet_decided_at: Date | null;
  timesheet_auto_approved: boolean | null;
}

export type JobSummaryRow = Pick<
  JobRow,
  | 'id'
  | 'institution_id'
  | 'role'
  | 'title'
  | 'required_skills'
  | 'date'
  | 'start_time'
  | 'end_time'
  | 'starts_at'
  | 'ends_at'
  | 'rate'
  | 'rate_type'
  | 'currency'
  | 'district'
  | 'status'
  | 'institution_name'
  | 'institution_type'
>;

export function toJobSummary(row: JobSummaryRow): JobSummaryDto {
  return {
    id: row.id,
    role: row.role,
    title: row.title,
    requiredSkills: row.required_skills,
    date: row.date,
    startTime: toHourMinute(row.start_time),
    endTime: toHourMinute(row.end_time),
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    rate: row.rate,
    rateType: row.rate_type,
    amount: jobAmount({
      rate: row.rate,
      rateType: row.rate_type,
      startTime: row.start_time,
      endTime: row.end_time,
    }),
    currency: row.currency,
    district: row.district,
    status: row.status,
    institution: {
      id: row.institution_id,
      name: row.institution_name,
      type: row.institution_type ?? 'institution',
    },
  };
}

/**
 * The full job as `viewer` may see it: the address and the other party's contact only for the two
 * parties the job links (and the address for admins).
 */
export function toJobDto(row: JobRow, viewer: AuthContext): JobDto {
  const isOwner = viewer.role === 'institution' && viewer.userId === row.institution_id;
  const isAssignee = viewer.role === 'professional' && viewer.userId === row.assignee_id;
  let contact: JobDto['contact'] = null;
  if (isOwner && row.assignee_id) {
    contact = { name: row.assignee_name ?? '', phone: row.assignee_phone, email: row.assignee_email };
  } else if (isAssignee) {
    contact = {
      name: row.institution_contact_name,
      phone: row.institution_contact_phone,
      email: row.institution_contact_email,
    };
  }
  return {
    ...toJobSummary(row),
    description: row.description,
    address: isOwner || isAssignee || viewer.role === 'admin' ? row.address : null,
    cancelReason: row.cancel_reason,
    assignee:
      row.assignee_id && (isOwner || isAssignee || viewer.role === 'admin')
        ? {
            id: row.assignee_id,
            name: row.assignee_name ?? '',
            acceptedAt: row.assignee_accepted_at!.toISOString(),
          }
        : null,
    contact,
    ...(row.commission_bps !== null && (isOwner || isAssignee || viewer.role === 'admin') && commission(row)),
    ...(row.shift_booked_at !== null && (isOwner || isAssignee || viewer.role === 'admin') && shift(row)),
    timesheet: isOwner || isAssignee || viewer.role === 'admin' ? timesheetOf(row) : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The booked shift's attendance, for the job's parties and admins. */
function shift(
  row: JobRow,
): Pick<JobDto, 'confirmedAt' | 'atRisk' | 'checkedInAt' | 'checkedOutAt' | 'noShow'> {
  const iso = (at: Date | null) => at?.toISOString() ?? null;
  return {
    confirmedAt: iso(row.shift_confirmed_at),
    atRisk:
      row.shift_at_risk_at !== null && row.shift_confirmed_at === null && row.shift_checked_in_at === null,
    checkedInAt: iso(row.shift_checked_in_at),
    checkedOutAt: iso(row.shift_checked_out_at),
    noShow: row.shift_no_show_at !== null,
  };
}

/** The commission frozen at acceptance, and what the professional earns of the job's amount. */
function commission(row: JobRow): { platformFee: number; professionalEarning: number } {
  const amount = jobAmount({
    rate: row.rate,
    rateType: row.rate_type,
    startTime: row.start_time,
    endTime: row.end_time,
  });
  const platformFee = feeOf(amount, row.commission_bps ?? 0);
  return { platformFee, professionalEarning: amount - platformFee };
}

/** The timesheet's state on the job view (null when none was submitted). */
function timesheetOf(row: JobRow): JobDto['timesheet'] {
  if (row.timesheet_status === null) return null;
  return {
    status: row.timesheet_status,
    minutes: row.timesheet_minutes!,
    hours: Math.round((row.timesheet_minutes! / 60) * 100) / 100,
    submittedAt: row.timesheet_submitted_at!.toISOString(),
    decidedAt: row.timesheet_decided_at?.toISOString() ?? null,
    autoApproved: row.timesheet_auto_approved ?? false,
  };
}
