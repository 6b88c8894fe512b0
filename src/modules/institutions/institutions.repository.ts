import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Institution, type InstitutionType } from './institution.entity.js';

export interface InstitutionFields {
  name: string;
  type: InstitutionType;
  address: string;
  district: string;
  contactPerson: string;
  contactPhone: string;
  contactEmail: string | null;
}

/** The only code that touches `institutions`. */
@Injectable()
export class InstitutionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByUserId(userId: string): Promise<Institution | null> {
    return this.dataSource.manager.findOne(Institution, { where: { userId } });
  }

  /** The profile when its user is active (or, with `includeSuspended`, not deleted). */
  findPublic(userId: string, includeSuspended: boolean): Promise<Institution | null> {
    return this.dataSource
      .createQueryBuilder(Institution, 'i')
      .innerJoin('users', 'u', 'u.id = i.user_id')
      .where('i.user_id = :userId', { userId })
      .andWhere(includeSuspended ? `u.status <> 'deleted'` : `u.status = 'active'`)
      .getOne();
  }

  /** Creates the profile or replaces its fields (ratings are kept). */
  async upsert(em: EntityManager, userId: string, fields: InstitutionFields): Promise<void> {
    await em.upsert(Institution, { userId, ...fields }, { conflictPaths: ['userId'] });
  }

  async erase(em: EntityManager, userId: string): Promise<void> {
    await em.query(`DELETE FROM institutions WHERE user_id = $1`, [userId]);
  }

  /** The profile as the data export shows it, columns named one by one (see ProfessionalsRepository). */
  async exportRow(userId: string): Promise<Record<string, unknown> | null> {
    const [institution] = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT name, type, address, district, contact_person, contact_phone, contact_email, rating_count,
              rating_total, created_at, updated_at
         FROM institutions WHERE user_id = $1`,
      [userId],
    );
    return institution ?? null;
  }

  /** Counts a revealed rating in the institution's average. */
  async addRevealedRating(em: EntityManager, userId: string, stars: number): Promise<void> {
    await em.query(
      `UPDATE institutions SET rating_total = rating_total + $2, rating_count = rating_count + 1 WHERE user_id = $1`,
      [userId, stars],
    );
  }
}
