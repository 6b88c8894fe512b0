import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PROFESSIONS, type Profession } from '../../catalogue/professions.js';
import { ProfessionalPublicDto } from '../../professionals/dto/professional-profile.dto.js';
import { JOB_STATUSES, type JobStatus } from '../job-status.js';
import { RATE_TYPES, type RateType } from '../job.entity.js';
import { PageOf } from '../../../common/pagination/page.dto.js';

export class JobInstitutionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'St. Mary’s Primary School, Kisubi' })
  name!: string;

  @ApiProperty({ example: 'school' })
  type!: string;
}

/** Contact details, shown only to the two parties a job links. */
export class JobContactDto {
  @ApiProperty({ example: 'Sarah Namukasa' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: '+256772123456' })
  phone!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'office@stmarys-kisubi.ug' })
  email!: string | null;
}

export class JobAssigneeDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Grace Nakato' })
  name!: string;

  @ApiProperty({ example: '2026-11-24T09:00:00.000Z' })
  acceptedAt!: string;
}

export class JobSummaryDto {
  @ApiProperty({ format: 'uuid', example: '8d7f5a2e-1c3b-4e6f-9a0b-2c4d6e8f0a1b' })
  id!: string;

  @ApiProperty({ enum: PROFESSIONS, example: 'teacher' })
  role!: Profession;

  @ApiProperty({ example: 'P.6 mathematics substitute' })
  title!: string;

  @ApiProperty({ type: [String], example: ['mathematics'] })
  requiredSkills!: string[];

  @ApiProperty({ example: '2027-03-15' })
  date!: string;

  @ApiProperty({ example: '08:00' })
  startTime!: string;

  @ApiProperty({ example: '13:00' })
  endTime!: string;

  @ApiProperty({ example: '2027-03-15T05:00:00.000Z' })
  startsAt!: string;

  @ApiProperty({ example: '2027-03-15T10:00:00.000Z' })
  endsAt!: string;

  @ApiProperty({ example: 15000 })
  rate!: number;

  @ApiProperty({ enum: RATE_TYPES, example: 'hourly' })
  rateType!: RateType;

  @ApiProperty({ example: 75000, description: 'What the institution pays, in whole UGX' })
  amount!: number;

  @ApiProperty({ example: 'UGX' })
  currency!: string;

  @ApiProperty({ example: 'Wakiso' })
  district!: string;

  @ApiProperty({ enum: JOB_STATUSES, example: 'open' })
  status!: JobStatus;

  @ApiProperty({ type: JobInstitutionDto })
  institution!: JobInstitutionDto;
}

/** The job's timesheet as its parties see it on the job (the whole timesheet: GET /jobs/{id}/timesheet). */
export class JobTimesheetDto {
  @ApiProperty({ enum: ['submitted', 'approved', 'disputed'], example: 'submitted' })
  status!: 'submitted' | 'approved' | 'disputed';

  @ApiProperty({ example: 6, description: 'Hours claimed, capped at the plan' })
  hours!: number;

  @ApiProperty({ example: 360, description: 'The same in minutes' })
  minutes!: number;

  @ApiProperty({ example: '2026-11-24T14:05:00.000Z' })
  submittedAt!: string;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Approved or disputed at' })
  decidedAt!: string | null;

  @ApiProperty({ example: false, description: 'Approved by the sweep after TIMESHEET_AUTO_APPROVE_HOURS' })
  autoApproved!: boolean;
}

export class JobDto extends JobSummaryDto {
  @ApiProperty({ example: 'Cover four lessons of P.6 mathematics.' })
  description!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'Only for the owner, the assignee and admins',
  })
  address!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  cancelReason!: string | null;

  @ApiProperty({ type: JobAssigneeDto, nullable: true })
  assignee!: JobAssigneeDto | null;

  @ApiPropertyOptional({
    type: JobContactDto,
    nullable: true,
    description: 'The other party’s contact, once the job links you (accepted or later)',
  })
  contact!: JobContactDto | null;

  @ApiPropertyOptional({
    example: 7500,
    description:
      'Qgig’s commission on `amount` (PLATFORM_FEE_PERCENT, frozen when the job was accepted); for the owner, the assignee and admins once accepted',
  })
  platformFee?: number;

  @ApiPropertyOptional({
    example: 67500,
    description:
      'What the professional earns: `amount` − `platformFee`; for the owner, the assignee and admins once accepted',
  })
  professionalEarning?: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2027-03-14T09:12:00.000Z',
    description: 'When the professional confirmed the booked shift; for its parties and admins once booked',
  })
  confirmedAt?: string | null;

  @ApiPropertyOptional({
    example: false,
    description:
      'Not confirmed CONFIRM_BEFORE_HOURS before the start (the institution was warned); for its parties and admins once booked',
  })
  atRisk?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2027-03-15T04:52:31.000Z',
    description: 'Check-in with the attendance code; for its parties and admins once booked',
  })
  checkedInAt?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: null,
    description: 'Check-out with the attendance code; for its parties and admins once booked',
  })
  checkedOutAt?: string | null;

  @ApiPropertyOptional({
    example: false,
    description: 'The institution reported that the professional did not come (the job was cancelled)',
  })
  noShow?: boolean;
  @ApiProperty({
    type: JobTimesheetDto,
    nullable: true,
    description:
      'The timesheet the professional submitted; for the owner, the assignee and admins, else null',
  })
  timesheet!: JobTimesheetDto | null;

  @ApiProperty({ example: '2026-11-24T08:30:00.000Z' })
  createdAt!: string;

  @ApiProperty({ example: '2026-11-24T08:30:00.000Z' })
  updatedAt!: string;
}

export class JobPageDto extends PageOf(JobDto) {}

export class RankedJobDto extends JobSummaryDto {
  @ApiProperty({ example: 0.8125, description: 'Match score in [0, 1] (DESIGN.md, Matching)' })
  score!: number;
}

export class RankedJobPageDto extends PageOf(RankedJobDto) {}

export class CandidateDto extends ProfessionalPublicDto {
  @ApiProperty({ example: 0.8125 })
  score!: number;
}

export class CandidatePageDto extends PageOf(CandidateDto) {}
