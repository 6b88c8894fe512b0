import type { SessionResponseDto } from '../dto/auth-responses.dto.js';
import type { Session } from './session.entity.js';

/** What every view of a session shows. */
function sessionFacts(session: Session) {
  return {
    id: session.id,
    userAgent: session.userAgent,
    ip: session.ip,
    createdAt: session.createdAt.toISOString(),
    lastUsedAt: session.lastUsedAt.toISOString(),
  };
}

export function toSessionResponse(session: Session, currentSessionId: string): SessionResponseDto {
  return { ...sessionFacts(session), current: session.id === currentSessionId };
}

/** A session as the data export lists it (ended ones included). */
export type SessionExport = {
  id: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastUsedAt: string;
  revokedAt: string | null;
};

export function toSessionExport(session: Session): SessionExport {
  return { ...sessionFacts(session), revokedAt: session.revokedAt?.toISOString() ?? null };
}
