import type { DisputeDto } from './disputes.dto.js';
import type { DisputeViewRow } from './disputes.repository.js';

export function toDisputeDto(row: DisputeViewRow): DisputeDto {
  return {
    id: row.id,
    jobId: row.job_id,
    jobTitle: row.job_title,
    status: row.status,
    reason: row.reason,
    details: row.details,
    openedBy: row.opened_by,
    openedByRole: row.opened_by_role,
    createdAt: row.created_at.toISOString(),
    outcome: row.outcome,
    professionalAmount: row.professional_amount,
    currency: row.currency,
    note: row.note,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
  };
}
