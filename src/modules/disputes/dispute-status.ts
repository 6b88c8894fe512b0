import type { TransitionTable } from '../../common/state-machine/transition-table.js';

export const DISPUTE_STATUSES = ['open', 'resolved'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** How an admin settles a dispute: all to the professional, all back to the institution, or a split. */
export const DISPUTE_OUTCOMES = ['release', 'refund', 'split'] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];

export const DISPUTE_OPENER_ROLES = ['institution', 'professional'] as const;
export type DisputeOpenerRole = (typeof DISPUTE_OPENER_ROLES)[number];

/**
 * A dispute (DisputeTransitions): `open` from the moment a party opens it (the insert), `resolved` once by an
 * admin, with its outcome. Nothing moves a resolved dispute: a new disagreement is a new dispute.
 */
export const DISPUTE_TRANSITIONS: TransitionTable<DisputeStatus> = {
  open: ['resolved'],
  resolved: [],
};
