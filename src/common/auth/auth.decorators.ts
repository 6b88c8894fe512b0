import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { cleanHeaderText } from '../http/header-text.js';
import { ApiProblem } from '../openapi/api-problem.decorator.js';
import { BEARER_SCHEME, NO_SECURITY_REQUIREMENT } from '../openapi/swagger.js';
import type { AuthContext, RequestMeta, Role } from './auth-context.js';

export const IS_PUBLIC = 'qgig:isPublic';
export const ROLES_ALLOWED = 'qgig:rolesAllowed';

/** An IPv6 address with a zone index fits in 64; longer is not an address. */
const MAX_IP_LENGTH = 64;
const MAX_USER_AGENT_LENGTH = 500;

/**
 * The route needs no access token. Every other route does (deny by default).
 * Also documents it in OpenAPI as needing none (`security: []`).
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity(NO_SECURITY_REQUIREMENT));

/**
 * The route needs an access token and, when roles are given, one of those roles (else 403).
 * Also documents the bearer scheme and the 401/403 answers in OpenAPI.
 */
export function Auth(...roles: Role[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(ROLES_ALLOWED, roles),
    ApiBearerAuth(BEARER_SCHEME),
    ApiProblem(401, 'Missing, expired or revoked access token'),
    ApiProblem(
      403,
      roles.length > 0 ? `Account suspended, or not one of: ${roles.join(', ')}` : 'Account suspended',
    ),
  );
}

export type AuthenticatedRequest = FastifyRequest & { auth?: AuthContext };

/** The caller of an @Auth() route. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthContext => {
  const auth = context.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  if (!auth) throw new Error('@CurrentUser() used on a route without @Auth()');
  return auth;
});

/**
 * Client address, user agent and request id, for audit entries and session records. The address comes
 * from X-Forwarded-For behind a proxy, so both are header text: cleaned and capped, never refused.
 */
export const ClientMeta = createParamDecorator((_data: unknown, context: ExecutionContext): RequestMeta => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return {
    ip: cleanHeaderText(request.ip, MAX_IP_LENGTH) ?? '',
    userAgent: cleanHeaderText(request.headers['user-agent'], MAX_USER_AGENT_LENGTH),
    requestId: String(request.id),
  };
});
