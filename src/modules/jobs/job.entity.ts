import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Profession } from '../catalogue/professions.js';
import type { JobStatus } from './job-status.js';

export const RATE_TYPES = ['hourly', 'daily', 'fixed'] as const;
export type RateType = (typeof RATE_TYPES)[number];

/** A shift an institution needs covered. Status changes go through job-status.ts. */
@Entity({ name: 'jobs' })
export class Job {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'institution_id', type: 'uuid' })
  institutionId!: string;

  /** The profession the job needs; the column (and the API field) is `role`. */
  @Column({ name: 'role', type: 'text' })
  profession!: Profession;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'required_skills', type: 'text', array: true })
  requiredSkills!: string[];

  /** Kampala date, YYYY-MM-DD. */
  @Column({ type: 'date' })
  date!: string;

  /** Kampala wall-clock `HH:MM:SS`. */
  @Column({ name: 'start_time', type: 'time' })
  startTime!: string;

  @Column({ name: 'end_time', type: 'time' })
  endTime!: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  /** Whole UGX per hour, per day, or for the whole job, per rateType. */
  @Column({ type: 'integer' })
  rate!: number;

  @Column({ name: 'rate_type', type: 'text' })
  rateType!: RateType;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ type: 'text' })
  district!: string;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ type: 'text' })
  status!: JobStatus;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  @Column({ name: 'cancelled_by', type: 'uuid', nullable: true })
  cancelledBy!: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'expired_at', type: 'timestamptz', nullable: true })
  expiredAt!: Date | null;

  /** Qgig's commission in basis points, frozen when the job is accepted (PLATFORM_FEE_PERCENT × 100). */
  @Column({ name: 'commission_bps', type: 'integer', nullable: true })
  commissionBps!: number | null;

  /** A dispute about the job is open: nobody (and no sweep) completes it until an admin resolves it. */
  @Column({ type: 'boolean', default: false })
  disputed!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
