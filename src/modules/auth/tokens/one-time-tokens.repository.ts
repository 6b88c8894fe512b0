import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { OneTimeToken, type TokenPurpose } from './one-time-token.entity.js';

/** The only code that touches `one_time_tokens`. */
@Injectable()
export class OneTimeTokensRepository {
  /** Marks the user's unused tokens of this purpose used, so they stop working. */
  async retireUnused(em: EntityManager, userId: string, purpose: TokenPurpose): Promise<void> {
    await em.update(OneTimeToken, { userId, purpose, usedAt: IsNull() }, { usedAt: new Date() });
  }

  async insert(
    em: EntityManager,
    token: { userId: string; purpose: TokenPurpose; tokenHash: string; expiresAt: Date },
  ): Promise<void> {
    await em.insert(OneTimeToken, token);
  }

  /** Marks a live token used and returns its user; one conditional UPDATE, so it works exactly once. */
  async consume(em: EntityManager, tokenHash: string, purpose: TokenPurpose): Promise<string | null> {
    // TypeORM answers UPDATE … RETURNING as [rows, rowCount].
    const [rows]: [{ user_id: string }[], number] = await em.query(
      `UPDATE one_time_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id`,
      [tokenHash, purpose],
    );
    return rows.length === 0 ? null : rows[0].user_id;
  }

  async deleteAllFor(em: EntityManager, userId: string): Promise<void> {
    await em.delete(OneTimeToken, { userId });
  }
}
