import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Profession } from '../catalogue/professions.js';
import { AvailabilitySlot } from './availability-slot.entity.js';

/** The working profile of a professional user (1:1, keyed by the user id). */
@Entity({ name: 'professionals' })
export class Professional {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  profession!: Profession;

  @Column({ type: 'text', nullable: true })
  bio!: string | null;

  /** Lower case; catalogue names and free tags alike. */
  @Column({ type: 'text', array: true })
  skills!: string[];

  @Column({ name: 'experience_years', type: 'smallint' })
  experienceYears!: number;

  /** Whole UGX. */
  @Column({ name: 'hourly_rate', type: 'integer', nullable: true })
  hourlyRate!: number | null;

  @Column({ name: 'daily_rate', type: 'integer', nullable: true })
  dailyRate!: number | null;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ type: 'text' })
  district!: string;

  /** Holds an approved document of each type the profession requires (verification-rule.ts). */
  @Column({ type: 'boolean' })
  verified!: boolean;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt!: Date | null;

  @Column({ name: 'rating_count', type: 'integer' })
  ratingCount!: number;

  /** Sum of visible stars; the average is ratingTotal / ratingCount. */
  @Column({ name: 'rating_total', type: 'integer' })
  ratingTotal!: number;

  @OneToMany(() => AvailabilitySlot, (slot) => slot.professional)
  availability?: AvailabilitySlot[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
