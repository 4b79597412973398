import { Router, type Request } from 'express';
import { NotFoundError, ValidationError, type FieldError } from '../../domain/errors';
import { listIndicators } from '../../store/monitoring';
import { findMeeting } from '../../store/meetings';
import { freezeDossier } from '../../monitoring/dossier';
import { findRegionName } from '../../store/users';
import { actionSchema, type Action } from '../../domain/phases';
import { createMandateSchema, parseOrThrow, type ActionCommand } from '../../domain/fields';
import { assertCommand, type MandateSnapshot } from '../../domain/mandate';
import { assertCanCreateMandate } from '../../domain/policies/mandate-policy';
import { findMandate, hasAppliedUpdate, listMandateEvents, listMandates } from '../../store/mandates';
import { actorInRegion, authenticate, callerOf } from '../auth/authenticate';
import type { ApiContext } from '../context';
import type { Models } from '../../store/models';
import { presentEvent, presentMandate, presentMandateSummary } from '../presenters/mandate';
import { listQuerySchema, normalizeDeadlines } from './schemas';
import { keyedUpdateId } from '../../workflows/mandate/messages';
import { MandateWorkflows, newMandateId } from './workflow-client';
import { VoteWorkflows } from '../board/votes-router';
import { forwardToBoardVote, presentMandateWithVote } from './board-votes';

/** The region from the parent router's path (mergeParams). */
const regionOf = (req: Request) => (req.params as Record<string, string>).regionId as string;

const KEY_PATTERN = /^[\w.:-]{1,200}$/;

/** The optional Idempotency-Key header: printable, at most 200 characters. */
export function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key === undefined) return undefined;
  if (!KEY_PATTERN.test(key)) {
    throw new ValidationError([{ field: 'Idempotency-Key', code: 'invalid_format', message: 'must be 1–200 characters of letters, digits, . _ : -' }]);
  }
  return key;
}

/** A mandate names the indicators it needs from the region's catalogue, by key. */
async function assertKnownIndicators(ctx: ApiContext, regionId: string, keys: string[]): Promise<void> {
  const known = new Set((await listIndicators(ctx.models, regionId)).map((indicator) => indicator.key));
  const errors: FieldError[] = keys.flatMap((key, index) =>
    known.has(key) ? [] : [{ field: `indicators.${index}`, code: 'unknown_indicator', message: `'${key}' is not an indicator of the region's catalogue` }],
  );
  if (new Set(keys).size !== keys.length) errors.push({ field: 'indicators', code: 'duplicate', message: 'names an indicator twice' });
  if (errors.length > 0) throw new ValidationError(errors);
}

/** A mandate of the region; 404 also for one of another region: its existence is not the caller's business. */
export async function loadRegionMandate(models: Models, regionId: string, mandateId: string): Promise<MandateSnapshot> {
  const mandate = await findMandate(models, mandateId);
  if (!mandate || mandate.regionId !== regionId) throw new NotFoundError(`No mandate '${mandateId}' in region '${regionId}'.`);
  return mandate;
}

/** A vote in a meeting names the agenda item about this mandate, in a meeting of the region that is not cancelled. */
async function assertMeetingItem(ctx: ApiContext, mandate: MandateSnapshot, payload: { meetingId?: string; itemId?: string }): Promise<void> {
  if (!payload.meetingId && !payload.itemId) return;
  if (!payload.meetingId || !payload.itemId) {
    const field = payload.meetingId ? 'itemId' : 'meetingId';
    throw new ValidationError([{ field, code: 'required', message: 'meetingId and itemId go together' }]);
  }
  const meeting = await findMeeting(ctx.models, payload.meetingId);
  if (!meeting || meeting.regionId !== mandate.regionId || meeting.status === 'cancelled') {
    throw new ValidationError([{ field: 'meetingId', code: 'unknown_meeting', message: 'is not a planned or held meeting of this region' }]);
  }
  if (!meeting.agenda.some((item) => item.id === payload.itemId && item.mandateId === mandate.id)) {
    throw new ValidationError([{ field: 'itemId', code: 'unknown_item', message: 'is not an agenda item of that meeting about this mandate' }]);
  }
}

export function mandatesRouter(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  const workflows = new MandateWorkflows(ctx.temporal, ctx.config.temporal.taskQueue);
  const votes = new VoteWorkflows(ctx.temporal, ctx.config.temporal.taskQueue);
  router.use(authenticate(ctx));

  const loadMandate = (regionId: string, mandateId: string) => loadRegionMandate(ctx.models, regionId, mandateId);

  router.get('/', async (req, res) => {
    actorInRegion(callerOf(res), regionOf(req));
    const query = parseOrThrow(listQuerySchema, req.query);
    const { items, total } = await listMandates(ctx.models, regionOf(req), query);
    res.json({ items: items.map(presentMandateSummary), total, page: query.page, pageSize: query.pageSize });
  });

  router.post('/', async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    assertCanCreateMandate(actor);
    const input = parseOrThrow(createMandateSchema, req.body);
    await assertKnownIndicators(ctx, regionOf(req), input.indicators ?? []);
    const id = newMandateId(regionOf(req), actor.id, idempotencyKey(req));
    const created = (await workflows.create(id, regionOf(req), input, actor)) ?? (await loadMandate(regionOf(req), id));
    res.status(201).location(`${req.baseUrl}/${id}`).json(presentMandate(created, actor));
  });

  router.get('/:mandateId', async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    res.json(await presentMandateWithVote(ctx.models, await loadMandate(regionOf(req), req.params.mandateId), actor));
  });

  router.get('/:mandateId/history', async (req, res) => {
    actorInRegion(callerOf(res), regionOf(req));
    const mandate = await loadMandate(regionOf(req), req.params.mandateId);
    const events = await listMandateEvents(ctx.models, mandate.id, mandate.version);
    res.json({ items: events.map(presentEvent) });
  });

  router.post('/:mandateId/actions/:action', async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    const action = actionSchema.safeParse(req.params.action);
    if (!action.success) throw new NotFoundError(`No such action: '${req.params.action}'.`);
    const key = idempotencyKey(req);
    const mandate = await loadMandate(regionOf(req), req.params.mandateId);
    const updateId = key ? keyedUpdateId(actor.id, key) : undefined;
    const raw = { action: action.data as Action, payload: normalizeDeadlines(req.body ?? {}) } as ActionCommand;
    const boardVoteId = mandate.vote?.boardVoteId;
    if (boardVoteId && (raw.action === 'vote' || raw.action === 'extend-vote')) {
      // The board vote takes ballots and extensions itself; the mandate hears its outcome before this answers.
      await forwardToBoardVote(votes, boardVoteId, actor, raw, updateId);
      res.json(await presentMandateWithVote(ctx.models, await loadMandate(regionOf(req), mandate.id), actor));
      return;
    }
    if (raw.action === 'submit-dossier' && raw.payload && typeof raw.payload === 'object' && 'dossierHash' in raw.payload) {
      throw new ValidationError([{ field: 'dossierHash', code: 'unknown_field', message: 'is not a known field' }]);
    }
    // The fast check against the read model; the workflow's validator repeats it against the authoritative state.
    // A keyed request that fails it still goes to the workflow, which knows whether it retries an applied one.
    let command: ActionCommand = raw;
    let refused: unknown = null;
    try {
      command = assertCommand({ ...mandate, events: [] }, raw, actor, new Date().toISOString());
    } catch (error) {
      if (!updateId) throw error;
      refused = error;
    }
    if ((command.action === 'submit' || command.action === 'submit-dossier') && !refused) {
      await assertMeetingItem(ctx, mandate, command.payload);
    }
    if (command.action === 'submit-dossier' && !refused) {
      // The dossier goes to the board as it is now: frozen under its hash, which the decision will keep.
      const dossierHash = await freezeDossier(ctx.models, mandate, await findRegionName(ctx.models, mandate.regionId), new Date().toISOString());
      command = { action: command.action, payload: { ...command.payload, dossierHash } };
    }
    let snapshot = await workflows.act(mandate.id, actor, command, updateId);
    if (!snapshot) {
      // The workflow has finished: the retry of the action that closed the mandate, or too late.
      if (refused && !(updateId && (await hasAppliedUpdate(ctx.models, mandate.id, updateId)))) throw refused;
      snapshot = await loadMandate(regionOf(req), mandate.id);
    }
    res.json(await presentMandateWithVote(ctx.models, snapshot, actor));
  });

  return router;
}
