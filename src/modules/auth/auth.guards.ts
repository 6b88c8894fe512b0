import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../../common/auth/auth-context.js';
import { IS_PUBLIC, ROLES_ALLOWED, type AuthenticatedRequest } from '../../common/auth/auth.decorators.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { SessionsService } from './sessions/sessions.service.js';

/**
 * Global guard, deny by default: a route is open only with @Public(); every other route needs a live
 * session of an active user (SessionsService.authenticate: this instance's deny-list, kept current by the
 * database's notifications, or the database itself while the list is not current).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  // Synchronous unless the session has to be looked up in the database: a promise here costs every request.
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (routeMetadata(this.reflector, context).isPublic) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) {
      throw new DomainError(
        'UNAUTHENTICATED',
        'This route needs an access token: send "Authorization: Bearer <accessToken>" from /api/v1/auth/login.',
      );
    }
    const auth = this.sessions.authenticate(token);
    if (auth instanceof Promise) {
      return auth.then((context) => {
        request.auth = context;
        return true;
      });
    }
    request.auth = auth;
    return true;
  }
}

/** Global guard after JwtAuthGuard: `@Auth('admin')` admits only admins (403 for other roles). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const { roles } = routeMetadata(this.reflector, context);
    const auth = context.switchToHttp().getRequest<AuthenticatedRequest>().auth;
    if (!roles?.length || !auth) return true;
    if (!roles.includes(auth.role)) {
      throw new DomainError('FORBIDDEN_ROLE', `This route is only for: ${roles.join(', ')}.`);
    }
    return true;
  }
}

interface RouteMetadata {
  isPublic: boolean;
  roles: Role[] | undefined;
}

/** Decorators never change at run time: read each route's once (by class, then handler), not per request. */
const metadataByRoute = new WeakMap<object, WeakMap<object, RouteMetadata>>();

function routeMetadata(reflector: Reflector, context: ExecutionContext): RouteMetadata {
  const handler = context.getHandler();
  const controller = context.getClass();
  let byHandler = metadataByRoute.get(controller);
  if (!byHandler) metadataByRoute.set(controller, (byHandler = new WeakMap()));
  let metadata = byHandler.get(handler);
  if (!metadata) {
    const targets = [handler, controller];
    metadata = {
      isPublic: Boolean(reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)),
      roles: reflector.getAllAndOverride<Role[] | undefined>(ROLES_ALLOWED, targets),
    };
    byHandler.set(handler, metadata);
  }
  return metadata;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
