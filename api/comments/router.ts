import { Router } from 'express';
import { parseOrThrow } from '../../domain/fields';
import { addComment, listComments } from '../../store/comments';
import { TARGET_KINDS } from '../../store/targets';
import { actorInRegion, authenticate, callerOf } from '../auth/authenticate';
import type { ApiContext } from '../context';
import { presentComment } from '../presenters/comment';
import { loadTarget, regionOf } from '../targets';
import { commentListQuerySchema, createCommentSchema } from './schemas';

/**
 * Comments on tasks and mandates, for every member of the region. Mounted at
 * /regions/:regionId; each route authenticates itself, so other paths below
 * the region pass through untouched.
 */
export function commentsRouter(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  const auth = authenticate(ctx);

  for (const kind of TARGET_KINDS) {
    const path = `/${kind}s/:targetId/comments`;

    router.get(path, auth, async (req, res) => {
      actorInRegion(callerOf(res), regionOf(req));
      const query = parseOrThrow(commentListQuerySchema, req.query);
      const target = await loadTarget(ctx.models, regionOf(req), { kind, id: req.params.targetId as string });
      const { items, total } = await listComments(ctx.models, target, query);
      res.json({ items: items.map(presentComment), total, page: query.page, pageSize: query.pageSize });
    });

    router.post(path, auth, async (req, res) => {
      const actor = actorInRegion(callerOf(res), regionOf(req));
      const input = parseOrThrow(createCommentSchema, req.body ?? {});
      const target = await loadTarget(ctx.models, regionOf(req), { kind, id: req.params.targetId as string });
      const comment = await addComment(ctx.models, { target, author: { id: actor.id, name: actor.name }, text: input.text, mentionIds: input.mentions ?? [] });
      res.status(201).json(presentComment(comment));
    });
  }

  return router;
}
