import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { editImplementationItemSchema, implementationItemSchema } from '../../domain/board/implementation';
import type { DecisionRecord, ImplementationItem } from '../../domain/board/types';
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors';
import { parseOrThrow, text } from '../../domain/fields';
import { effectiveRoles, type Actor, type PersonRef, type Role } from '../../domain/roles';
import { assertTaskDate } from '../../domain/tasks/task';
import { berlinDate } from '../../domain/time';
import { renderDecisionPdf } from '../../reports/board/decision-pdf';
import { renderStatusReportPdf } from '../../reports/board/status-report-pdf';
import { loadBoard } from '../../store/boards';
import { correctDecision, correctionsOf, listDecisions, loadDecision } from '../../store/decisions';
import {
  buildStatusReport,
  createImplementationItem,
  editImplementationItem,
  findImplementationItem,
  lightItems,
  listDecisionItems,
  newImplementationItemId,
} from '../../store/implementation-items';
import { findMandate } from '../../store/mandates';
import type { Models } from '../../store/models';
import { findRegionName, findUserById } from '../../store/users';
import { actorInRegion, authenticate, callerOf } from '../auth/authenticate';
import type { ApiContext } from '../context';
import { idempotencyKey } from '../mandates/router';
import { regionMember, taskContext } from '../tasks/context';
import { startNewTask } from '../tasks/create';
import { TaskWorkflows } from '../tasks/workflow-client';

const param = (req: Request, name: string) => (req.params as Record<string, string>)[name] as string;
const regionOf = (req: Request) => param(req, 'regionId');

const lang = z.enum(['de', 'en']).default('de');
export const listQuerySchema = z.strictObject({
  year: z.coerce.number({ error: 'must be a year' }).int().min(2000).max(2999).optional(),
  mandateId: text(100).optional(),
  meetingId: text(100).optional(),
});
export const langQuerySchema = z.strictObject({ lang });

/** `POST /decisions/:decisionId/corrections`: what changes, and why. Dissent names members by id; their names are looked up. */
export const correctionSchema = z
  .strictObject({
    text: text(20000).optional(),
    rationale: z
      .string()
      .trim()
      .max(20000)
      .transform((value) => (value === '' ? null : value))
      .nullable()
      .optional(),
    dissent: z
      .array(z.strictObject({ memberId: text(100), name: z.string().optional(), text: text(5000) }))
      .max(50)
      .optional(),
    reason: text(2000),
  })
  .refine((body) => body.text !== undefined || body.rationale !== undefined || body.dissent !== undefined, {
    path: ['text'],
    message: 'give the text, the rationale or the dissent to correct',
    params: { code: 'nothing_to_correct' },
  });

/** Who records decisions' corrections and their implementation items: the chair and the office lead. */
const KEEPERS: readonly Role[] = ['board_chair', 'office_lead'];

function assertAnyRole(actor: Actor, roles: readonly Role[], what: string): void {
  const own = effectiveRoles(actor.roles);
  if (!roles.some((role) => own.has(role))) throw new ForbiddenError(`Only ${roles.join(' or ')} may ${what}.`);
}

/** An item is edited by the office or the person responsible for it. */
function assertCanEditItem(actor: Actor, item: ImplementationItem): void {
  if (item.responsible.id === actor.id || effectiveRoles(actor.roles).has('office_staff')) return;
  throw new ForbiddenError('Only the office or the person responsible may change an implementation item.');
}

function sendPdf(res: Response, fileName: string, body: Buffer): void {
  res
    .status(200)
    .type('application/pdf')
    .set({ 'Content-Disposition': `attachment; filename="${fileName}"`, 'Cache-Control': 'private, no-store' })
    .send(body);
}

/** Dissent entries as the record keeps them: a member named before keeps that name; others must be users of the region. */
async function dissentOf(
  models: Models,
  regionId: string,
  old: DecisionRecord,
  entries: { memberId: string; text: string }[],
): Promise<DecisionRecord['dissent']> {
  return Promise.all(
    entries.map(async (entry, i) => {
      const known = old.dissent.find((d) => d.memberId === entry.memberId) ?? old.votes?.find((v) => v.memberId === entry.memberId);
      if (known) return { memberId: entry.memberId, name: known.name, text: entry.text };
      const user = await findUserById(models, entry.memberId);
      if (!user || !user.memberships.some((m) => m.regionId === regionId)) {
        throw new ValidationError([{ field: `dissent.${i}.memberId`, code: 'not_a_member', message: 'is not a member of this region' }]);
      }
      return { memberId: entry.memberId, name: user.name, text: entry.text };
    }),
  );
}

/** Decision records, their corrections and implementation items, and the status report of the Beschlusskontrolle. */
export function decisionsRouter(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  const auth = authenticate(ctx);
  const workflows = new TaskWorkflows(ctx.temporal, ctx.config.temporal.taskQueue);
  const now = () => new Date().toISOString();

  /** A decision with what is corrected about it and its items with their lights (as of today). */
  async function decisionDetail(regionId: string, id: string) {
    const record = await loadDecision(ctx.models, regionId, id);
    const [correctedBy, items, board] = await Promise.all([
      correctionsOf(ctx.models, regionId, id),
      listDecisionItems(ctx.models, regionId, id),
      loadBoard(ctx.models, regionId),
    ]);
    return { record, correctedBy, board, items: await lightItems(ctx.models, items, berlinDate(now()), board.yellowDays) };
  }

  /** The item of the decision named in the URL; 404 for another decision's or region's. */
  async function loadItem(regionId: string, decisionId: string, itemId: string): Promise<ImplementationItem> {
    const item = await findImplementationItem(ctx.models, regionId, itemId);
    if (!item || item.decisionId !== decisionId) throw new NotFoundError(`No implementation item '${itemId}' of decision '${decisionId}'.`);
    return item;
  }

  router.get('/decisions', auth, async (req, res) => {
    actorInRegion(callerOf(res), regionOf(req));
    const filter = parseOrThrow(listQuerySchema, req.query);
    res.json({ items: await listDecisions(ctx.models, regionOf(req), filter) });
  });

  router.get('/decisions/:decisionId', auth, async (req, res) => {
    actorInRegion(callerOf(res), regionOf(req));
    const { record, correctedBy, items } = await decisionDetail(regionOf(req), param(req, 'decisionId'));
    res.json({ ...record, correctedBy, items });
  });

  router.get('/decisions/:decisionId/pdf', auth, async (req, res) => {
    const regionId = regionOf(req);
    actorInRegion(callerOf(res), regionId);
    const { lang: locale } = parseOrThrow(langQuerySchema, req.query);
    const { record, correctedBy, board, items } = await decisionDetail(regionId, param(req, 'decisionId'));
    const regionName = await findRegionName(ctx.models, regionId);
    sendPdf(res, `beschluss-${record.id}.pdf`, await renderDecisionPdf({ record, correctedBy, regionName, boardName: board.name, items, locale }));
  });

  router.post('/decisions/:decisionId/corrections', auth, async (req, res) => {
    const regionId = regionOf(req);
    const actor = actorInRegion(callerOf(res), regionId);
    assertAnyRole(actor, KEEPERS, 'correct decisions');
    const body = parseOrThrow(correctionSchema, req.body);
    const old = await loadDecision(ctx.models, regionId, param(req, 'decisionId'));
    const dissent = body.dissent ? await dissentOf(ctx.models, regionId, old, body.dissent) : undefined;
    const by: PersonRef = { id: actor.id, name: actor.name };
    const record = await correctDecision(ctx.models, regionId, old.id, { text: body.text, rationale: body.rationale, dissent, reason: body.reason }, by, now());
    res
      .status(201)
      .location(`${req.baseUrl}/decisions/${record.id}`)
      .json({ ...record, correctedBy: [], items: [] });
  });

  router.post('/decisions/:decisionId/items', auth, async (req, res) => {
    const regionId = regionOf(req);
    const actor = actorInRegion(callerOf(res), regionId);
    assertAnyRole(actor, KEEPERS, 'add implementation items');
    const body = parseOrThrow(implementationItemSchema, req.body);
    const at = now();
    assertTaskDate('dueDate', body.dueDate, at);
    const decision = await loadDecision(ctx.models, regionId, param(req, 'decisionId'));
    const responsible = await regionMember(ctx.models, regionId, body.responsibleId, 'office_staff', 'responsibleId');
    const key = idempotencyKey(req);
    const id = newImplementationItemId(key ? { regionId, actorId: actor.id, key } : undefined);
    // The task goes with the decision's mandate while that is open; otherwise it runs on its own.
    const mandate = decision.subject.mandateId ? await findMandate(ctx.models, decision.subject.mandateId) : null;
    const task = await startNewTask(
      ctx.models,
      workflows,
      regionId,
      mandate && mandate.regionId === regionId && mandate.phase !== 'closed' ? mandate : null,
      actor,
      {
        type: 'general',
        title: body.title,
        description: `Umsetzung des Beschlusses ${decision.number}: ${decision.subject.title}`,
        params: {},
        required: false,
        priority: 'normal',
        dueDate: body.dueDate,
        followUpDate: null,
        candidateRole: null,
        assignee: responsible,
      },
      at,
      `item:${id}`,
    );
    const item = await createImplementationItem(ctx.models, {
      id,
      regionId,
      decisionId: decision.id,
      title: body.title,
      responsible,
      dueDate: body.dueDate,
      taskId: task.id,
      delayReason: null,
      createdAt: at,
      createdBy: { id: actor.id, name: actor.name },
    });
    const board = await loadBoard(ctx.models, regionId);
    const [lit] = await lightItems(ctx.models, [item], berlinDate(at), board.yellowDays);
    res.status(201).json(lit);
  });

  router.patch('/decisions/:decisionId/items/:itemId', auth, async (req, res) => {
    const regionId = regionOf(req);
    const actor = actorInRegion(callerOf(res), regionId);
    const body = parseOrThrow(editImplementationItemSchema, req.body);
    const item = await loadItem(regionId, param(req, 'decisionId'), param(req, 'itemId'));
    assertCanEditItem(actor, item);
    const at = now();
    if (body.dueDate !== undefined && body.dueDate !== item.dueDate) {
      assertTaskDate('dueDate', body.dueDate, at);
      // The item's due date is its task's: the task moves first (its reminders follow), which is the office lead's to do.
      if (!effectiveRoles(actor.roles).has('office_lead')) {
        throw new ForbiddenError('Only the office lead moves an implementation item’s due date (it moves its task’s due date too).');
      }
      const { actor: taskActor } = await taskContext(ctx.models, callerOf(res), regionId);
      await workflows.act(item.taskId, taskActor, { action: 'update', payload: { dueDate: body.dueDate } });
    }
    const edited = await editImplementationItem(ctx.models, regionId, item.id, body);
    const board = await loadBoard(ctx.models, regionId);
    const [lit] = await lightItems(ctx.models, [edited], berlinDate(at), board.yellowDays);
    res.json(lit);
  });

  router.get('/implementation-report', auth, async (req, res) => {
    actorInRegion(callerOf(res), regionOf(req));
    res.json(await buildStatusReport(ctx.models, regionOf(req), now()));
  });

  router.get('/implementation-report.pdf', auth, async (req, res) => {
    actorInRegion(callerOf(res), regionOf(req));
    const { lang: locale } = parseOrThrow(langQuerySchema, req.query);
    const report = await buildStatusReport(ctx.models, regionOf(req), now());
    sendPdf(res, `beschlusskontrolle-${report.today}.pdf`, await renderStatusReportPdf({ report, locale }));
  });

  return router;
}
