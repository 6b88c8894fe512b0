import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../../common/errors/domain-error.js';
import type { TokenPurpose } from './one-time-token.entity.js';
import { OneTimeTokensRepository } from './one-time-tokens.repository.js';
import { hashToken, newSecretToken } from './secret-token.js';

export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  verify_email: 24 * 3_600_000,
  reset_password: 3_600_000,
};

/** Single-use tokens mailed for email verification and password reset. */
@Injectable()
export class OneTimeTokensService {
  constructor(private readonly tokens: OneTimeTokensRepository) {}

  /** A new token for the purpose; older unused ones of the same purpose stop working. */
  async issue(em: EntityManager, userId: string, purpose: TokenPurpose): Promise<string> {
    await this.tokens.retireUnused(em, userId, purpose);
    const token = newSecretToken();
    await this.tokens.insert(em, {
      userId,
      purpose,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + TOKEN_LIFETIME_MS[purpose]),
    });
    return token;
  }

  /** Marks the token used and returns its user; works exactly once. */
  async consume(em: EntityManager, token: string, purpose: TokenPurpose): Promise<string> {
    const userId = await this.tokens.consume(em, hashToken(token), purpose);
    if (userId === null) {
      const what = purpose === 'verify_email' ? 'verification' : 'password reset';
      throw new DomainError(
        'INVALID_TOKEN',
        `This ${what} link is invalid, already used or expired. Ask for a new one.`,
      );
    }
    return userId;
  }

  deleteAllFor(em: EntityManager, userId: string): Promise<void> {
    return this.tokens.deleteAllFor(em, userId);
  }
}
