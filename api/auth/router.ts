import { Router, type CookieOptions } from 'express';
import { z } from 'zod';
import { TooManyAttemptsError, UnauthenticatedError } from '../../domain/errors';
import { parseOrThrow } from '../../domain/fields';
import { dummyPasswordHash, verifyPassword } from '../../store/passwords';
import { clearLoginFailures, loginLockRemaining, recordLoginFailure } from '../../store/login-throttle';
import { createSession, deleteSession } from '../../store/sessions';
import { findRegions, findUserByEmail } from '../../store/users';
import type { ApiContext } from '../context';
import { presentUser } from '../presenters/user';
import { authenticate, callerOf, CSRF_COOKIE, SESSION_COOKIE } from './authenticate';

export const loginSchema = z.strictObject({
  email: z.string().trim().min(1, { error: 'must not be empty' }).max(320),
  password: z.string().min(1, { error: 'must not be empty' }).max(1000),
});

export function authRouter(ctx: ApiContext): Router {
  const router = Router();
  const cookie = (httpOnly: boolean): CookieOptions => ({
    httpOnly,
    sameSite: 'lax',
    secure: ctx.config.cookieSecure,
    path: '/',
    maxAge: ctx.config.sessionTtlMs,
  });

  router.post('/login', async (req, res) => {
    const { email, password } = parseOrThrow(loginSchema, req.body);
    const locked = await loginLockRemaining(ctx.models, email);
    if (locked > 0) {
      res.setHeader('Retry-After', String(Math.ceil(locked / 1000)));
      throw new TooManyAttemptsError(Math.ceil(locked / 1000));
    }
    const user = await findUserByEmail(ctx.models, email);
    // The same work and the same answer for an unknown email and a wrong password.
    const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !valid) {
      await recordLoginFailure(ctx.models, email);
      ctx.logger.info({ userId: user?.id ?? null }, 'login failed');
      throw new UnauthenticatedError('Email or password is wrong.');
    }
    await clearLoginFailures(ctx.models, email);
    const { token, csrfToken } = await createSession(ctx.models, user.id, ctx.config.sessionTtlMs);
    res.cookie(SESSION_COOKIE, token, cookie(true));
    res.cookie(CSRF_COOKIE, csrfToken, cookie(false));
    const regions = await findRegions(
      ctx.models,
      user.memberships.map((m) => m.regionId),
    );
    ctx.logger.info({ userId: user.id }, 'login');
    res.json({ user: presentUser(user, regions), token, csrfToken });
  });

  router.post('/logout', authenticate(ctx), async (_req, res) => {
    await deleteSession(ctx.models, callerOf(res).token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
    res.status(204).end();
  });

  return router;
}

export function meRouter(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', authenticate(ctx), async (_req, res) => {
    const caller = callerOf(res);
    const regions = await findRegions(
      ctx.models,
      caller.user.memberships.map((m) => m.regionId),
    );
    res.json({ user: presentUser(caller.user, regions), csrfToken: caller.csrfToken });
  });
  return router;
}
