import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const INSTITUTION_TYPES = ['school', 'clinic', 'hospital', 'household'] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

/** The profile of an institution user (1:1, keyed by the user id): who posts jobs and where. */
@Entity({ name: 'institutions' })
export class Institution {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  type!: InstitutionType;

  @Column({ type: 'text' })
  address!: string;

  @Column({ type: 'text' })
  district!: string;

  @Column({ name: 'contact_person', type: 'text' })
  contactPerson!: string;

  /** E.164 */
  @Column({ name: 'contact_phone', type: 'text' })
  contactPhone!: string;

  @Column({ name: 'contact_email', type: 'citext', nullable: true })
  contactEmail!: string | null;

  @Column({ name: 'rating_count', type: 'integer' })
  ratingCount!: number;

  @Column({ name: 'rating_total', type: 'integer' })
  ratingTotal!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
