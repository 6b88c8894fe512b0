import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The only code that touches `institutions`. */
@Injectable()
export class InstitutionsRepository {
  /** Counts a revealed rating in the institution's average (ratings module). */
  async addRevealedRating(em: EntityManager, userId: string, stars: number): Promise<void> {
    await em.query(
      `UPDATE institutions SET rating_total = rating_total + $2, rating_count = rating_count + 1 WHERE user_id = $1`,
      [userId, stars],
    );
  }
}
