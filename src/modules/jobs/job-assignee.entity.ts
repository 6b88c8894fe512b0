import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The professional holding a job. `job_id` is unique: the database allows one per job. */
@Entity({ name: 'job_assignees' })
export class JobAssignee {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'job_id', type: 'uuid' })
  jobId!: string;

  @Column({ name: 'professional_id', type: 'uuid' })
  professionalId!: string;

  @Column({ name: 'accepted_at', type: 'timestamptz' })
  acceptedAt!: Date;
}
