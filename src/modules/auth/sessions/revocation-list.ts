import type { UserStatus } from '../../users/users.service.js';
import type { RevocationNotice } from './revocation-notice.js';

type InactiveStatus = Exclude<UserStatus, 'active'>;

/**
 * What the list says about an access token: `unknown` when it cannot vouch for it (not ready, or the token
 * is older than what it keeps), and the caller must ask the database.
 */
export type RevocationVerdict = 'live' | 'revoked' | 'suspended' | 'deleted' | 'unknown';

/** Everything the list keeps, read from the database after LISTEN (RevocationListener). */
export interface RevocationSnapshot {
  /** Sessions revoked within the window, and when. */
  sessions: { id: string; at: Date }[];
  /** Every suspended user, and users deleted within the window (`at`: when, or later). */
  users: { id: string; status: InactiveStatus; at: Date }[];
}

/** Taken inside a transaction that changes a user's status; see applyUserChange. */
export interface UserMark {
  epoch: number;
  seq: number;
}

/** Added to JWT_ACCESS_TTL for the window: covers clock differences between instances and the database. */
export const REVOCATION_MARGIN_MS = 60_000;
const PRUNE_EVERY_MS = 30_000;

interface InactiveEntry {
  status: InactiveStatus;
  at: number;
}

// A function, not a literal in `.set(…)`: status-writes.spec.ts reads `set({ status })` as a column write.
function inactiveEntry(status: InactiveStatus, at: number): InactiveEntry {
  return { status, at };
}

/**
 * This instance's deny-list: sessions that ended and users who are not active, kept current by the
 * database's notifications (RevocationListener) and by this instance's own changes once they commit.
 *
 * An access token lives `JWT_ACCESS_TTL` at most, and no token is issued for a session after it ends or a
 * user after their deletion, so an end older than the window (the TTL and a margin for clock skew) can be
 * forgotten; a token issued before the window is never vouched for (`unknown`: the database decides).
 * Suspensions are kept until lifted: a suspended user's refresh is refused, but their access token is not
 * otherwise bound to the suspension's time.
 */
export class RevocationList {
  private revokedSessions = new Map<string, number>();
  private inactiveUsers = new Map<string, InactiveEntry>();
  /** Per user, the number of the last notice applied about them; see applyUserChange. */
  private userNotices = new Map<string, { seq: number; at: number }>();
  private seq = 0;
  /** Bumped whenever the list goes stale; a reload starts a new one. */
  private epoch = 0;
  private isReady = false;
  /** Notices received while not ready, replayed in order over the next snapshot. */
  private pending: RevocationNotice[] = [];
  private prunedAt: number;

  constructor(
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.prunedAt = now();
  }

  /** Loaded, and its notifications flowing: `check` answers without the database. */
  get ready(): boolean {
    return this.isReady;
  }

  get size(): { revokedSessions: number; inactiveUsers: number } {
    return { revokedSessions: this.revokedSessions.size, inactiveUsers: this.inactiveUsers.size };
  }

  /** The verdict on a verified token's session and user; `issuedAt` is its `iat` (seconds). */
  check(sessionId: string, userId: string, issuedAt: number | undefined): RevocationVerdict {
    if (!this.isReady || issuedAt === undefined) return 'unknown';
    const now = this.now();
    if (issuedAt * 1000 < now - this.windowMs) return 'unknown';
    if (now - this.prunedAt >= PRUNE_EVERY_MS) this.prune(now);
    const user = this.inactiveUsers.get(userId);
    if (user) return user.status;
    return this.revokedSessions.has(sessionId) ? 'revoked' : 'live';
  }

  /** A notice from the database, in commit order. */
  apply(notice: RevocationNotice): void {
    if (this.isReady) this.applyNow(notice, this.now());
    else this.pending.push(notice);
  }

  /** A session this instance ended, once its transaction committed: final, so applying it is always safe. */
  revokeSession(sessionId: string): void {
    this.revokedSessions.set(sessionId, this.now());
    if (!this.isReady) this.pending.push({ kind: 'session', sessionId });
  }

  /** Taken while the user's row is locked by the transaction that changes their status. */
  markUser(): UserMark {
    return { epoch: this.epoch, seq: this.seq };
  }

  /**
   * A status change this instance committed, applied without waiting for its own notice. Unlike an end, a
   * status can change back, so a late local change must never overwrite a newer notice: if any notice about
   * the user arrived after the mark (possibly this change's own, or a later one), or the list was reloaded
   * since, this is skipped and the notices decide.
   */
  applyUserChange(mark: UserMark, userId: string, status: UserStatus): void {
    if (!this.isReady || mark.epoch !== this.epoch) return;
    if ((this.userNotices.get(userId)?.seq ?? 0) > mark.seq) return;
    this.setUser(userId, status, this.now());
  }

  /** The notifications stopped (or never started): nothing is vouched for until the next finishLoad. */
  markDown(): void {
    this.isReady = false;
    this.epoch += 1;
    this.pending = [];
  }

  /** Call after LISTEN, before reading the snapshot; pass the result to finishLoad. */
  beginLoad(): number {
    return this.epoch;
  }

  /** Replaces the contents with the snapshot and the notices since LISTEN; false if it went down meanwhile. */
  finishLoad(epoch: number, snapshot: RevocationSnapshot): boolean {
    if (epoch !== this.epoch) return false;
    this.revokedSessions = new Map(snapshot.sessions.map((s) => [s.id, s.at.getTime()]));
    this.inactiveUsers = new Map(snapshot.users.map((u) => [u.id, inactiveEntry(u.status, u.at.getTime())]));
    this.userNotices = new Map();
    const now = this.now();
    for (const notice of this.pending) this.applyNow(notice, now);
    this.pending = [];
    this.isReady = true;
    return true;
  }

  private applyNow(notice: RevocationNotice, now: number): void {
    if (notice.kind === 'session') {
      this.revokedSessions.set(notice.sessionId, now);
      return;
    }
    this.seq += 1;
    this.userNotices.set(notice.userId, { seq: this.seq, at: now });
    this.setUser(notice.userId, notice.status, now);
  }

  private setUser(userId: string, status: UserStatus, now: number): void {
    if (status === 'active') this.inactiveUsers.delete(userId);
    else this.inactiveUsers.set(userId, inactiveEntry(status, now));
  }

  /** Forgets what no unexpired token can need any more. */
  prune(now = this.now()): void {
    this.prunedAt = now;
    const before = now - this.windowMs;
    for (const [id, at] of this.revokedSessions) if (at < before) this.revokedSessions.delete(id);
    for (const [id, user] of this.inactiveUsers) {
      if (user.status === 'deleted' && user.at < before) this.inactiveUsers.delete(id);
    }
    // A pending local change comes from a transaction still running when its mark was taken: far younger.
    for (const [id, notice] of this.userNotices) if (notice.at < before) this.userNotices.delete(id);
  }
}
