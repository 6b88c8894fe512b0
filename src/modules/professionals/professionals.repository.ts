import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Profession } from '../catalogue/professions.js';
import { AvailabilitySlot } from './availability-slot.entity.js';
import type { WeeklySlot } from './availability.js';
import { Professional } from './professional.entity.js';

export interface ProfileFields {
  profession: Profession;
  bio: string | null;
  skills: string[];
  experienceYears: number;
  hourlyRate: number | null;
  dailyRate: number | null;
  district: string;
}

/** The only code that touches `professionals` and `availability_slots`. */
@Injectable()
export class ProfessionalsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The profile with its availability ordered by weekday and start. */
  findWithAvailability(userId: string): Promise<Professional | null> {
    return this.dataSource.manager.findOne(Professional, {
      where: { userId },
      relations: { availability: true },
      order: { availability: { weekday: 'ASC', startTime: 'ASC' } },
    });
  }

  /** The profile and its user's name when the user is active (or, with `includeSuspended`, not deleted). */
  async findPublic(
    userId: string,
    includeSuspended: boolean,
  ): Promise<{ profile: Professional; name: string } | null> {
    const row = await this.dataSource
      .createQueryBuilder(Professional, 'p')
      .innerJoin('users', 'u', 'u.id = p.user_id')
      .addSelect('u.name', 'user_name')
      .where('p.user_id = :userId', { userId })
      .andWhere(includeSuspended ? `u.status <> 'deleted'` : `u.status = 'active'`)
      .getRawAndEntities();
    const profile = row.entities[0];
    return profile ? { profile, name: String(row.raw[0].user_name) } : null;
  }

  /** Creates the profile or replaces its fields (ratings and `verified` are kept). */
  async upsert(em: EntityManager, userId: string, fields: ProfileFields): Promise<void> {
    await em.upsert(Professional, { userId, ...fields }, { conflictPaths: ['userId'] });
  }

  async replaceAvailability(em: EntityManager, userId: string, slots: readonly WeeklySlot[]): Promise<void> {
    await em.delete(AvailabilitySlot, { professionalId: userId });
    if (slots.length > 0) {
      await em.insert(
        AvailabilitySlot,
        slots.map((slot) => ({
          professionalId: userId,
          weekday: slot.weekday,
          startTime: slot.start,
          endTime: slot.end,
        })),
      );
    }
  }

  findByUserId(userId: string, em: EntityManager = this.dataSource.manager): Promise<Professional | null> {
    return em.findOneBy(Professional, { userId });
  }

  /** The profile row, locked (FOR UPDATE) for the rest of the transaction. */
  lockProfile(em: EntityManager, userId: string): Promise<Professional | null> {
    return em.findOne(Professional, { where: { userId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Locks the row as an UPDATE would (FOR NO KEY UPDATE) until commit; false without a profile. */
  async lockRow(em: EntityManager, userId: string): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `SELECT 1 FROM professionals WHERE user_id = $1 FOR NO KEY UPDATE`,
      [userId],
    );
    return rows.length > 0;
  }

  /** The reliability score kept for ranking candidates (numeric text); untouched when unchanged. */
  async setReliability(em: EntityManager, userId: string, score: string): Promise<void> {
    await em.query(
      `UPDATE professionals SET reliability = $2::numeric WHERE user_id = $1 AND reliability <> $2::numeric`,
      [userId, score],
    );
  }

  async setVerified(em: EntityManager, userId: string, verified: boolean, at: Date): Promise<void> {
    await em.update(Professional, userId, { verified, verifiedAt: verified ? at : null });
  }

  /** Deletes the profile; its availability goes with it (ON DELETE CASCADE). */
  async erase(em: EntityManager, userId: string): Promise<void> {
    await em.query(`DELETE FROM professionals WHERE user_id = $1`, [userId]);
  }

  /**
   * The profile as the data export shows it. Columns are named one by one, so a column added later (an
   * internal score, a payout reference) is left out of exports until someone decides it belongs there.
   */
  async exportRow(userId: string): Promise<Record<string, unknown> | null> {
    const [professional] = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT p.profession, p.bio, p.skills, p.experience_years, p.hourly_rate, p.daily_rate, p.currency,
              p.district, p.verified, p.verified_at, p.rating_count, p.rating_total, p.created_at, p.updated_at,
              coalesce(json_agg(json_build_object('weekday', a.weekday, 'start', a.start_time, 'end', a.end_time)
                                ORDER BY a.weekday, a.start_time)
                FILTER (WHERE a.id IS NOT NULL), '[]') AS availability
         FROM professionals p LEFT JOIN availability_slots a ON a.professional_id = p.user_id
        WHERE p.user_id = $1 GROUP BY p.user_id`,
      [userId],
    );
    return professional ?? null;
  }

  /** Counts a revealed rating in the professional's average. */
  async addRevealedRating(em: EntityManager, userId: string, stars: number): Promise<void> {
    await em.query(
      `UPDATE professionals SET rating_total = rating_total + $2, rating_count = rating_count + 1 WHERE user_id = $1`,
      [userId, stars],
    );
  }

  /** Verified professionals whose account is active (admin metrics; reads users' status read-only). */
  async countVerifiedActive(): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM professionals p JOIN users u ON u.id = p.user_id
        WHERE p.verified AND u.status = 'active'`,
    );
    return row.n;
  }
}
