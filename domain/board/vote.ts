import { ConflictError, ForbiddenError, ValidationError, type FieldError } from '../errors';
import { effectiveRoles, type PersonRef, type Role } from '../roles';
import type { CastBallot, Choice, CloseReason, QuorumInfo, QuorumRule, Seat, ShowOfHands, TallyEntry, VoteDefinition, VoteOutcome, VoteState } from './types';

/**
 * The rules of one board vote, as the vote workflow applies them: pure and
 * deterministic (every instant is passed in), so the workflow can replay them.
 *
 * Secret votes: until the vote closes the workflow holds every choice (a member
 * may still change theirs, and the chair's seat may cast a tie). When a secret
 * vote closes (or is cancelled) `forgetSecretChoices` keeps each ballot only as
 * the fact that its seat took part: `choice` becomes the placeholder `abstain`,
 * `optionId` and `note` null. From then on `tallyOf`, `quorumOf` and `resolve`
 * read the outcome recorded at close, never the placeholders, and `presentVote`
 * hides secret ballots altogether (only `participants` and, once closed, the tally).
 */

const DAY_MS = 24 * 60 * 60 * 1000;

type Contender = { choice: Choice; optionId: string | null };

const key = (c: { choice: Choice; optionId?: string | null }) => (c.choice === 'option' ? `option:${c.optionId ?? ''}` : c.choice);
const ref = (seat: Seat): PersonRef => ({ id: seat.memberId, name: seat.name });

/** Starts a vote from its definition: open, no ballots yet. */
export function openVote(def: VoteDefinition): VoteState {
  const errors: FieldError[] = [];
  if (def.mode === 'written' && !def.deadline) errors.push({ field: 'deadline', code: 'required', message: 'is required for a written vote' });
  if (def.deadline && Date.parse(def.deadline) <= Date.parse(def.openedAt)) {
    errors.push({ field: 'deadline', code: 'not_in_future', message: 'must be after the opening' });
  }
  if (def.ballot.kind === 'options' && def.ballot.options.length === 0) {
    errors.push({ field: 'ballot.options', code: 'too_small', message: 'must hold at least one option', params: { minimum: 1, origin: 'array' } });
  }
  if (new Set(def.ballot.options.map((o) => o.id)).size !== def.ballot.options.length) {
    errors.push({ field: 'ballot.options', code: 'duplicate', message: 'must have distinct ids' });
  }
  if (new Set(def.seats.map((s) => s.memberId)).size !== def.seats.length)
    errors.push({ field: 'seats', code: 'duplicate', message: 'must be distinct members' });
  if (errors.length > 0) throw new ValidationError(errors);
  return {
    ...def,
    status: 'open',
    ballots: [],
    showOfHands: null,
    outcome: null,
    closedAt: null,
    closedBy: null,
    closeReason: null,
    remindersSent: [],
    decisionNumber: null,
    version: 1,
    updatedAt: def.openedAt,
  };
}

const isRecused = (state: Pick<VoteState, 'recusals'>, memberId: string) => state.recusals.some((r) => r.memberId === memberId);

/** Seats that count: every seat whose member is not recused. */
export function eligibleSeats(state: VoteState): Seat[] {
  return state.seats.filter((seat) => !isRecused(state, seat.memberId));
}

const ballotOf = (state: VoteState, seatId: string) => state.ballots.find((b) => b.seatId === seatId) ?? null;

/** Eligible seats without a ballot (none once a show of hands replaced the ballots). */
export function outstandingSeats(state: VoteState): Seat[] {
  if (state.showOfHands) return [];
  return eligibleSeats(state).filter((seat) => !ballotOf(state, seat.memberId));
}

/** The choices this ballot allows, in the tally's order. */
export function contendersOf(state: Pick<VoteState, 'ballot'>): Contender[] {
  if (state.ballot.kind === 'yes_no') return (['yes', 'no', 'abstain'] as const).map((choice) => ({ choice, optionId: null }));
  return [
    ...state.ballot.options.map((o) => ({ choice: 'option' as const, optionId: o.id })),
    ...(state.ballot.allowRevise ? [{ choice: 'revise' as const, optionId: null }] : []),
    ...(state.ballot.allowReject ? [{ choice: 'reject' as const, optionId: null }] : []),
    { choice: 'abstain' as const, optionId: null },
  ];
}

function isAllowed(state: Pick<VoteState, 'ballot'>, choice: { choice: Choice; optionId?: string | null }): boolean {
  return contendersOf(state).some((c) => key(c) === key(choice));
}

/** A ValidationError naming `choice` (not allowed) or `optionId` (missing, unknown or superfluous). */
function assertChoice(state: VoteState, choice: Choice, optionId: string | null | undefined, prefix = ''): void {
  const id = optionId ?? null;
  if (choice === 'option' && state.ballot.kind === 'options') {
    if (id === null) throw new ValidationError([{ field: `${prefix}optionId`, code: 'required', message: 'is required when choice is "option"' }]);
    if (!state.ballot.options.some((o) => o.id === id))
      throw new ValidationError([{ field: `${prefix}optionId`, code: 'unknown_option', message: 'is not an option of this vote' }]);
    return;
  }
  if (!isAllowed(state, { choice, optionId: null })) {
    const allowed = [...new Set(contendersOf(state).map((c) => c.choice))].join(', ');
    throw new ValidationError([{ field: `${prefix}choice`, code: 'invalid_value', message: `must be one of ${allowed}`, params: { allowed } }]);
  }
  if (id !== null) throw new ValidationError([{ field: `${prefix}optionId`, code: 'not_allowed', message: 'is only allowed when choice is "option"' }]);
}

function assertOpen(state: VoteState): void {
  if (state.status !== 'open') throw new ConflictError('vote_not_open', `The vote is ${state.status}.`, { status: state.status });
}

const bump = (state: VoteState, at: string, patch: Partial<VoteState>): VoteState => ({ ...state, ...patch, version: state.version + 1, updatedAt: at });

/** Quorum now: from the outcome once the vote is decided or unresolved, live before. */
export function quorumOf(state: VoteState): QuorumInfo {
  if (state.outcome) return state.outcome.quorum;
  const eligible = eligibleSeats(state);
  const seats = state.seats.length;
  const required = state.quorum.kind === 'majority' ? Math.floor(eligible.length / 2) + 1 : state.quorum.count;
  const participating = state.showOfHands
    ? state.showOfHands.tally.reduce((sum, t) => sum + t.count, 0)
    : eligible.filter((seat) => ballotOf(state, seat.memberId)).length;
  return { seats, recused: seats - eligible.length, eligible: eligible.length, required, participating, reached: participating >= required };
}

/** Counts per allowed choice: options in order, then revise, reject, abstain (yes/no: yes, no, abstain). */
export function tallyOf(state: VoteState): TallyEntry[] {
  if (state.outcome) return state.outcome.tally;
  const counted = state.showOfHands
    ? state.showOfHands.tally
    : eligibleSeats(state).flatMap((seat) => {
        const ballot = ballotOf(state, seat.memberId);
        return ballot ? [{ choice: ballot.choice, optionId: ballot.optionId ?? undefined, count: 1 }] : [];
      });
  return contendersOf(state).map((c) => ({
    choice: c.choice,
    ...(c.optionId !== null ? { optionId: c.optionId } : {}),
    count: counted.filter((t) => key(t) === key(c)).reduce((sum, t) => sum + t.count, 0),
  }));
}

/** What the chair's seat chose (or the show of hands' casting choice); null without one. */
function castingChoiceOf(state: VoteState): Contender | null {
  if (state.showOfHands) return state.showOfHands.castingChoice;
  if (state.chairId === null || isRecused(state, state.chairId)) return null;
  const ballot = state.seats.some((s) => s.memberId === state.chairId) ? ballotOf(state, state.chairId) : null;
  return ballot ? { choice: ballot.choice, optionId: ballot.optionId } : null;
}

/** The result under the board's rules (see the contract); for a closed or unresolved vote, the recorded outcome. */
export function resolve(state: VoteState): VoteOutcome {
  if (state.outcome) return state.outcome;
  const quorum = quorumOf(state);
  const tally = tallyOf(state);
  const outcome = (result: VoteOutcome['result'], optionId: string | null = null, castingVote = false): VoteOutcome => ({
    result,
    optionId,
    tally,
    quorum,
    castingVote,
  });
  if (!quorum.reached) return outcome('no_quorum');
  const casting = state.tie === 'chair_casting' ? castingChoiceOf(state) : null;
  const count = (choice: Choice) => tally.find((t) => t.choice === choice)?.count ?? 0;
  if (state.ballot.kind === 'yes_no') {
    const yes = count('yes');
    const no = count('no');
    if (yes !== no) return outcome(yes > no ? 'approved' : 'not_approved');
    const decides = yes > 0 && (casting?.choice === 'yes' || casting?.choice === 'no');
    return outcome(casting?.choice === 'yes' ? 'approved' : 'not_approved', null, decides);
  }
  const contenders = tally.filter((t) => t.choice !== 'abstain');
  const top = Math.max(0, ...contenders.map((t) => t.count));
  const leaders = contenders.filter((t) => t.count === top);
  const won = (winner: TallyEntry, castingVote: boolean) =>
    winner.choice === 'option'
      ? outcome('option', winner.optionId ?? null, castingVote)
      : outcome(winner.choice === 'revise' ? 'revise' : 'reject', null, castingVote);
  if (top > 0 && leaders.length === 1 && leaders[0]) return won(leaders[0], false);
  const chosen = top > 0 && casting ? leaders.find((l) => key(l) === key(casting)) : undefined;
  return chosen ? won(chosen, true) : outcome('tie');
}

/**
 * Casts (or replaces) the ballot of a seat: the member's own, or a deputy's
 * while the member has not voted. A member's cast replaces their deputy's.
 */
export function castBallot(
  state: VoteState,
  by: PersonRef,
  input: { choice: Choice; optionId?: string | null; forMemberId?: string | null; note?: string | null },
  at: string,
): VoteState {
  assertOpen(state);
  const seatId = input.forMemberId ?? by.id;
  const seat = state.seats.find((s) => s.memberId === seatId);
  const asMember = seat?.memberId === by.id;
  if (!seat || (!asMember && !seat.deputies.some((d) => d.id === by.id))) {
    throw new ForbiddenError(seatId === by.id ? 'You hold no seat in this vote.' : `You are no deputy of '${seatId}' in this vote.`);
  }
  if (isRecused(state, seat.memberId) || isRecused(state, by.id)) {
    throw new ConflictError('recused', 'A recused member’s seat does not vote on this matter.', {
      memberId: isRecused(state, seat.memberId) ? seat.memberId : by.id,
    });
  }
  assertChoice(state, input.choice, input.optionId);
  const previous = ballotOf(state, seat.memberId);
  if (previous && !asMember && previous.castBy.id === seat.memberId) {
    throw new ConflictError('member_voted_already', 'The member has voted; their deputy cannot vote for them.', { memberId: seat.memberId });
  }
  const ballot: CastBallot = {
    seatId: seat.memberId,
    castBy: asMember ? ref(seat) : { id: by.id, name: by.name },
    choice: input.choice,
    optionId: input.choice === 'option' ? (input.optionId ?? null) : null,
    castAt: at,
    note: input.note?.trim() ? input.note.trim() : null,
  };
  return bump(state, at, { ballots: [...state.ballots.filter((b) => b.seatId !== seat.memberId), ballot] });
}

/**
 * Records that a member is recused (befangen) for the matter: their seat drops
 * out and its ballot with it. Idempotent; a member without a seat is recorded
 * without effect on the count.
 */
export function recuse(state: VoteState, member: PersonRef, reason: string | null, by: PersonRef, at: string): VoteState {
  if (isRecused(state, member.id)) return state;
  if (state.status !== 'open' && state.status !== 'unresolved') assertOpen(state);
  return bump(state, at, {
    recusals: [...state.recusals, { memberId: member.id, name: member.name, reason: reason?.trim() ? reason.trim() : null, declaredAt: at, recordedBy: by }],
    ballots: state.ballots.filter((b) => b.seatId !== member.id),
  });
}

/** The chair records a show of hands in a meeting: it replaces live ballots and closes the vote. */
export function recordShowOfHands(
  state: VoteState,
  input: { tally: TallyEntry[]; castingChoice: { choice: Choice; optionId?: string | null } | null },
  by: PersonRef,
  at: string,
): VoteState {
  assertOpen(state);
  if (state.mode !== 'meeting') throw new ConflictError('not_meeting_vote', 'Only a vote in a meeting can be decided by a show of hands.');
  const seen = new Set<string>();
  input.tally.forEach((entry, i) => {
    assertChoice(state, entry.choice, entry.optionId, `tally.${i}.`);
    if (!Number.isInteger(entry.count) || entry.count < 0) {
      throw new ValidationError([{ field: `tally.${i}.count`, code: 'invalid_count', message: 'must be a whole number, 0 or more' }]);
    }
    if (seen.has(key(entry))) throw new ValidationError([{ field: `tally.${i}`, code: 'duplicate', message: 'names a choice twice' }]);
    seen.add(key(entry));
  });
  const eligible = eligibleSeats(state).length;
  const total = input.tally.reduce((sum, t) => sum + t.count, 0);
  if (total > eligible) {
    throw new ValidationError([
      { field: 'tally', code: 'too_many', message: `counts more hands (${total}) than eligible seats (${eligible})`, params: { maximum: eligible } },
    ]);
  }
  if (input.castingChoice) assertChoice(state, input.castingChoice.choice, input.castingChoice.optionId, 'castingChoice.');
  const showOfHands: ShowOfHands = {
    tally: input.tally
      .filter((t) => t.count > 0)
      .map((t) => ({ choice: t.choice, ...(t.choice === 'option' ? { optionId: t.optionId } : {}), count: t.count })),
    castingChoice: input.castingChoice
      ? { choice: input.castingChoice.choice, optionId: input.castingChoice.choice === 'option' ? (input.castingChoice.optionId ?? null) : null }
      : null,
    recordedBy: by,
    recordedAt: at,
  };
  // The hands counted are the result; ballots cast live before are superseded.
  return closeVote({ ...state, showOfHands, ballots: [] }, 'show_of_hands', by, at);
}

/** Closes an open vote: `closed` with its outcome, or `unresolved` without quorum or with a tie. */
export function closeVote(state: VoteState, reason: CloseReason, by: PersonRef | null, at: string): VoteState {
  assertOpen(state);
  if (reason === 'cancelled') return cancelVote(state, by, at);
  const outcome = resolve(state);
  const unresolved = outcome.result === 'no_quorum' || outcome.result === 'tie';
  const closed = bump(state, at, { status: unresolved ? 'unresolved' : 'closed', outcome, closedAt: at, closedBy: by, closeReason: reason });
  return unresolved ? closed : forgetSecretChoices(closed);
}

/** Cancels an open or unresolved vote; nothing is decided. */
export function cancelVote(state: VoteState, by: PersonRef | null, at: string): VoteState {
  if (state.status !== 'open' && state.status !== 'unresolved') assertOpen(state);
  return forgetSecretChoices(bump(state, at, { status: 'cancelled', outcome: null, closedAt: at, closedBy: by, closeReason: 'cancelled' }));
}

/**
 * The chair gives an open or unresolved vote a new deadline (meeting votes:
 * may be null); an unresolved vote reopens with the ballots it had, a recorded
 * show of hands is discarded, reminders start again.
 */
export function extendVote(state: VoteState, deadline: string | null, by: PersonRef, at: string): VoteState {
  if (state.status !== 'open' && state.status !== 'unresolved') assertOpen(state);
  if (state.mode === 'written' && !deadline) throw new ValidationError([{ field: 'deadline', code: 'required', message: 'is required for a written vote' }]);
  if (deadline && Date.parse(deadline) <= Date.parse(at))
    throw new ValidationError([{ field: 'deadline', code: 'not_in_future', message: 'must be in the future' }]);
  return bump(state, at, {
    status: 'open',
    deadline,
    remindersSent: [],
    outcome: null,
    showOfHands: null,
    closedAt: null,
    closedBy: null,
    closeReason: null,
    extended: { by, at },
  });
}

/**
 * Whether the open vote can close before its deadline: `all_voted` when every
 * eligible seat has a ballot, `decided` when quorum is reached and no ballots
 * of the outstanding seats could change the result (exact, see `isDecided`).
 */
export function closeReasonNow(state: VoteState): CloseReason | null {
  if (state.status !== 'open' || state.showOfHands) return null;
  const eligible = eligibleSeats(state);
  const outstanding = outstandingSeats(state);
  if (eligible.length > 0 && outstanding.length === 0) return 'all_voted';
  return quorumOf(state).reached && isDecided(state, outstanding) ? 'decided' : null;
}

/**
 * Once quorum is reached more ballots cannot lose it, and abstaining equals not
 * voting; so the result can only change if the outstanding seats together make
 * a rival catch up with the leader. The chair's seat matters under
 * `chair_casting`: a fixed chair's ballot for the leader holds an exact tie, an
 * outstanding chair may vote for the rival and cast the tie its way.
 */
function isDecided(state: VoteState, outstanding: Seat[]): boolean {
  const k = outstanding.length;
  const now = resolve(state);
  const tally = tallyOf(state);
  const casting = state.tie === 'chair_casting';
  const chairOutstanding = casting && outstanding.some((s) => s.memberId === state.chairId);
  const chairFixed = casting && !chairOutstanding ? castingChoiceOf(state) : null;
  const count = (c: Contender) => tally.find((t) => key(t) === key(c))?.count ?? 0;
  const holds = (leader: Contender, lead: number) => lead > k || (lead === k && !chairOutstanding && chairFixed !== null && key(chairFixed) === key(leader));
  if (state.ballot.kind === 'yes_no') {
    const yes = { choice: 'yes' as const, optionId: null };
    const no = { choice: 'no' as const, optionId: null };
    if (now.result === 'approved') return holds(yes, count(yes) - count(no));
    // Not approved holds unless yes can reach no and, on an exact tie, the chair's seat may cast yes.
    const gap = count(no) - count(yes);
    return gap > k || (gap === k && !(chairOutstanding || (chairFixed !== null && chairFixed.choice === 'yes')));
  }
  if (now.result === 'tie') return k === 0;
  const winner: Contender =
    now.result === 'option' ? { choice: 'option', optionId: now.optionId } : { choice: now.result === 'revise' ? 'revise' : 'reject', optionId: null };
  return contendersOf(state)
    .filter((c) => c.choice !== 'abstain' && key(c) !== key(winner))
    .every((rival) => holds(winner, count(winner) - count(rival)));
}

/** Reminder days due now for a written vote: `deadline − d days ≤ at`, before the deadline, not yet sent. */
export function dueReminders(state: VoteState, at: string): number[] {
  if (state.status !== 'open' || state.mode !== 'written' || !state.deadline) return [];
  const deadline = Date.parse(state.deadline);
  const now = Date.parse(at);
  if (now >= deadline) return [];
  return [...new Set(state.reminderDays)].filter((d) => !state.remindersSent.includes(d) && deadline - d * DAY_MS <= now).sort((a, b) => b - a);
}

/**
 * A closed or cancelled secret vote keeps of each ballot only that its seat took
 * part (see the module comment); named votes and open ones are unchanged.
 */
export function forgetSecretChoices(state: VoteState): VoteState {
  if (!state.secret || (state.status !== 'closed' && state.status !== 'cancelled')) return state;
  return { ...state, ballots: state.ballots.map((b) => ({ ...b, choice: 'abstain' as const, optionId: null, note: null })) };
}

export type VoteAction = 'ballot' | 'recuse' | 'close' | 'extend' | 'show-of-hands';

/**
 * A vote as the API shows it: secret choices never leave the workflow. `quorum`
 * is the live QuorumInfo the contract asks for, so the rule it replaces is
 * shown as `quorumRule`.
 */
export type PresentedVote = Omit<VoteState, 'quorum'> & {
  quorum: QuorumInfo;
  quorumRule: QuorumRule;
  /** Live for named votes; for secret votes only once closed (an unresolved one may reopen). */
  tally: TallyEntry[] | null;
  /** Who cast a ballot (member or deputy), in seat order; empty after a show of hands. */
  participants: PersonRef[];
  /** Members of eligible seats without a ballot. */
  outstanding: PersonRef[];
  viewer: {
    /** Seats the viewer may cast for: their own and those they deputise for (not while the member's own ballot stands). */
    seats: string[];
    recused: boolean;
    /** Their own seat's ballot; null for secret votes. */
    ballot: { choice: Choice; optionId: string | null } | null;
    /** Their own seat has a ballot (theirs or a deputy's); without a seat: they cast one as a deputy. */
    hasVoted: boolean;
    allowed: VoteAction[];
  };
};

/** Seats the person may cast a ballot for right now (ignoring whether the vote is open). */
export function castableSeats(state: VoteState, personId: string): string[] {
  if (isRecused(state, personId) || state.showOfHands) return [];
  return eligibleSeats(state)
    .filter((seat) => {
      if (seat.memberId === personId) return true;
      if (!seat.deputies.some((d) => d.id === personId)) return false;
      return ballotOf(state, seat.memberId)?.castBy.id !== seat.memberId;
    })
    .map((seat) => seat.memberId);
}

/** Who took part: whoever cast each eligible seat's ballot, in seat order. */
export function participantsOf(state: VoteState): PersonRef[] {
  return eligibleSeats(state).flatMap((seat) => {
    const ballot = ballotOf(state, seat.memberId);
    return ballot ? [ballot.castBy] : [];
  });
}

/** The vote for one viewer: secret ballots stripped, what they may do attached. */
export function presentVote(state: VoteState, viewer: { id: string; roles: readonly Role[] }): PresentedVote {
  const roles = effectiveRoles(viewer.roles);
  const runs = roles.has('board_chair') || roles.has('office_lead');
  const open = state.status === 'open';
  const seats = castableSeats(state, viewer.id);
  const ownSeat = state.seats.find((s) => s.memberId === viewer.id) ?? null;
  const recused = isRecused(state, viewer.id);
  const own = ownSeat && !recused ? ballotOf(state, ownSeat.memberId) : null;
  const allowed: VoteAction[] = [];
  if (open && seats.length > 0) allowed.push('ballot');
  if (open && ownSeat && !recused) allowed.push('recuse');
  if (open && runs) allowed.push('close');
  if (roles.has('board_chair') && ((open && state.deadline !== null) || state.status === 'unresolved')) allowed.push('extend');
  if (open && runs && state.mode === 'meeting') allowed.push('show-of-hands');
  // A secret vote's counts show only once it is over: an unresolved one may reopen, and its tally beside who took part could tell a choice.
  const hideCounts = state.secret && state.status !== 'closed';
  return {
    ...state,
    outcome: hideCounts && state.outcome ? { ...state.outcome, tally: [] } : state.outcome,
    ballots: state.secret ? [] : state.ballots,
    quorum: quorumOf(state),
    quorumRule: state.quorum,
    tally: state.secret ? (hideCounts ? null : (state.outcome?.tally ?? null)) : tallyOf(state),
    participants: participantsOf(state),
    outstanding: outstandingSeats(state).map(ref),
    viewer: {
      seats,
      recused,
      ballot: own && !state.secret ? { choice: own.choice, optionId: own.optionId } : null,
      hasVoted: ownSeat ? own !== null : state.ballots.some((b) => b.castBy.id === viewer.id),
      allowed,
    },
  };
}
