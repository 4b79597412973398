import { Router, type Request } from 'express';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors';
import { parseOrThrow } from '../../domain/fields';
import { seesAllTasks } from '../../domain/policies/task-policy';
import { effectiveRoles } from '../../domain/roles';
import { isAbsenceActive } from '../../domain/tasks/absences';
import { berlinDate } from '../../domain/time';
import { createAbsence, deleteAbsence, findAbsence, listCurrentAbsences, type AbsenceRecord } from '../../store/absences';
import { createNotifications } from '../../store/notifications';
import { actorInRegion, authenticate, callerOf } from '../auth/authenticate';
import type { ApiContext } from '../context';
import { regionMember } from '../tasks/context';
import { absenceSchema } from '../tasks/schemas';

const regionOf = (req: Request) => (req.params as Record<string, string>).regionId as string;

function presentAbsence(a: AbsenceRecord, today: string) {
  return {
    id: a.id,
    user: a.user,
    substitute: a.substitute,
    from: a.from,
    until: a.until,
    note: a.note,
    createdBy: a.createdBy,
    createdAt: a.createdAt,
    active: isAbsenceActive(a, today),
  };
}

/**
 * Absences with a substitute. While one is active, the absent person's tasks
 * (open and new) show in the substitute's inbox and the substitute may act on
 * them; the task history names whom they acted for. Routing is computed from
 * the absences at each moment, so it ends by itself when the absence does.
 */
export function absencesRouter(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  router.use(authenticate(ctx));

  router.get('/', async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    const today = berlinDate(Date.now());
    const all = await listCurrentAbsences(ctx.models, regionOf(req), today);
    const visible = seesAllTasks(actor.roles) ? all : all.filter((a) => a.user.id === actor.id || a.substitute.id === actor.id);
    res.json({ items: visible.map((a) => presentAbsence(a, today)) });
  });

  router.post('/', async (req, res) => {
    const regionId = regionOf(req);
    const actor = actorInRegion(callerOf(res), regionId);
    const body = parseOrThrow(absenceSchema, req.body);
    const today = berlinDate(Date.now());
    const userId = body.userId ?? actor.id;
    if (userId !== actor.id && !effectiveRoles(actor.roles).has('office_lead')) throw new ForbiddenError('Only the office lead records absences for others.');
    if (body.until < today) throw new ValidationError([{ field: 'until', code: 'not_in_past', message: 'must be today or later' }]);
    const user = await regionMember(ctx.models, regionId, userId, 'office_staff', body.userId ? 'userId' : '(caller)');
    if (body.substituteId === user.id) throw new ValidationError([{ field: 'substituteId', code: 'same_person', message: 'must be someone else' }]);
    const substitute = await regionMember(ctx.models, regionId, body.substituteId, 'office_staff', 'substituteId');
    const existing = await listCurrentAbsences(ctx.models, regionId, today);
    const overlap = existing.find((a) => a.user.id === user.id && a.from <= body.until && body.from <= a.until);
    if (overlap)
      throw new ConflictError('absence_overlaps', `An absence from ${overlap.from} to ${overlap.until} is already recorded for this person.`, {
        absenceId: overlap.id,
      });
    const absence = await createAbsence(ctx.models, {
      regionId,
      user,
      substitute,
      from: body.from,
      until: body.until,
      note: body.note || null,
      createdBy: { id: actor.id, name: actor.name },
      createdAt: new Date().toISOString(),
    });
    await createNotifications(ctx.models, [
      {
        id: `absence:${absence.id}:${substitute.id}`,
        userId: substitute.id,
        regionId,
        kind: 'absence-substitute',
        params: { substituteFor: user.name, from: absence.from, until: absence.until, actorName: actor.name },
      },
    ]);
    res.status(201).json(presentAbsence(absence, today));
  });

  router.delete('/:absenceId', async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    const absence = await findAbsence(ctx.models, req.params.absenceId);
    if (!absence || absence.regionId !== regionOf(req)) throw new NotFoundError('No such absence.');
    const own = absence.user.id === actor.id || absence.createdBy.id === actor.id;
    if (!own && !effectiveRoles(actor.roles).has('office_lead')) throw new ForbiddenError('Only the absent person or the office lead removes an absence.');
    await deleteAbsence(ctx.models, absence.id);
    res.status(204).end();
  });

  return router;
}
