export const ROLES = ['professional', 'institution', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as established by the JWT guard for every authenticated request. */
export interface AuthContext {
  userId: string;
  role: Role;
  sessionId: string;
}

/** Where a request came from, for the audit log and session records. */
export interface RequestMeta {
  ip: string;
  userAgent: string | null;
  requestId: string;
}
