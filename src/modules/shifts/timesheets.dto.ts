import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation/optional.js';
import { Trim } from '../../common/validation/trim.js';
import { TIME_OF_DAY } from '../professionals/availability.js';
import { TIMESHEET_STATUSES, type TimesheetStatus } from './timesheet-status.js';

export class SubmitTimesheetDto {
  @ApiPropertyOptional({
    example: '08:05',
    description: 'HH:MM Kampala time on the job’s date; default: the check-in, else the planned start',
    pattern: TIME_OF_DAY.source,
    maxLength: 5,
  })
  @IsOptionalNotNull()
  @IsString()
  @Matches(TIME_OF_DAY, { message: 'must be a time of day as HH:MM, e.g. 08:00' })
  startTime?: string;

  @ApiPropertyOptional({
    example: '14:05',
    description:
      'HH:MM Kampala time on the job’s date, after startTime (24:00 for midnight); default: the check-out, else the planned end',
    pattern: TIME_OF_DAY.source,
    maxLength: 5,
  })
  @IsOptionalNotNull()
  @IsString()
  @Matches(TIME_OF_DAY, { message: 'must be a time of day as HH:MM, e.g. 17:00' })
  endTime?: string;

  @ApiPropertyOptional({
    example: 30,
    minimum: 0,
    maximum: 720,
    default: 0,
    description: 'Unpaid break in minutes, shorter than the time between start and end',
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(720)
  breakMinutes?: number;

  @ApiPropertyOptional({
    example: 'Left at 14:05 with the ward sister’s agreement.',
    description: 'Anything the institution should know',
    maxLength: 500,
  })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class DisputeTimesheetDto {
  @ApiProperty({
    example: 'She left at noon, not 14:05',
    description: 'What is wrong with the hours, in a line',
    minLength: 3,
    maxLength: 200,
  })
  @Trim()
  @IsString()
  @Length(3, 200)
  reason!: string;

  @ApiPropertyOptional({
    example: 'The ward book shows her signing out at 12:02.',
    description: 'Anything the admin deciding it should know',
    maxLength: 2000,
  })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 2000)
  details?: string;
}

export class TimesheetDto {
  @ApiProperty({ format: 'uuid', example: '3f0c8a4e-5b7d-4c7e-9a51-2d4f6b8e1c30' })
  jobId!: string;

  @ApiProperty({ enum: TIMESHEET_STATUSES, example: 'submitted' })
  status!: TimesheetStatus;

  @ApiProperty({ example: '08:05', description: 'HH:MM Kampala time on the job’s date' })
  startTime!: string;

  @ApiProperty({ example: '14:05', description: 'HH:MM Kampala time on the job’s date' })
  endTime!: string;

  @ApiProperty({ example: 0 })
  breakMinutes!: number;

  @ApiProperty({ example: 6, description: 'Hours approved on approval: the claim, capped at the plan' })
  hours!: number;

  @ApiProperty({ example: 360, description: '`hours` in minutes' })
  minutes!: number;

  @ApiProperty({ example: 6, description: 'Hours claimed (start to end less the break), before the cap' })
  claimedHours!: number;

  @ApiProperty({ example: 8, description: 'Hours the job planned' })
  plannedHours!: number;

  @ApiProperty({ example: false, description: 'The claim was above the plan and counts as the plan' })
  capped!: boolean;

  @ApiProperty({
    example: 60000,
    description:
      'What approving it pays before commission: hours × rate for hourly jobs, the plan’s amount otherwise; the rest of the amount goes back to the institution',
  })
  pay!: number;

  @ApiProperty({ example: 80000, description: 'What the institution paid for the plan' })
  jobAmount!: number;

  @ApiProperty({ example: 'UGX' })
  currency!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  note!: string | null;

  @ApiProperty({ example: '2026-11-24T14:10:00.000Z', description: 'The latest submission' })
  submittedAt!: string;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Approved or disputed at' })
  decidedAt!: string | null;

  @ApiProperty({ example: false, description: 'Approved by the sweep after TIMESHEET_AUTO_APPROVE_HOURS' })
  autoApproved!: boolean;
}
