import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The only code that touches `professionals` and `availability_slots`. */
@Injectable()
export class ProfessionalsRepository {
  /** Counts a revealed rating in the professional's average (ratings module). */
  async addRevealedRating(em: EntityManager, userId: string, stars: number): Promise<void> {
    await em.query(
      `UPDATE professionals SET rating_total = rating_total + $2, rating_count = rating_count + 1 WHERE user_id = $1`,
      [userId, stars],
    );
  }
}
