import { Router } from 'express';
import { findRegions } from '../../store/users';
import { authenticate, callerOf } from '../auth/authenticate';
import type { ApiContext } from '../context';
import { presentRegion } from '../presenters/user';

export function regionsRouter(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', authenticate(ctx), async (_req, res) => {
    const { user } = callerOf(res);
    const regions = await findRegions(
      ctx.models,
      user.memberships.map((m) => m.regionId),
    );
    res.json({ items: regions.map((region) => presentRegion(region, user)) });
  });
  return router;
}
