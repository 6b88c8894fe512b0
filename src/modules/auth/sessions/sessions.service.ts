import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import type { EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta, Role } from '../../../common/auth/auth-context.js';
import { DomainError } from '../../../common/errors/domain-error.js';
import type { AppConfig } from '../../../config/configuration.js';
import { afterCommit, TransactionRunner } from '../../../database/transaction-runner.js';
import { durationMs } from '../../../config/duration.js';
import { AuditService } from '../../audit/audit.service.js';
import { UsersService } from '../../users/users.service.js';
import type { SessionResponseDto } from '../dto/auth-responses.dto.js';
import { hashToken, newSecretToken } from '../tokens/secret-token.js';
import { RevocationList } from './revocation-list.js';
import { toSessionExport, toSessionResponse, type SessionExport } from './session.mapper.js';
import { SessionsRepository } from './sessions.repository.js';

// The session check's statement lives with the repository; still exported here for the benchmarks.
export { LIVE_SESSION } from './sessions.repository.js';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

interface AccessClaims {
  sub: string;
  /** Trusted as is: a user's role is set at sign-up and never changes. */
  role: Role;
  sid: string;
  /** Seconds since the epoch; jsonwebtoken adds it when signing. */
  iat?: number;
}

const VERIFY_OPTIONS = { algorithms: ['HS256' as const] };
const UNAUTHENTICATED =
  'Sign in again: the access token is missing, invalid, expired or its session has ended.';

/** Login sessions: access tokens, rotating refresh tokens, and the per-request liveness check. */
@Injectable()
export class SessionsService {
  private readonly accessTtlSeconds: number;
  private readonly refreshTtlMs: number;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly transactions: TransactionRunner,
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly revocations: RevocationList,
    config: ConfigService<AppConfig, true>,
  ) {
    const auth = config.get('auth', { infer: true });
    this.accessTtlSeconds = durationMs(auth.jwtAccessTtl) / 1000;
    this.refreshTtlMs = durationMs(auth.refreshTtl);
  }

  /** Starts a session for a user who has just proven who they are. */
  async open(em: EntityManager, user: { id: string; role: Role }, meta: RequestMeta): Promise<TokenPair> {
    const refreshToken = newSecretToken();
    const session = await this.sessions.insert(em, {
      userId: user.id,
      refreshTokenHash: hashToken(refreshToken),
      userAgent: meta.userAgent,
      ip: meta.ip,
      expiresAt: new Date(Date.now() + this.refreshTtlMs),
    });
    return {
      accessToken: await this.signAccess(user, session.id),
      refreshToken,
      expiresIn: this.accessTtlSeconds,
    };
  }

  /**
   * Exchanges a refresh token for a new pair. The old token dies; presenting it again (a copy in an
   * attacker's hands, or a replay) revokes the whole session.
   */
  async refresh(refreshToken: string, meta: RequestMeta): Promise<TokenPair> {
    const tokenHash = hashToken(refreshToken);
    const outcome = await this.transactions.run(async (em) => {
      const session = await this.sessions.lockByRefreshTokenHash(em, tokenHash);
      if (!session) return { reused: await this.revokeIfRotated(em, tokenHash, meta) };
      if (session.revokedAt || session.expiresAt <= new Date()) return { invalid: true };

      const user = await this.users.findById(session.userId, em);
      if (user?.status === 'suspended') return { suspended: true };
      if (user?.status !== 'active') return { invalid: true };

      const next = newSecretToken();
      await this.sessions.rememberRotated(em, tokenHash, session.id);
      await this.sessions.rotate(em, session.id, {
        refreshTokenHash: hashToken(next),
        expiresAt: new Date(Date.now() + this.refreshTtlMs),
        ip: meta.ip,
        userAgent: meta.userAgent,
      });
      const pair: TokenPair = {
        accessToken: await this.signAccess({ id: session.userId, role: user.role }, session.id),
        refreshToken: next,
        expiresIn: this.accessTtlSeconds,
      };
      return { pair };
    });
    if (outcome.pair) return outcome.pair;
    if (outcome.suspended) throw suspendedError();
    if (outcome.reused) {
      throw new DomainError(
        'REFRESH_TOKEN_REUSED',
        'This refresh token was already used, so the session has been ended to protect the account. Sign in again.',
      );
    }
    throw new DomainError(
      'INVALID_REFRESH_TOKEN',
      'The refresh token is invalid or its session has ended. Sign in again.',
    );
  }

  /**
   * Verifies an access token and that its session is live and its user active: the check on every request.
   * Answered at once from this instance's deny-list while it is current (no promise on the hot path), from
   * the database otherwise. Throws DomainError when the token is refused.
   */
  authenticate(accessToken: string): AuthContext | Promise<AuthContext> {
    let claims: AccessClaims;
    try {
      claims = this.jwt.verify<AccessClaims>(accessToken, VERIFY_OPTIONS);
    } catch {
      throw new DomainError('UNAUTHENTICATED', UNAUTHENTICATED);
    }
    const verdict = this.revocations.check(claims.sid, claims.sub, claims.iat);
    if (verdict === 'live') return { userId: claims.sub, role: claims.role, sessionId: claims.sid };
    if (verdict === 'suspended') throw suspendedError();
    if (verdict !== 'unknown') throw new DomainError('UNAUTHENTICATED', UNAUTHENTICATED);
    return this.authenticateFromDatabase(claims);
  }

  private async authenticateFromDatabase(claims: AccessClaims): Promise<AuthContext> {
    const user = await this.sessions.findLive(claims.sid, claims.sub);
    if (!user || user.status === 'deleted') throw new DomainError('UNAUTHENTICATED', UNAUTHENTICATED);
    if (user.status === 'suspended') throw suspendedError();
    return { userId: claims.sub, role: user.role, sessionId: claims.sid };
  }

  /** The user's live sessions, most recently used first; `currentSessionId` is marked current. */
  async listLive(userId: string, currentSessionId: string): Promise<SessionResponseDto[]> {
    const sessions = await this.sessions.listLive(userId);
    return sessions.map((session) => toSessionResponse(session, currentSessionId));
  }

  /** Every session the user ever had, ended ones included (data export). */
  async listAll(userId: string): Promise<SessionExport[]> {
    return (await this.sessions.listAll(userId)).map(toSessionExport);
  }

  /** Ends one of the user's own sessions; someone else's or an unknown id is "not found". */
  async revokeOwn(userId: string, sessionId: string, reason: string, meta: RequestMeta): Promise<void> {
    await this.transactions.run(async (em) => {
      if (!(await this.sessions.revoke(em, sessionId, reason, userId)))
        throw new DomainError('NOT_FOUND', 'No live session of yours has this id.');
      this.revokeLocallyAfterCommit(em, [sessionId]);
      await this.audit.record(
        {
          action: 'auth.session_revoked',
          actorId: userId,
          target: { type: 'session', id: sessionId },
          meta,
          details: { reason },
        },
        em,
      );
    });
  }

  /** Ends every live session of the user, except `keepSessionId` when given. */
  async revokeAll(
    em: EntityManager,
    userId: string,
    reason: string,
    keepSessionId?: string,
  ): Promise<number> {
    const ended = await this.sessions.revokeAllFor(em, userId, reason, keepSessionId);
    this.revokeLocallyAfterCommit(em, ended);
    return ended.length;
  }

  /** Device and address records are personal data: gone with the account. */
  async deleteAllFor(em: EntityManager, userId: string): Promise<void> {
    this.revokeLocallyAfterCommit(em, await this.sessions.deleteAllFor(em, userId));
  }

  /**
   * The database notifies every instance of an ended session, this one included, but this instance must
   * refuse the session's tokens as soon as the change is visible, not a few milliseconds later.
   */
  private revokeLocallyAfterCommit(em: EntityManager, sessionIds: string[]): void {
    if (sessionIds.length === 0) return;
    afterCommit(em, async () => {
      for (const id of sessionIds) this.revocations.revokeSession(id);
    });
  }

  private signAccess(user: { id: string; role: Role }, sessionId: string): Promise<string> {
    const claims: AccessClaims = { sub: user.id, role: user.role, sid: sessionId };
    return this.jwt.signAsync(claims, { expiresIn: this.accessTtlSeconds, algorithm: 'HS256' });
  }

  private async revokeIfRotated(em: EntityManager, tokenHash: string, meta: RequestMeta): Promise<boolean> {
    const rotated = await this.sessions.findByRotatedToken(em, tokenHash);
    if (!rotated) return false;
    const { sessionId, userId } = rotated;
    await this.sessions.revoke(em, sessionId, 'refresh-token-reuse');
    this.revokeLocallyAfterCommit(em, [sessionId]);
    await this.audit.record(
      {
        action: 'auth.refresh_token_reused',
        actorId: userId,
        target: { type: 'session', id: sessionId },
        meta,
      },
      em,
    );
    return true;
  }
}

/** 403 naming the suspension's category (never the admin's internal note). */
export function suspendedError(category?: string | null): DomainError {
  const why = category ? ` (reason: ${category.replaceAll('_', ' ')})` : '';
  return new DomainError(
    'ACCOUNT_SUSPENDED',
    `This account is suspended${why}. Contact support@qgig.ug if you think this is a mistake.`,
    category ? { reason: category } : {},
  );
}
