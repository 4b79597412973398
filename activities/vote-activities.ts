import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { VoteDefinition, VoteState } from '../domain/board/types';
import { chairAt, seatsAt } from '../domain/board/composition';
import type { VoteBoard } from '../domain/board/mandate-votes';
import type { NotificationKind } from '../domain/notifications';
import { berlinDate, berlinOffsetMinutes } from '../domain/time';
import { loadBoard } from '../store/boards';
import { createDecisionRecord } from '../store/decisions';
import { findMandate } from '../store/mandates';
import { findDossier } from '../store/monitoring';
import type { Models } from '../store/models';
import { createNotifications } from '../store/notifications';
import { listRecusals, matterOf } from '../store/recusals';
import { saveVoteProjection } from '../store/votes';
import { startVoteWorkflow } from './vote-client';
import { boardVoteUpdate, mandateWorkflowId } from '../workflows/mandate/messages';

/** "25.11.2026, 14:30 Uhr" in Berlin time, for notifications. */
export function berlinDisplay(instant: string): string {
  const ms = Date.parse(instant);
  const local = new Date(ms + berlinOffsetMinutes(ms) * 60_000);
  const [year, month, day] = berlinDate(ms).split('-');
  const time = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
  return `${day}.${month}.${year}, ${time} Uhr`;
}

/** The decision record's fields from a closed vote; null for a vote that decided nothing. */
async function newRecord(models: Models, state: VoteState) {
  const outcome = state.outcome;
  if (state.status !== 'closed' || !outcome || outcome.result === 'no_quorum' || outcome.result === 'tie') return null;
  const board = await loadBoard(models, state.regionId);
  const seatName = new Map(state.seats.map((seat) => [seat.memberId, seat.name]));
  const option = state.ballot.options.find((o) => o.id === outcome.optionId) ?? null;
  const named = !state.secret && !state.showOfHands;
  // Dissent: a note given with a ballot that did not carry the day.
  const won = (b: VoteState['ballots'][number]) =>
    (outcome.result === 'approved' && b.choice === 'yes') ||
    (outcome.result === 'option' && b.choice === 'option' && b.optionId === outcome.optionId) ||
    ((outcome.result === 'revise' || outcome.result === 'reject') && b.choice === outcome.result);
  let dossier: { hash: string; content: unknown } | null = null;
  if (state.subject.kind === 'mandate-decision' && state.subject.mandateId) {
    const mandate = await findMandate(models, state.subject.mandateId);
    const hash = mandate?.dossier?.hash;
    const stored = hash ? await findDossier(models, hash) : null;
    if (hash) dossier = { hash, content: stored ?? null };
  }
  return {
    regionId: state.regionId,
    boardCode: board.code,
    voteId: state.id,
    subject: state.subject,
    text: state.subject.motion,
    result: outcome.result,
    optionId: outcome.optionId,
    optionTitle: option?.title ?? null,
    tally: outcome.tally,
    quorum: outcome.quorum,
    castingVote: outcome.castingVote,
    mode: state.mode,
    secret: state.secret,
    votes: named
      ? state.ballots.map((b) => ({
          memberId: b.seatId,
          name: seatName.get(b.seatId) ?? b.castBy.name,
          castBy: b.castBy,
          choice: b.choice,
          optionId: b.optionId,
        }))
      : null,
    participants: state.ballots.map((b) => ({ id: b.seatId, name: seatName.get(b.seatId) ?? b.castBy.name })),
    recusals: state.recusals,
    rationale: state.subject.rationale ?? null,
    dissent: named
      ? state.ballots
          .filter((b) => b.note && !won(b))
          .map((b) => ({ memberId: b.seatId, name: seatName.get(b.seatId) ?? b.castBy.name, text: b.note as string }))
      : [],
    dossier,
    decidedAt: state.closedAt ?? state.updatedAt,
    recordedAt: new Date().toISOString(),
    recordedBy: state.closedBy,
    corrects: null,
    correctionReason: null,
  };
}

export interface NotifyVotersInput {
  state: VoteState;
  kind: Extract<NotificationKind, 'vote-opened' | 'vote-reminder' | 'vote-closed'>;
  userIds: string[];
  /** Makes the notification ids unique per event: `opened`, `closed`, `reminder:<day>:<deadline>`. */
  key: string;
}

/** Side effects of the vote workflow; the only code of it that touches MongoDB or other workflows. */
export function createVoteActivities(models: Models, client: Client) {
  return {
    /** The board as a vote opening now sees it: seats in term, chair, rules, and the matter's recusals. */
    async loadVoteBoard({ regionId, mandateId, at }: { regionId: string; mandateId: string; at: string }): Promise<VoteBoard> {
      const [board, recusals] = await Promise.all([loadBoard(models, regionId), listRecusals(models, matterOf({ mandateId }))]);
      const day = berlinDate(at);
      return {
        seats: seatsAt(board, day),
        chairId: chairAt(board, day),
        quorum: board.quorum,
        tie: board.tie,
        secretByDefault: board.secretByDefault,
        reminderDays: board.reminderDays,
        recusals,
      };
    },

    /** Starts the board vote (idempotent by its id) and returns once its read model is written. */
    async openBoardVote(definition: VoteDefinition): Promise<void> {
      await startVoteWorkflow(client, Context.current().info.taskQueue, definition);
    },

    /** Writes the read model (a secret vote without choices); idempotent. */
    async saveVote(state: VoteState): Promise<void> {
      await saveVoteProjection(models, state);
    },

    /** Makes the decision record of a closed vote (once per vote) and returns its number; null when the vote decided nothing. */
    async recordDecision(state: VoteState): Promise<string | null> {
      const input = await newRecord(models, state);
      if (!input) return null;
      return (await createDecisionRecord(models, input)).number;
    },

    /** Tells the mandate how its vote stands (closed, unresolved, reopened, cancelled); a closed mandate no longer listens. */
    async reportToMandate(state: VoteState): Promise<void> {
      if (!state.subject.mandateId) return;
      const handle = client.workflow.getHandle(mandateWorkflowId(state.subject.mandateId));
      try {
        await handle.executeUpdate(boardVoteUpdate, {
          args: [
            {
              voteId: state.id,
              status: state.status,
              deadline: state.deadline,
              // A secret vote's counts go into the mandate's history only once it is over (unresolved, it may reopen).
              outcome: state.outcome
                ? {
                    result: state.outcome.result,
                    optionId: state.outcome.optionId,
                    tally: state.secret && state.status !== 'closed' ? [] : state.outcome.tally,
                  }
                : null,
              decisionNumber: state.decisionNumber,
              extendedBy: state.extended?.by ?? null,
            },
          ],
          updateId: `vote:${state.id}:${state.version}`,
        });
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return;
        // A mandate that has finished (withdrawn meanwhile) takes no more updates, and needs none.
        const running = await handle
          .describe()
          .then((d) => d.status.name === 'RUNNING')
          .catch(() => false);
        if (!running) return;
        throw error;
      }
    },

    /** In-app notices (and e-mail per preference) to the given members; each at most once per event. */
    async notifyVoters({ state, kind, userIds, key }: NotifyVotersInput): Promise<void> {
      await createNotifications(
        models,
        userIds.map((userId) => ({
          id: `${kind}:${state.id}:${key}:${userId}`,
          userId,
          regionId: state.regionId,
          kind,
          params: {
            voteId: state.id,
            voteTitle: state.subject.title,
            deadline: state.deadline ? berlinDisplay(state.deadline) : null,
            decisionNumber: state.decisionNumber,
          },
          mandateId: state.subject.mandateId,
        })),
      );
    },
  };
}

export type VoteActivities = ReturnType<typeof createVoteActivities>;
