import type { AuditEntry } from './audit-entry.entity.js';

/** An audit entry as the admin API shows it. */
export interface AuditEntryView {
  id: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  at: string;
}

export function toAuditEntryView(entry: AuditEntry): AuditEntryView {
  return {
    id: String(entry.id),
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    ip: entry.ip,
    requestId: entry.requestId,
    details: entry.details,
    at: entry.at.toISOString(),
  };
}
