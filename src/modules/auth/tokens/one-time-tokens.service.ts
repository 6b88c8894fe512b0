import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { DomainError } from '../../../common/errors/domain-error.js';
import { OneTimeToken, type TokenPurpose } from './one-time-token.entity.js';
import { hashToken, newSecretToken } from './secret-token.js';

export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  verify_email: 24 * 3_600_000,
  reset_password: 3_600_000,
};

/** Single-use tokens mailed for email verification and password reset. */
@Injectable()
export class OneTimeTokensService {
  /** A new token for the purpose; older unused ones of the same purpose stop working. */
  async issue(em: EntityManager, userId: string, purpose: TokenPurpose): Promise<string> {
    await em.update(OneTimeToken, { userId, purpose, usedAt: IsNull() }, { usedAt: new Date() });
    const token = newSecretToken();
    await em.insert(OneTimeToken, {
      userId,
      purpose,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + TOKEN_LIFETIME_MS[purpose]),
    });
    return token;
  }

  /** Marks the token used and returns its user; one conditional UPDATE, so it works exactly once. */
  async consume(em: EntityManager, token: string, purpose: TokenPurpose): Promise<string> {
    // TypeORM answers UPDATE … RETURNING as [rows, rowCount].
    const [rows]: [{ user_id: string }[], number] = await em.query(
      `UPDATE one_time_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id`,
      [hashToken(token), purpose],
    );
    if (rows.length === 0) {
      const what = purpose === 'verify_email' ? 'verification' : 'password reset';
      throw new DomainError(
        'INVALID_TOKEN',
        `This ${what} link is invalid, already used or expired. Ask for a new one.`,
      );
    }
    return rows[0].user_id;
  }

  async deleteAllFor(em: EntityManager, userId: string): Promise<void> {
    await em.delete(OneTimeToken, { userId });
  }
}
