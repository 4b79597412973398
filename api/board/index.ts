import { Router } from 'express';
import type { ApiContext } from '../context';
import { boardRouter } from './board-router';
import { decisionsRouter } from './decisions-router';
import { meetingsRouter } from './meetings-router';
import { votesRouter } from './votes-router';

/** The board's endpoints below `/api/regions/:regionId`: composition, votes, meetings, decisions. */
export function boardRouters(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  router.use(boardRouter(ctx));
  router.use(votesRouter(ctx));
  router.use(meetingsRouter(ctx));
  router.use(decisionsRouter(ctx));
  return router;
}
