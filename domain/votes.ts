import type { PersonRef } from './roles';
import type { VoteChoice } from './fields';

export type VoteKind = 'approval' | 'decision';
export type UnresolvedReason = 'no_quorum' | 'tie';

export interface Ballot {
  voter: PersonRef;
  choice: VoteChoice;
  optionId: string | null;
  castAt: string;
}

export interface VoteState {
  id: string;
  kind: VoteKind;
  /** `unresolved`: closed without a result; only the chair's extension reopens it. */
  status: 'open' | 'unresolved';
  unresolvedReason: UnresolvedReason | null;
  openedAt: string;
  deadline: string;
  /** The electorate, fixed when the vote opens. */
  voters: PersonRef[];
  ballots: Ballot[];
  /**
   * The board vote (its own workflow, domain/board/vote.ts) that runs this
   * vote; absent in votes the mandate ran itself, before board votes existed.
   * Then ballots and the deadline live there, and the mandate hears the outcome.
   */
  boardVoteId?: string;
}

export interface TallyEntry {
  choice: VoteChoice;
  optionId?: string;
  count: number;
}

export interface Quorum {
  required: number;
  cast: number;
  reached: boolean;
}

export type VoteResult =
  | { result: 'approved' }
  | { result: 'not_approved' }
  | { result: 'option'; optionId: string }
  | { result: 'revise' }
  | { result: 'reject' }
  | { result: 'no_quorum' }
  | { result: 'tie' };

/** Quorum: more than half of the voting members cast a vote; abstentions count. */
export function quorumOf(vote: Pick<VoteState, 'voters' | 'ballots'>): Quorum {
  const required = Math.floor(vote.voters.length / 2) + 1;
  const cast = vote.ballots.length;
  return { required, cast, reached: cast >= required };
}

/** Counts per choice, in a stable order: the options in the order given, then the fixed choices. */
export function tallyVote(vote: Pick<VoteState, 'kind' | 'ballots'>, optionIds: readonly string[]): TallyEntry[] {
  const count = (choice: VoteChoice, optionId?: string) =>
    vote.ballots.filter((b) => b.choice === choice && (optionId === undefined || b.optionId === optionId)).length;
  if (vote.kind === 'approval') {
    return (['yes', 'no', 'abstain'] as const).map((choice) => ({ choice, count: count(choice) }));
  }
  return [
    ...optionIds.map((optionId) => ({ choice: 'option' as const, optionId, count: count('option', optionId) })),
    ...(['revise', 'reject', 'abstain'] as const).map((choice) => ({ choice, count: count(choice) })),
  ];
}

export function allVoted(vote: Pick<VoteState, 'voters' | 'ballots'>): boolean {
  return vote.voters.every((voter) => vote.ballots.some((b) => b.voter.id === voter.id));
}

/**
 * The outcome of a closed vote. Approval: yes > no approves, anything else
 * does not. Decision: one choice (an option, revise or reject) with more
 * votes than every other wins; otherwise a tie. No quorum beats both.
 */
export function resolveVote(vote: VoteState, optionIds: readonly string[]): VoteResult {
  if (!quorumOf(vote).reached) return { result: 'no_quorum' };
  const tally = tallyVote(vote, optionIds);
  const countOf = (choice: VoteChoice) => tally.find((t) => t.choice === choice)?.count ?? 0;
  if (vote.kind === 'approval') {
    return countOf('yes') > countOf('no') ? { result: 'approved' } : { result: 'not_approved' };
  }
  const contenders = tally.filter((t) => t.choice !== 'abstain');
  const top = Math.max(0, ...contenders.map((t) => t.count));
  const leaders = contenders.filter((t) => t.count === top);
  const winner = leaders[0];
  if (top === 0 || leaders.length !== 1 || !winner) return { result: 'tie' };
  if (winner.choice === 'option' && winner.optionId) return { result: 'option', optionId: winner.optionId };
  return winner.choice === 'revise' ? { result: 'revise' } : { result: 'reject' };
}
