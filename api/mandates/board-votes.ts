import { presentVote, type PresentedVote } from '../../domain/board/vote';
import { parseActionCommand, type ActionCommand } from '../../domain/fields';
import type { MandateSnapshot } from '../../domain/mandate';
import type { Actor } from '../../domain/roles';
import type { Models } from '../../store/models';
import { findVote } from '../../store/votes';
import { presentMandate } from '../presenters/mandate';
import type { VoteWorkflows } from '../board/votes-router';

/**
 * A mandate's `vote` and `extend-vote` actions, when its vote runs as a board
 * vote: the ballot or the new deadline goes to the vote's workflow, which
 * tells the mandate its outcome before answering.
 */
export async function forwardToBoardVote(votes: VoteWorkflows, voteId: string, actor: Actor, raw: ActionCommand, updateId: string | undefined): Promise<void> {
  const command = parseActionCommand(raw.action, raw.payload);
  if (command.action === 'vote') {
    const { choice, optionId } = command.payload;
    await votes.cast(voteId, { actor, choice, optionId: optionId ?? null, forMemberId: null, note: null }, updateId);
  } else if (command.action === 'extend-vote') {
    await votes.extend(voteId, actor, command.payload.deadline, updateId);
  }
}

/** The mandate's vote as the mandate page has always shown it, from the board vote's read model. */
function legacyVote(vote: PresentedVote, mandateVote: { id: string; kind: 'approval' | 'decision' }) {
  const seatName = new Map(vote.seats.map((seat) => [seat.memberId, seat.name]));
  return {
    id: mandateVote.id,
    boardVoteId: vote.id,
    kind: mandateVote.kind,
    mode: vote.mode,
    secret: vote.secret,
    // `closed` only for the moment between the vote's close and its report reaching the mandate (which then drops its vote).
    status: vote.status,
    unresolvedReason: vote.status === 'unresolved' ? (vote.outcome?.result === 'tie' ? 'tie' : 'no_quorum') : null,
    openedAt: vote.openedAt,
    deadline: vote.deadline,
    voters: vote.seats.map((seat) => ({ id: seat.memberId, name: seat.name })),
    ballots: vote.ballots.map((b) => ({
      voter: { id: b.seatId, name: seatName.get(b.seatId) ?? b.castBy.name },
      castBy: b.castBy,
      choice: b.choice,
      optionId: b.optionId,
      castAt: b.castAt,
    })),
    participants: vote.participants,
    tally: vote.tally ?? [],
    quorum: {
      required: vote.quorum.required,
      cast: vote.quorum.participating,
      reached: vote.quorum.reached,
      eligible: vote.quorum.eligible,
      recused: vote.quorum.recused,
    },
    recusals: vote.recusals.map(({ memberId, name, reason }) => ({ memberId, name, reason })),
  };
}

/** presentMandate, with a board vote read from its own read model (one read by _id). */
export async function presentMandateWithVote(models: Models, mandate: MandateSnapshot, actor: Actor) {
  const presented = presentMandate(mandate, actor);
  const voteId = mandate.vote?.boardVoteId;
  if (!voteId || !mandate.vote) return presented;
  const vote = await findVote(models, voteId);
  if (!vote) return presented;
  return { ...presented, vote: legacyVote(presentVote(vote, actor), mandate.vote) };
}
