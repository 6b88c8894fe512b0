import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One side's rating of the other for a completed job; hidden until visibleAt (double-blind). */
@Entity({ name: 'ratings' })
export class Rating {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'job_id', type: 'uuid' })
  jobId!: string;

  @Column({ name: 'rater_id', type: 'uuid' })
  raterId!: string;

  @Column({ name: 'ratee_id', type: 'uuid' })
  rateeId!: string;

  @Column({ name: 'ratee_role', type: 'text' })
  rateeRole!: 'professional' | 'institution';

  @Column({ type: 'smallint' })
  stars!: number;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  /** 14 days after the job was completed: no rating after it; hidden ones are revealed then. */
  @Column({ name: 'window_closes_at', type: 'timestamptz' })
  windowClosesAt!: Date;

  @Column({ name: 'visible_at', type: 'timestamptz', nullable: true })
  visibleAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
