import type { UserStatus } from '../../users/users.service.js';

/** The channel the triggers of migration 1765300000000-RevocationNotices notify on. */
export const REVOCATION_CHANNEL = 'qgig_revocations';

/** What a trigger reports: a session ended (revoked or deleted), or a user's new status. */
export type RevocationNotice =
  { kind: 'session'; sessionId: string } | { kind: 'user'; userId: string; status: UserStatus };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const SESSION_NOTICE = new RegExp(`^s:(${UUID})$`);
const USER_NOTICE = new RegExp(`^u:(${UUID}):(active|suspended|deleted)$`);

/** `s:<session id>` or `u:<user id>:<status>`; undefined for anything else. */
export function parseRevocationNotice(payload: string): RevocationNotice | undefined {
  const session = SESSION_NOTICE.exec(payload);
  if (session) return { kind: 'session', sessionId: session[1] };
  const user = USER_NOTICE.exec(payload);
  if (user) return { kind: 'user', userId: user[1], status: user[2] as UserStatus };
  return undefined;
}
