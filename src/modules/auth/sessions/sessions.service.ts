import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, MoreThan, Not, type EntityManager } from 'typeorm';
import type { AuthContext, RequestMeta, Role } from '../../../common/auth/auth-context.js';
import { DomainError } from '../../../common/errors/domain-error.js';
import type { AppConfig } from '../../../config/configuration.js';
import { PreparedStatement } from '../../../database/prepared-statement.js';
import { durationMs } from '../../../config/duration.js';
import { AuditService } from '../../audit/audit.service.js';
import { hashToken, newSecretToken } from '../tokens/secret-token.js';
import { Session } from './session.entity.js';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

interface AccessClaims {
  sub: string;
  role: Role;
  sid: string;
}

/** Runs on every authenticated request. */
export const LIVE_SESSION = new PreparedStatement<{ role: Role; status: string }>(
  'live-session',
  `SELECT u.role, u.status FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()`,
);

const UNAUTHENTICATED =
  'Sign in again: the access token is missing, invalid, expired or its session has ended.';

/** Login sessions: access tokens, rotating refresh tokens, and the per-request liveness check. */
@Injectable()
export class SessionsService {
  private readonly accessTtlSeconds: number;
  private readonly refreshTtlMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    config: ConfigService<AppConfig, true>,
  ) {
    const auth = config.get('auth', { infer: true });
    this.accessTtlSeconds = durationMs(auth.jwtAccessTtl) / 1000;
    this.refreshTtlMs = durationMs(auth.refreshTtl);
  }

  /** Starts a session for a user who has just proven who they are. */
  async open(em: EntityManager, user: { id: string; role: Role }, meta: RequestMeta): Promise<TokenPair> {
    const refreshToken = newSecretToken();
    const session = await em.save(
      em.create(Session, {
        userId: user.id,
        refreshTokenHash: hashToken(refreshToken),
        userAgent: meta.userAgent,
        ip: meta.ip,
        expiresAt: new Date(Date.now() + this.refreshTtlMs),
      }),
    );
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
    const outcome = await this.dataSource.transaction(async (em) => {
      const session = await em.findOne(Session, {
        where: { refreshTokenHash: tokenHash },
        lock: { mode: 'pessimistic_write' },
      });
      if (!session) return { reused: await this.revokeIfRotated(em, tokenHash, meta) };
      if (session.revokedAt || session.expiresAt <= new Date()) return { invalid: true };

      const [user] = await em.query(`SELECT role, status FROM users WHERE id = $1`, [session.userId]);
      if (user.status === 'suspended') return { suspended: true };
      if (user.status !== 'active') return { invalid: true };

      const next = newSecretToken();
      await em.query(`INSERT INTO rotated_refresh_tokens (token_hash, session_id) VALUES ($1, $2)`, [
        tokenHash,
        session.id,
      ]);
      await em.update(Session, session.id, {
        refreshTokenHash: hashToken(next),
        lastUsedAt: new Date(),
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

  /** Verifies an access token and that its session is live and its user active: the check on every request. */
  async authenticate(accessToken: string): Promise<AuthContext> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims>(accessToken, { algorithms: ['HS256'] });
    } catch {
      throw new DomainError('UNAUTHENTICATED', UNAUTHENTICATED);
    }
    const rows = await LIVE_SESSION.run(this.dataSource, [claims.sid, claims.sub]);
    const user = rows[0];
    if (!user || user.status === 'deleted') throw new DomainError('UNAUTHENTICATED', UNAUTHENTICATED);
    if (user.status === 'suspended') throw suspendedError();
    return { userId: claims.sub, role: user.role, sessionId: claims.sid };
  }

  listLive(userId: string): Promise<Session[]> {
    return this.dataSource.manager.find(Session, {
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      order: { lastUsedAt: 'DESC' },
    });
  }

  /** Every session the user ever had, ended ones included (data export). */
  listAll(userId: string): Promise<Session[]> {
    return this.dataSource.manager.find(Session, { where: { userId }, order: { createdAt: 'DESC' } });
  }

  /** Ends one of the user's own sessions; someone else's or an unknown id is "not found". */
  async revokeOwn(userId: string, sessionId: string, reason: string, meta: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const result = await em.update(
        Session,
        { id: sessionId, userId, revokedAt: IsNull() },
        { revokedAt: new Date(), revokedReason: reason },
      );
      if (!result.affected) throw new DomainError('NOT_FOUND', 'No live session of yours has this id.');
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
    const result = await em.update(
      Session,
      { userId, revokedAt: IsNull(), ...(keepSessionId ? { id: Not(keepSessionId) } : {}) },
      { revokedAt: new Date(), revokedReason: reason },
    );
    return result.affected ?? 0;
  }

  /** Device and address records are personal data: gone with the account. */
  async deleteAllFor(em: EntityManager, userId: string): Promise<void> {
    await em.delete(Session, { userId });
  }

  private signAccess(user: { id: string; role: Role }, sessionId: string): Promise<string> {
    const claims: AccessClaims = { sub: user.id, role: user.role, sid: sessionId };
    return this.jwt.signAsync(claims, { expiresIn: this.accessTtlSeconds, algorithm: 'HS256' });
  }

  private async revokeIfRotated(em: EntityManager, tokenHash: string, meta: RequestMeta): Promise<boolean> {
    const rows: { session_id: string; user_id: string }[] = await em.query(
      `SELECT r.session_id, s.user_id FROM rotated_refresh_tokens r JOIN sessions s ON s.id = r.session_id
        WHERE r.token_hash = $1`,
      [tokenHash],
    );
    if (rows.length === 0) return false;
    const { session_id: sessionId, user_id: userId } = rows[0];
    await em.update(
      Session,
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: new Date(), revokedReason: 'refresh-token-reuse' },
    );
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
