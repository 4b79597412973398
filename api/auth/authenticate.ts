import type { Request, RequestHandler } from 'express';
import type { Actor, Role } from '../../domain/roles';
import { ForbiddenError, UnauthenticatedError } from '../../domain/errors';
import { canReadMandates } from '../../domain/policies/mandate-policy';
import { touchSession } from '../../store/sessions';
import { findUserById, type UserRecord } from '../../store/users';
import type { ApiContext } from '../context';

export const SESSION_COOKIE = 'me_session';
export const CSRF_COOKIE = 'me_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface Caller {
  user: UserRecord;
  token: string;
  csrfToken: string;
  /** Cookie sessions need the CSRF header on writes; bearer tokens cannot be sent by another site. */
  via: 'cookie' | 'bearer';
}

declare module 'express-serve-static-core' {
  interface Locals {
    caller?: Caller;
    requestId?: string;
  }
}

function tokenOf(req: Request): { token: string; via: Caller['via'] } | null {
  const header = req.get('authorization');
  if (header?.startsWith('Bearer ')) return { token: header.slice('Bearer '.length).trim(), via: 'bearer' };
  const cookie = (req.cookies as Record<string, string | undefined>)[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Loads the caller from a bearer token or the session cookie; 401 without one. */
export function authenticate(ctx: ApiContext): RequestHandler {
  return async (req, res, next) => {
    const found = tokenOf(req);
    const session = found ? await touchSession(ctx.models, found.token, ctx.config.sessionTtlMs) : null;
    const user = session ? await findUserById(ctx.models, session.userId) : null;
    if (!found || !session || !user) throw new UnauthenticatedError();
    if (found.via === 'cookie' && !SAFE_METHODS.has(req.method) && req.get(CSRF_HEADER) !== session.csrfToken) {
      throw new ForbiddenError('Missing or wrong CSRF token: send the X-CSRF-Token header from the login response.');
    }
    res.locals.caller = { user, token: found.token, csrfToken: session.csrfToken, via: found.via };
    next();
  };
}

export function callerOf(res: { locals: { caller?: Caller } }): Caller {
  if (!res.locals.caller) throw new UnauthenticatedError();
  return res.locals.caller;
}

/** The caller as an actor in one region: 403 unless they are a member of it. */
export function actorInRegion(caller: Caller, regionId: string): Actor {
  const roles: Role[] = caller.user.memberships.find((m) => m.regionId === regionId)?.roles ?? [];
  if (!canReadMandates(roles)) throw new ForbiddenError(`You are not a member of the region '${regionId}'.`);
  return { id: caller.user.id, name: caller.user.name, roles };
}
