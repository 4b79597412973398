import { createHash, randomBytes } from 'node:crypto';
import { Router, type Request } from 'express';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { z } from 'zod';
import { chairAt, seatsAt } from '../../domain/board/composition';
import type { Choice, VoteDefinition, VoteState } from '../../domain/board/types';
import { presentVote } from '../../domain/board/vote';
import { assertCanReadVotes, assertCanRunVotes } from '../../domain/board/vote-policy';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors';
import { instant, parseOrThrow, text } from '../../domain/fields';
import type { Actor, PersonRef } from '../../domain/roles';
import { berlinDate } from '../../domain/time';
import { startVoteWorkflow } from '../../activities/vote-client';
import { loadBoard } from '../../store/boards';
import { declareRecusal, listRecusals, matterOf } from '../../store/recusals';
import { findVote, listVotes } from '../../store/votes';
import { findMeeting } from '../../store/meetings';
import { findMandate } from '../../store/mandates';
import { actorInRegion, authenticate, callerOf } from '../auth/authenticate';
import type { ApiContext } from '../context';
import { idempotencyKey } from '../mandates/router';
import { rethrowDomainFailure } from '../mandates/workflow-client';
import { keyedUpdateId } from '../../workflows/mandate/messages';
import { castUpdate, closeUpdate, extendUpdate, recuseUpdate, showOfHandsUpdate, voteWorkflowId } from '../../workflows/vote/messages';

const param = (req: Request, name: string) => (req.params as Record<string, string>)[name] as string;
const regionOf = (req: Request) => param(req, 'regionId');

const CHOICES = ['yes', 'no', 'abstain', 'option', 'revise', 'reject'] as const;
/** Optional free text: empty or null both mean none (unlike the mandate fields' optionalText). */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `must be at most ${max} characters` })
    .nullish();

export const openVoteSchema = z
  .strictObject({
    subject: z.strictObject({
      title: text(200),
      motion: text(5000),
      rationale: optionalText(5000),
      meetingId: z.string().max(100).nullish(),
      itemId: z.string().max(100).nullish(),
      mandateId: z.string().max(100).nullish(),
    }),
    ballot: z.strictObject({
      kind: z.enum(['yes_no', 'options']),
      options: z
        .array(z.strictObject({ title: text(200) }))
        .max(20, { error: 'at most 20 options' })
        .optional(),
      allowRevise: z.boolean().optional(),
      allowReject: z.boolean().optional(),
    }),
    mode: z.enum(['written', 'meeting']),
    secret: z.boolean().optional(),
    deadline: instant.optional(),
  })
  .superRefine((body, ctx) => {
    const options = body.ballot.options ?? [];
    if (body.ballot.kind === 'options' && options.length < 2) {
      ctx.addIssue({ code: 'custom', path: ['ballot', 'options'], message: 'an option ballot needs at least two options', params: { code: 'too_few' } });
    }
    if (body.ballot.kind === 'yes_no' && options.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['ballot', 'options'], message: 'a yes/no ballot has no options', params: { code: 'not_allowed' } });
    }
    if (body.mode === 'written' && !body.deadline) {
      ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'is required for a written procedure', params: { code: 'required' } });
    }
    if (body.mode === 'meeting' && body.deadline) {
      ctx.addIssue({
        code: 'custom',
        path: ['deadline'],
        message: 'a meeting vote is closed by the chair, not by a deadline',
        params: { code: 'not_allowed' },
      });
    }
    if (Boolean(body.subject.meetingId) !== Boolean(body.subject.itemId)) {
      ctx.addIssue({ code: 'custom', path: ['subject', 'itemId'], message: 'meetingId and itemId go together', params: { code: 'required' } });
    }
  });

export const ballotSchema = z
  .strictObject({
    choice: z.enum(CHOICES),
    optionId: z.string().max(100).nullish(),
    forMemberId: z.string().max(100).nullish(),
    note: optionalText(2000),
  })
  .superRefine((ballot, ctx) => {
    if (ballot.choice === 'option' && !ballot.optionId)
      ctx.addIssue({ code: 'custom', path: ['optionId'], message: 'is required when choice is "option"', params: { code: 'required' } });
    if (ballot.choice !== 'option' && ballot.optionId)
      ctx.addIssue({ code: 'custom', path: ['optionId'], message: 'is only allowed when choice is "option"', params: { code: 'not_allowed' } });
  });

export const recusalSchema = z.strictObject({ memberId: z.string().max(100).optional(), reason: optionalText(2000) });

const countSchema = z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be 0 or more' });
export const showOfHandsSchema = z.strictObject({
  tally: z
    .array(z.strictObject({ choice: z.enum(CHOICES), optionId: z.string().max(100).nullish(), count: countSchema }))
    .min(1)
    .max(30),
  castingChoice: z.strictObject({ choice: z.enum(CHOICES), optionId: z.string().max(100).nullish() }).nullish(),
});

export const extendSchema = z.strictObject({ deadline: instant });
export const listQuerySchema = z.strictObject({
  status: z.enum(['open', 'closed', 'unresolved', 'cancelled']).optional(),
  waiting: z.literal('me').optional(),
  meetingId: z.string().max(100).optional(),
  mandateId: z.string().max(100).optional(),
});

const normalize = (value: string) => new Date(value).toISOString();

/** The API's door into the vote workflows: updates, with domain failures turned back into AppErrors. */
export class VoteWorkflows {
  constructor(
    private readonly client: Client,
    readonly taskQueue: string,
  ) {}

  async open(definition: VoteDefinition): Promise<VoteState | null> {
    try {
      return await startVoteWorkflow(this.client, this.taskQueue, definition);
    } catch (error) {
      rethrowDomainFailure(error);
    }
  }

  /** Runs an update on an open vote; a finished vote's workflow is gone: 409. */
  async update<A>(voteId: string, run: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<A>): Promise<A> {
    try {
      return await run(this.client.workflow.getHandle(voteWorkflowId(voteId)));
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new ConflictError('vote_not_open', 'The vote is over.');
      rethrowDomainFailure(error);
    }
  }

  cast(voteId: string, args: { actor: Actor; choice: Choice; optionId: string | null; forMemberId: string | null; note: string | null }, updateId?: string) {
    return this.update(voteId, (h) => h.executeUpdate(castUpdate, { args: [args], updateId }));
  }

  extend(voteId: string, actor: Actor, deadline: string, updateId?: string) {
    return this.update(voteId, (h) => h.executeUpdate(extendUpdate, { args: [{ actor, deadline }], updateId }));
  }
}

/** Votes of the board: list, open, cast, recuse, show of hands, close, extend. */
export function votesRouter(ctx: ApiContext): Router {
  const router = Router({ mergeParams: true });
  const workflows = new VoteWorkflows(ctx.temporal, ctx.config.temporal.taskQueue);
  // Per route, not router.use: this router shares its mount point with the others under /regions/:regionId.
  const auth = authenticate(ctx);

  function reader(req: Request, res: Parameters<typeof callerOf>[0]): Actor {
    const actor = actorInRegion(callerOf(res), regionOf(req));
    assertCanReadVotes(actor);
    return actor;
  }

  async function loadVote(regionId: string, voteId: string): Promise<VoteState> {
    const vote = await findVote(ctx.models, voteId);
    if (!vote || vote.regionId !== regionId) throw new NotFoundError(`No vote '${voteId}' in region '${regionId}'.`);
    return vote;
  }

  const keyOf = (req: Request, actor: Actor) => {
    const key = idempotencyKey(req);
    return key ? keyedUpdateId(actor.id, key) : undefined;
  };

  router.get('/votes', auth, async (req, res) => {
    const actor = reader(req, res);
    const query = parseOrThrow(listQuerySchema, req.query);
    const votes = await listVotes(ctx.models, regionOf(req), {
      status: query.waiting ? 'open' : query.status,
      meetingId: query.meetingId,
      mandateId: query.mandateId,
      memberId: query.waiting ? actor.id : undefined,
    });
    let items = votes.map((vote) => presentVote(vote, actor));
    // Waiting for the caller: open, and they may still cast for a seat without a ballot of its member.
    if (query.waiting) items = items.filter((vote) => vote.viewer.allowed.includes('ballot') && !vote.viewer.hasVoted);
    res.json({ items });
  });

  router.get('/votes/:voteId', auth, async (req, res) => {
    const actor = reader(req, res);
    res.json(presentVote(await loadVote(regionOf(req), param(req, 'voteId')), actor));
  });

  router.post('/votes', auth, async (req, res) => {
    const actor = reader(req, res);
    assertCanRunVotes(actor, 'open a vote');
    const body = parseOrThrow(openVoteSchema, req.body);
    const regionId = regionOf(req);
    const at = new Date().toISOString();
    if (body.deadline && Date.parse(body.deadline) <= Date.parse(at)) {
      throw new ValidationError([{ field: 'deadline', code: 'not_in_future', message: 'must be in the future' }]);
    }
    const board = await loadBoard(ctx.models, regionId);
    const day = berlinDate(at);
    const seats = seatsAt(board, day);
    if (seats.length === 0) throw new ConflictError('no_voting_members', 'The board of this region has no voting members, so no vote can be opened.');
    const key = idempotencyKey(req);
    // With a key the id is derived from it: a retried open finds the vote it opened.
    const id = `v${(key ? createHash('sha256').update(`${regionId}\n${actor.id}\n${key}`).digest() : randomBytes(12)).toString('hex').slice(0, 20)}`;
    const subject = {
      kind: 'item' as const,
      mandateId: body.subject.mandateId ?? null,
      meetingId: body.subject.meetingId ?? null,
      itemId: body.subject.itemId ?? null,
      title: body.subject.title,
      motion: body.subject.motion,
      rationale: body.subject.rationale ?? null,
    };
    await assertSubjectOfRegion(regionId, subject);
    const recusals = await listRecusals(ctx.models, matterOf({ ...subject, voteId: id }));
    const options = (body.ballot.options ?? []).map((option, index) => ({ id: `o${index + 1}`, title: option.title }));
    const definition: VoteDefinition = {
      id,
      regionId,
      subject,
      ballot: {
        kind: body.ballot.kind,
        options,
        allowRevise: body.ballot.kind === 'options' && (body.ballot.allowRevise ?? false),
        allowReject: body.ballot.kind === 'options' && (body.ballot.allowReject ?? false),
      },
      mode: body.mode,
      secret: body.secret ?? board.secretByDefault,
      seats,
      chairId: chairAt(board, day),
      quorum: board.quorum,
      tie: board.tie,
      openedAt: at,
      openedBy: { id: actor.id, name: actor.name },
      deadline: body.deadline ? normalize(body.deadline) : null,
      reminderDays: body.mode === 'written' ? board.reminderDays : [],
      recusals,
    };
    const opened = (await workflows.open(definition)) ?? (await loadVote(regionId, id));
    res.status(201).location(`${req.baseUrl}/votes/${id}`).json(presentVote(opened, actor));
  });

  router.post('/votes/:voteId/ballot', auth, async (req, res) => {
    const actor = reader(req, res);
    const vote = await loadVote(regionOf(req), param(req, 'voteId'));
    const body = parseOrThrow(ballotSchema, req.body);
    const state = await workflows.cast(
      vote.id,
      { actor, choice: body.choice, optionId: body.optionId ?? null, forMemberId: body.forMemberId ?? null, note: body.note ?? null },
      keyOf(req, actor),
    );
    res.json(presentVote(state, actor));
  });

  router.post('/votes/:voteId/recusals', auth, async (req, res) => {
    const actor = reader(req, res);
    const vote = await loadVote(regionOf(req), param(req, 'voteId'));
    const body = parseOrThrow(recusalSchema, req.body);
    const memberId = body.memberId ?? actor.id;
    if (memberId !== actor.id) assertCanRunVotes(actor, 'record another member’s recusal');
    // Checked before anything is stored: a refused recusal must not close the matter's papers.
    if (vote.status !== 'open' && vote.status !== 'unresolved') throw new ConflictError('vote_not_open', `The vote is ${vote.status}.`);
    const seat = vote.seats.find((s) => s.memberId === memberId);
    const deputy = vote.seats.flatMap((s) => s.deputies).find((d) => d.id === memberId);
    if (!seat && !deputy) {
      throw new ValidationError([{ field: 'memberId', code: 'not_in_vote', message: 'holds no seat in this vote and deputises for none' }]);
    }
    const member = seat ? { id: seat.memberId, name: seat.name } : (deputy as PersonRef);
    // First the recusal of the matter (it closes the confidential papers at once), then the vote.
    await declareRecusal(ctx.models, {
      regionId: vote.regionId,
      matter: matterOf({ ...vote.subject, voteId: vote.id }),
      member,
      reason: body.reason ?? null,
      recordedBy: { id: actor.id, name: actor.name },
      at: new Date().toISOString(),
    });
    const state = await workflows.update(vote.id, (h) =>
      h.executeUpdate(recuseUpdate, { args: [{ actor, member, reason: body.reason ?? null }], updateId: keyOf(req, actor) }),
    );
    res.json(presentVote(state, actor));
  });

  router.post('/votes/:voteId/show-of-hands', auth, async (req, res) => {
    const actor = reader(req, res);
    assertCanRunVotes(actor, 'record a show of hands');
    const vote = await loadVote(regionOf(req), param(req, 'voteId'));
    const body = parseOrThrow(showOfHandsSchema, req.body);
    const tally = body.tally.map((entry) => ({ choice: entry.choice, count: entry.count, ...(entry.optionId ? { optionId: entry.optionId } : {}) }));
    const castingChoice = body.castingChoice ? { choice: body.castingChoice.choice, optionId: body.castingChoice.optionId ?? null } : null;
    const state = await workflows.update(vote.id, (h) =>
      h.executeUpdate(showOfHandsUpdate, { args: [{ actor, tally, castingChoice }], updateId: keyOf(req, actor) }),
    );
    res.json(presentVote(state, actor));
  });

  router.post('/votes/:voteId/close', auth, async (req, res) => {
    const actor = reader(req, res);
    assertCanRunVotes(actor, 'close a vote');
    const vote = await loadVote(regionOf(req), param(req, 'voteId'));
    const state = await workflows.update(vote.id, (h) => h.executeUpdate(closeUpdate, { args: [{ actor }], updateId: keyOf(req, actor) }));
    res.json(presentVote(state, actor));
  });

  router.post('/votes/:voteId/extend', auth, async (req, res) => {
    const actor = reader(req, res);
    const vote = await loadVote(regionOf(req), param(req, 'voteId'));
    const body = parseOrThrow(extendSchema, req.body);
    const state = await workflows.extend(vote.id, actor, normalize(body.deadline), keyOf(req, actor));
    res.json(presentVote(state, actor));
  });

  /**
   * A vote on an agenda item names an item of a meeting of this region; an
   * item about a mandate makes the vote the mandate's (its recusals hold).
   * A vote on a mandate names one of this region.
   */
  async function assertSubjectOfRegion(
    regionId: string,
    subject: { mandateId: string | null; meetingId: string | null; itemId: string | null },
  ): Promise<void> {
    if (subject.meetingId) {
      const meeting = await findMeeting(ctx.models, subject.meetingId);
      if (!meeting || meeting.regionId !== regionId) {
        throw new ValidationError([{ field: 'subject.meetingId', code: 'unknown_meeting', message: 'is not a meeting of this region' }]);
      }
      const item = meeting.agenda.find((i) => i.id === subject.itemId);
      if (!item) throw new ValidationError([{ field: 'subject.itemId', code: 'unknown_item', message: 'is not an item of that meeting’s agenda' }]);
      if (subject.mandateId && subject.mandateId !== item.mandateId) {
        throw new ValidationError([{ field: 'subject.mandateId', code: 'not_the_items', message: 'is not the mandate of that agenda item' }]);
      }
      subject.mandateId = item.mandateId;
    }
    if (subject.mandateId) {
      const mandate = await findMandate(ctx.models, subject.mandateId);
      if (!mandate || mandate.regionId !== regionId) {
        throw new ValidationError([{ field: 'subject.mandateId', code: 'unknown_mandate', message: 'is not a mandate of this region' }]);
      }
      // Its approval or decision is the mandate's own board vote: a second vote beside it would decide nothing.
      if (mandate.vote?.boardVoteId) {
        throw new ConflictError('mandate_vote_running', `The board votes on this mandate in vote '${mandate.vote.boardVoteId}'.`, {
          voteId: mandate.vote.boardVoteId,
        });
      }
    }
  }

  return router;
}
