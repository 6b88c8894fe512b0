import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, MoreThan, type EntityManager } from 'typeorm';
import type { Role } from '../../../common/auth/auth-context.js';
import { PreparedStatement } from '../../../database/prepared-statement.js';
import { Session } from './session.entity.js';

/** The per-request check while the deny-list (RevocationList) is not current, or for an old token. */
export const LIVE_SESSION = new PreparedStatement<{ role: Role; status: string }>(
  'live-session',
  `SELECT u.role, u.status FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > now()`,
);

export interface NewSession {
  userId: string;
  refreshTokenHash: string;
  userAgent: string | null;
  ip: string | null;
  expiresAt: Date;
}

/** The only code that touches `sessions` and `rotated_refresh_tokens`. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The role and status of the session's user when the session is live (the fallback check). */
  async findLive(sessionId: string, userId: string): Promise<{ role: Role; status: string } | undefined> {
    const rows = await LIVE_SESSION.run(this.dataSource, [sessionId, userId]);
    return rows[0];
  }

  insert(em: EntityManager, session: NewSession): Promise<Session> {
    return em.save(em.create(Session, session));
  }

  /** The session holding this refresh token, locked; null when no session holds it now. */
  lockByRefreshTokenHash(em: EntityManager, tokenHash: string): Promise<Session | null> {
    return em.findOne(Session, {
      where: { refreshTokenHash: tokenHash },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Keeps the exchanged token's hash, so presenting it again is recognised as reuse. */
  async rememberRotated(em: EntityManager, tokenHash: string, sessionId: string): Promise<void> {
    await em.query(`INSERT INTO rotated_refresh_tokens (token_hash, session_id) VALUES ($1, $2)`, [
      tokenHash,
      sessionId,
    ]);
  }

  async rotate(
    em: EntityManager,
    sessionId: string,
    next: { refreshTokenHash: string; expiresAt: Date; ip: string | null; userAgent: string | null },
  ): Promise<void> {
    await em.update(Session, sessionId, { ...next, lastUsedAt: new Date() });
  }

  /** The session an already exchanged refresh token belonged to, if it is one. */
  async findByRotatedToken(
    em: EntityManager,
    tokenHash: string,
  ): Promise<{ sessionId: string; userId: string } | null> {
    const rows: { session_id: string; user_id: string }[] = await em.query(
      `SELECT r.session_id, s.user_id FROM rotated_refresh_tokens r JOIN sessions s ON s.id = r.session_id
        WHERE r.token_hash = $1`,
      [tokenHash],
    );
    return rows.length === 0 ? null : { sessionId: rows[0].session_id, userId: rows[0].user_id };
  }

  /** Sessions revoked less than `windowSeconds` ago: the sessions half of the deny-list (RevocationList). */
  async listRevokedWithin(windowSeconds: number): Promise<{ id: string; at: Date }[]> {
    return this.dataSource.query(
      `SELECT id, revoked_at AS at FROM sessions WHERE revoked_at > now() - make_interval(secs => $1)`,
      [windowSeconds],
    );
  }

  /** Ends the session if it is still live; false when it was not (already ended, someone else's, unknown). */
  async revoke(em: EntityManager, sessionId: string, reason: string, ofUserId?: string): Promise<boolean> {
    const result = await em.update(
      Session,
      { id: sessionId, revokedAt: IsNull(), ...(ofUserId ? { userId: ofUserId } : {}) },
      { revokedAt: new Date(), revokedReason: reason },
    );
    return Boolean(result.affected);
  }

  /** Ends every live session of the user except `keepSessionId`; the ids of those ended. */
  async revokeAllFor(
    em: EntityManager,
    userId: string,
    reason: string,
    keepSessionId?: string,
  ): Promise<string[]> {
    // UPDATE … RETURNING answers [rows, rowCount] through TypeORM's query().
    const [rows]: [{ id: string }[], number] = await em.query(
      `UPDATE sessions SET revoked_at = $3, revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $4::uuid RETURNING id`,
      [userId, reason, new Date(), keepSessionId ?? null],
    );
    return rows.map((row) => row.id);
  }

  /** Deletes every session of the user; the ids of those that were still live. */
  async deleteAllFor(em: EntityManager, userId: string): Promise<string[]> {
    const [rows]: [{ id: string; live: boolean }[], number] = await em.query(
      `DELETE FROM sessions WHERE user_id = $1 RETURNING id, revoked_at IS NULL AS live`,
      [userId],
    );
    return rows.filter((row) => row.live).map((row) => row.id);
  }

  listLive(userId: string): Promise<Session[]> {
    return this.dataSource.manager.find(Session, {
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      order: { lastUsedAt: 'DESC' },
    });
  }

  listAll(userId: string): Promise<Session[]> {
    return this.dataSource.manager.find(Session, { where: { userId }, order: { createdAt: 'DESC' } });
  }
}
