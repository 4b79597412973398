import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { seatsAt } from '../../domain/board/composition';
import { meetingIcs, icsFileName } from '../../domain/board/ics';
import {
  agendaItemSchema,
  applyMeetingCommand,
  assertCanTakeMeetingAction,
  attendanceSchema,
  cancelMeetingSchema,
  createMeetingSchema,
  editAgendaItemSchema,
  editMeetingSchema,
  moveAgendaItemSchema,
  replySchema,
  type MeetingAction,
  type MeetingCommand,
} from '../../domain/board/meeting';
import type { MeetingState, Recusal } from '../../domain/board/types';
import { contentDisposition } from '../../domain/attachments';
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors';
import { parseOrThrow, text } from '../../domain/fields';
import { effectiveRoles, type Actor, type Role } from '../../domain/roles';
import { berlinDate } from '../../domain/time';
import { renderMinutesPdf } from '../../reports/board/minutes-pdf';
import type { MinutesInput } from '../../reports/board/types';
import { findAttachment, readChunks } from '../../store/attachments';
import { loadBoard } from '../../store/boards';
import { listDecisions } from '../../store/decisions';
import { buildStatusReport } from '../../store/implementation-items';
import { findMandate } from '../../store/mandates';
import { findMeeting, listMeetings, meetingCalendarPeople } from '../../store/meetings';
import { declareRecusal, listRecusals, matterOf } from '../../store/recusals';
import { findRegionName } from '../../store/users';
import { listVotes } from '../../store/votes';
import { addressOf } from '../../worker/mail/calendar';
import { keyedUpdateId } from '../../workflows/mandate/messages';
import { recuseUpdate, voteWorkflowId } from '../../workflows/vote/messages';
import { actorInRegion, authenticate, callerOf } from '../auth/authenticate';
import type { ApiContext } from '../context';
import { idempotencyKey } from '../mandates/router';
import { rethrowDomainFailure } from '../mandates/workflow-client';
import { presentMeeting, presentMeetingSummary } from '../presenters/meeting';
import { MeetingWorkflows, newMeetingId } from './meeting-workflows';

const param = (req: Request, name: string) => (req.params as Record<string, string>)[name] as string;
const regionOf = (req: Request) => param(req, 'regionId');

const minutesQuerySchema = z.strictObject({ public: z.enum(['true', 'false']).optional(), locale: z.enum(['de', 'en']).optional() });
/** Who may record someone else's recusal (the member themselves always may). */
const RECORD_RECUSALS: Role[] = ['board_chair', 'office_lead'];
const recusalSchema = z.strictObject({ memberId: text(100).optional(), reason: text(2000).optional() });

/** Board meetings under /api/regions/:regionId/meetings: planning, agenda, invitations, replies, attendance, minutes. */
export function meetingsRouter(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  const workflows = new MeetingWorkflows(ctx.temporal, ctx.config.temporal.taskQueue);
  const auth = authenticate(ctx);

  /** 404 also for a meeting of another region. */
  async function loadMeeting(regionId: string, meetingId: string): Promise<MeetingState> {
    const meeting = await findMeeting(ctx.models, meetingId);
    if (!meeting || meeting.regionId !== regionId) throw new NotFoundError(`No meeting '${meetingId}' in region '${regionId}'.`);
    return meeting;
  }

  async function present(meeting: MeetingState, actor: Actor) {
    const [board, votes, decisions, recusals] = await Promise.all([
      loadBoard(ctx.models, meeting.regionId),
      listVotes(ctx.models, meeting.regionId, { meetingId: meeting.id }),
      listDecisions(ctx.models, meeting.regionId, { meetingId: meeting.id }),
      itemRecusals(meeting),
    ]);
    return presentMeeting(meeting, actor, { seats: seatsAt(board, berlinDate(meeting.startsAt)), quorum: board.quorum, votes, decisions, recusals });
  }

  /** The recusals declared for each item's matter (a mandate's hold for every item about it). */
  async function itemRecusals(meeting: MeetingState): Promise<Record<string, Recusal[]>> {
    const lists = await Promise.all(
      meeting.agenda.map((item) => listRecusals(ctx.models, matterOf({ mandateId: item.mandateId, meetingId: meeting.id, itemId: item.id }))),
    );
    return Object.fromEntries(meeting.agenda.map((item, i) => [item.id, lists[i] ?? []]));
  }

  /**
   * One change: a fast check against the read model, then the meeting's
   * workflow, whose validator checks again against its own state. With an
   * Idempotency-Key a refused check still goes to the workflow, which knows
   * whether it is the retry of a change it applied.
   */
  async function act(req: Request, res: Response, command: MeetingCommand) {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    const meeting = await loadMeeting(regionOf(req), param(req, 'meetingId'));
    const key = idempotencyKey(req);
    const updateId = key ? keyedUpdateId(actor.id, key) : undefined;
    let refused: unknown = null;
    try {
      applyMeetingCommand(meeting, command, actor, [], new Date().toISOString());
    } catch (error) {
      if (!updateId) throw error;
      refused = error;
    }
    const result = await workflows.act(meeting.id, actor, command, updateId);
    if (!result) {
      // The workflow has ended: the meeting was cancelled.
      if (refused) throw refused;
      throw new ConflictError('meeting_not_planned', `The meeting is ${meeting.status}.`, { status: meeting.status });
    }
    return present(result, actor);
  }

  /** Who, in which region, with which role: checked before the body is looked at, so outsiders learn nothing from a 422. */
  function guard(req: Request, res: Response, action: MeetingAction): void {
    assertCanTakeMeetingAction(actorInRegion(callerOf(res), regionOf(req)), action);
  }

  router.get('/meetings', auth, async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    res.json({ items: (await listMeetings(ctx.models, regionOf(req))).map((m) => presentMeetingSummary(m, actor)) });
  });

  router.post('/meetings', auth, async (req, res) => {
    const regionId = regionOf(req);
    const actor = actorInRegion(callerOf(res), regionId);
    assertCanTakeMeetingAction(actor, 'create');
    const input = parseOrThrow(createMeetingSchema, req.body);
    const id = newMeetingId(regionId, actor.id, idempotencyKey(req));
    const created = (await workflows.create(id, regionId, input, actor)) ?? (await loadMeeting(regionId, id));
    res
      .status(201)
      .location(`${req.baseUrl}/meetings/${id}`)
      .json(await present(created, actor));
  });

  router.get('/meetings/:meetingId', auth, async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    res.json(await present(await loadMeeting(regionOf(req), param(req, 'meetingId')), actor));
  });

  router.patch('/meetings/:meetingId', auth, async (req, res) => {
    guard(req, res, 'edit');
    res.json(await act(req, res, { action: 'edit', payload: parseOrThrow(editMeetingSchema, req.body) }));
  });

  router.post('/meetings/:meetingId/agenda', auth, async (req, res) => {
    guard(req, res, 'add-item');
    const payload = parseOrThrow(agendaItemSchema, req.body);
    await assertMandateOfRegion(regionOf(req), payload.mandateId);
    res.status(201).json(await act(req, res, { action: 'add-item', payload }));
  });

  router.patch('/meetings/:meetingId/agenda/:itemId', auth, async (req, res) => {
    guard(req, res, 'edit-item');
    const patch = parseOrThrow(editAgendaItemSchema, req.body);
    await assertMandateOfRegion(regionOf(req), patch.mandateId);
    res.json(await act(req, res, { action: 'edit-item', payload: { ...patch, itemId: param(req, 'itemId') } }));
  });

  router.delete('/meetings/:meetingId/agenda/:itemId', auth, async (req, res) => {
    guard(req, res, 'remove-item');
    // Votes may not have been linked to the item yet; the votes' read model knows them all.
    const votes = await listVotes(ctx.models, regionOf(req), { meetingId: param(req, 'meetingId') });
    const voteIds = votes.filter((v) => v.subject.itemId === param(req, 'itemId')).map((v) => v.id);
    if (voteIds.length > 0) throw new ConflictError('item_has_votes', 'An agenda item with votes cannot be removed.', { voteIds });
    res.json(await act(req, res, { action: 'remove-item', payload: { itemId: param(req, 'itemId') } }));
  });

  router.post('/meetings/:meetingId/agenda/:itemId/move', auth, async (req, res) => {
    guard(req, res, 'move-item');
    const { position } = parseOrThrow(moveAgendaItemSchema, req.body);
    res.json(await act(req, res, { action: 'move-item', payload: { itemId: param(req, 'itemId'), position } }));
  });

  router.post('/meetings/:meetingId/invitations', auth, async (req, res) => {
    guard(req, res, 'invite');
    parseOrThrow(z.strictObject({}), req.body ?? {});
    res.json(await act(req, res, { action: 'invite', payload: {} }));
  });

  router.post('/meetings/:meetingId/cancel', auth, async (req, res) => {
    guard(req, res, 'cancel');
    res.json(await act(req, res, { action: 'cancel', payload: parseOrThrow(cancelMeetingSchema, req.body ?? {}) }));
  });

  router.post('/meetings/:meetingId/held', auth, async (req, res) => {
    guard(req, res, 'held');
    parseOrThrow(z.strictObject({}), req.body ?? {});
    res.json(await act(req, res, { action: 'held', payload: {} }));
  });

  router.put('/meetings/:meetingId/reply', auth, async (req, res) => {
    guard(req, res, 'reply');
    res.json(await act(req, res, { action: 'reply', payload: parseOrThrow(replySchema, req.body) }));
  });

  router.put('/meetings/:meetingId/attendance', auth, async (req, res) => {
    guard(req, res, 'attendance');
    res.json(await act(req, res, { action: 'attendance', payload: parseOrThrow(attendanceSchema, req.body) }));
  });

  router.get('/meetings/:meetingId/ics', auth, async (req, res) => {
    actorInRegion(callerOf(res), regionOf(req));
    const meeting = await loadMeeting(regionOf(req), param(req, 'meetingId'));
    const { organizerName, attendees } = await meetingCalendarPeople(ctx.models, meeting);
    const base = ctx.config.publicUrl ?? `${req.protocol}://${req.get('host')}`;
    const method = meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST';
    const ics = meetingIcs(meeting, {
      method,
      organizer: { name: organizerName, email: addressOf(ctx.config.mail.from) },
      attendees,
      url: `${base.replace(/\/+$/, '')}/#/regions/${encodeURIComponent(meeting.regionId)}/meetings/${encodeURIComponent(meeting.id)}`,
      now: new Date().toISOString(),
    });
    res.set({ 'Content-Type': `text/calendar; charset=utf-8; method=${method}`, 'Content-Disposition': contentDisposition(icsFileName(meeting)) }).send(ics);
  });

  router.get('/meetings/:meetingId/minutes.pdf', auth, async (req, res) => {
    // Every member of the region reads the full minutes (data providers are no readers); `public=true` is the version to publish.
    actorInRegion(callerOf(res), regionOf(req));
    const query = parseOrThrow(minutesQuerySchema, req.query);
    const meeting = await loadMeeting(regionOf(req), param(req, 'meetingId'));
    const publicOnly = query.public === 'true';
    const pdf = await renderMinutesPdf(await minutesInput(meeting, publicOnly, query.locale ?? 'de'));
    const name = `${publicOnly ? 'Niederschrift-oeffentlich' : 'Niederschrift'}-${berlinDate(meeting.startsAt)}.pdf`;
    res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': contentDisposition(name) }).send(pdf);
  });

  router.get('/meetings/:meetingId/status-report', auth, async (req, res) => {
    actorInRegion(callerOf(res), regionOf(req));
    const meeting = await loadMeeting(regionOf(req), param(req, 'meetingId'));
    const report = await buildStatusReport(ctx.models, meeting.regionId, new Date().toISOString());
    res.json({ ...report, attached: meeting.statusReport });
  });

  router.get('/meetings/:meetingId/status-report.pdf', auth, async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    let meeting = await loadMeeting(regionOf(req), param(req, 'meetingId'));
    if (!meeting.statusReport) {
      const generated = await workflows.act(meeting.id, actor, { action: 'generate-report', payload: {} });
      if (!generated) throw new ConflictError('meeting_not_planned', 'The meeting was cancelled before its status report was made.');
      meeting = generated;
    }
    const attachment = meeting.statusReport ? await findAttachment(ctx.models, meeting.statusReport.attachmentId) : null;
    if (!attachment) throw new AppError('report_unavailable', 503, 'The status report is not ready yet. Please try again in a moment.');
    const pdf = await readChunks(ctx.models, attachment.id, attachment.chunkCount);
    res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': contentDisposition(attachment.fileName) }).send(pdf);
  });

  router.post('/meetings/:meetingId/agenda/:itemId/recusals', auth, async (req, res) => {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    const body = parseOrThrow(recusalSchema, req.body ?? {});
    const meeting = await loadMeeting(regionOf(req), param(req, 'meetingId'));
    const item = meeting.agenda.find((i) => i.id === param(req, 'itemId'));
    if (!item) throw new NotFoundError(`No agenda item '${param(req, 'itemId')}' in this meeting.`);
    const memberId = body.memberId ?? actor.id;
    if (memberId !== actor.id && !RECORD_RECUSALS.some((role) => effectiveRoles(actor.roles).has(role))) {
      throw new ForbiddenError('Only the chair or the office lead may record the recusal of someone else.');
    }
    const invitee = meeting.attendance.find((a) => a.memberId === memberId);
    if (!invitee) throw new ValidationError([{ field: 'memberId', code: 'not_invited', message: 'is not invited to the meeting' }]);
    const member = { id: invitee.memberId, name: invitee.name };
    const recusal = await declareRecusal(ctx.models, {
      regionId: meeting.regionId,
      matter: matterOf({ mandateId: item.mandateId, meetingId: meeting.id, itemId: item.id }),
      member,
      reason: body.reason ?? null,
      recordedBy: { id: actor.id, name: actor.name },
      at: new Date().toISOString(),
    });
    // Votes running on the matter take the recusal too (the item's, and a mandate's own board vote); those opened later read it when they open.
    const running = [
      ...(await listVotes(ctx.models, meeting.regionId, { meetingId: meeting.id })).filter((v) => v.subject.itemId === item.id),
      ...(item.mandateId ? await listVotes(ctx.models, meeting.regionId, { mandateId: item.mandateId }) : []),
    ];
    const open = [...new Map(running.filter((v) => v.status === 'open' || v.status === 'unresolved').map((v) => [v.id, v])).values()];
    for (const vote of open) {
      try {
        await ctx.temporal.workflow.getHandle(voteWorkflowId(vote.id)).executeUpdate(recuseUpdate, { args: [{ actor, member, reason: body.reason ?? null }] });
      } catch (error) {
        rethrowDomainFailure(error);
      }
    }
    res.status(201).json(recusal);
  });

  /** A mandate item names a mandate of the same region. */
  async function assertMandateOfRegion(regionId: string, mandateId: string | null | undefined): Promise<void> {
    if (!mandateId) return;
    const mandate = await findMandate(ctx.models, mandateId);
    if (!mandate || mandate.regionId !== regionId) {
      throw new ValidationError([{ field: 'mandateId', code: 'unknown_mandate', message: `'${mandateId}' is not a mandate of this region` }]);
    }
  }

  /** What the minutes print: attendance with the quorum, and per item its votes, decisions and recusals. */
  async function minutesInput(meeting: MeetingState, publicOnly: boolean, locale: 'de' | 'en'): Promise<MinutesInput> {
    const [board, regionName, votes, decisions] = await Promise.all([
      loadBoard(ctx.models, meeting.regionId),
      findRegionName(ctx.models, meeting.regionId),
      listVotes(ctx.models, meeting.regionId, { meetingId: meeting.id }),
      listDecisions(ctx.models, meeting.regionId, { meetingId: meeting.id }),
    ]);
    const presented = presentMeeting(
      meeting,
      { id: '', name: '', roles: [] },
      {
        seats: seatsAt(board, berlinDate(meeting.startsAt)),
        quorum: board.quorum,
        votes,
        decisions,
      },
    );
    const items = await Promise.all(
      meeting.agenda.map(async (item) => ({
        item,
        decisions: decisions.filter((d) => d.subject.itemId === item.id),
        recusals: await listRecusals(ctx.models, matterOf({ mandateId: item.mandateId, meetingId: meeting.id, itemId: item.id })),
        votes: votes
          .filter((v) => v.subject.itemId === item.id)
          .map((v) => ({ id: v.id, mode: v.mode, secret: v.secret, status: v.status, outcome: v.outcome, showOfHands: v.showOfHands !== null })),
      })),
    );
    return {
      meeting,
      regionName,
      boardName: board.name,
      publicOnly,
      locale,
      attendance: {
        seats: presented.quorumForecast.seats,
        present: meeting.attendance.filter((a) => a.present === true).map((a) => a.name),
        absent: meeting.attendance.filter((a) => a.present === false).map((a) => a.name),
        quorum: presented.actualQuorum,
      },
      items,
    };
  }

  return router;
}
