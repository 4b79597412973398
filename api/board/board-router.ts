import { Router, type Request } from 'express';
import { assertCanEditBoard, boardInputSchema, chairAt, seatsAt } from '../../domain/board/composition';
import type { Board } from '../../domain/board/types';
import { parseOrThrow } from '../../domain/fields';
import { berlinDate } from '../../domain/time';
import { loadBoard, saveBoard } from '../../store/boards';
import { actorInRegion, authenticate, callerOf } from '../auth/authenticate';
import type { ApiContext } from '../context';

const regionOf = (req: Request) => (req.params as Record<string, string>).regionId as string;

/** Every field of the board, listed; GET adds who holds a seat and who chairs today. */
function presentBoard(board: Board) {
  return {
    regionId: board.regionId,
    code: board.code,
    name: board.name,
    quorum: board.quorum,
    tie: board.tie,
    secretByDefault: board.secretByDefault,
    reminderDays: board.reminderDays,
    reportLeadDays: board.reportLeadDays,
    yellowDays: board.yellowDays,
    members: board.members.map((m) => ({
      userId: m.userId,
      name: m.name,
      voting: m.voting,
      chair: m.chair,
      deputyOf: m.deputyOf,
      termFrom: m.termFrom,
      termUntil: m.termUntil,
    })),
    updatedAt: board.updatedAt,
    updatedBy: board.updatedBy,
  };
}

/** The board's composition below /api/regions/:regionId: read by every member of the region, changed by the office lead. */
export function boardRouter(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  const auth = authenticate(ctx);

  router.get('/board', auth, async (req, res) => {
    actorInRegion(callerOf(res), regionOf(req));
    const board = await loadBoard(ctx.models, regionOf(req));
    const today = berlinDate(Date.now());
    res.json({ ...presentBoard(board), seats: seatsAt(board, today), chairId: chairAt(board, today) });
  });

  router.put('/board', auth, async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    assertCanEditBoard(actor.roles);
    const input = parseOrThrow(boardInputSchema, req.body);
    const board = await saveBoard(ctx.models, regionOf(req), input, { id: actor.id, name: actor.name }, new Date().toISOString());
    res.json(presentBoard(board));
  });

  return router;
}
