import fc from 'fast-check';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import type { PersonRef, Role } from '../roles';
import type { Choice, QuorumRule, TieRule, VoteDefinition, VoteOutcome, VoteState } from './types';
import {
  castBallot,
  cancelVote,
  closeReasonNow,
  closeVote,
  contendersOf,
  dueReminders,
  extendVote,
  openVote,
  outstandingSeats,
  presentVote,
  quorumOf,
  recordShowOfHands,
  recuse,
  resolve,
  tallyOf,
} from './vote';

const T0 = '2026-03-02T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60000).toISOString();
const member = (i: number): PersonRef => ({ id: `m${i}`, name: `Mitglied ${i}` });
const deputy = (i: number): PersonRef => ({ id: `d${i}`, name: `Vertretung ${i}` });
const chairPerson = member(0);
const office: PersonRef = { id: 'office', name: 'Geschäftsstelle' };

function definition(n: number, overrides: Partial<VoteDefinition> = {}): VoteDefinition {
  return {
    id: 'v1',
    regionId: 'r1',
    subject: { kind: 'item', mandateId: null, meetingId: null, itemId: null, title: 'Antrag', motion: 'Der Beirat beschließt …' },
    ballot: { kind: 'yes_no', options: [], allowRevise: false, allowReject: false },
    mode: 'written',
    secret: false,
    seats: Array.from({ length: n }, (_, i) => ({ memberId: member(i).id, name: member(i).name, deputies: [deputy(i)] })),
    chairId: n > 0 ? chairPerson.id : null,
    quorum: { kind: 'majority' },
    tie: 'fails',
    openedAt: T0,
    openedBy: office,
    deadline: '2026-03-16T22:59:59.000Z',
    reminderDays: [3, 1],
    recusals: [],
    ...overrides,
  };
}

const optionsBallot = (count: number, allowRevise = true, allowReject = true) => ({
  kind: 'options' as const,
  options: Array.from({ length: count }, (_, i) => ({ id: `o${i}`, title: `Option ${i}` })),
  allowRevise,
  allowReject,
});

function cast(state: VoteState, by: PersonRef, choice: Choice, optionId: string | null = null, forMemberId: string | null = null, minute = 1): VoteState {
  return castBallot(state, by, { choice, optionId, forMemberId }, at(minute));
}

/** A random vote in progress on a small board: some seats voted (member or deputy), some recused afterwards. */
interface Plan {
  n: number;
  kind: 'yes_no' | 'options';
  optionCount: number;
  allowRevise: boolean;
  allowReject: boolean;
  fixed: number | null;
  tie: TieRule;
  chair: number | null;
  secret: boolean;
  recused: boolean[];
  ballots: ({ pick: number; byDeputy: boolean } | null)[];
}

const planArb = (maxSeats: number, maxOptions: number) =>
  fc.integer({ min: 1, max: maxSeats }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      kind: fc.constantFrom<'yes_no' | 'options'>('yes_no', 'options'),
      optionCount: fc.integer({ min: 1, max: maxOptions }),
      allowRevise: fc.boolean(),
      allowReject: fc.boolean(),
      fixed: fc.option(fc.integer({ min: 1, max: n }), { nil: null }),
      tie: fc.constantFrom<TieRule>('fails', 'chair_casting'),
      chair: fc.option(fc.integer({ min: 0, max: n - 1 }), { nil: null }),
      secret: fc.boolean(),
      recused: fc.array(fc.boolean(), { minLength: n, maxLength: n }).map((r) => r.map((x, i) => x && i % 2 === 0)),
      ballots: fc.array(fc.option(fc.record({ pick: fc.nat(), byDeputy: fc.boolean() }), { nil: null, freq: 3 }), { minLength: n, maxLength: n }),
    }),
  );

function build(plan: Plan): VoteState {
  const quorum: QuorumRule = plan.fixed === null ? { kind: 'majority' } : { kind: 'fixed', count: plan.fixed };
  let state = openVote(
    definition(plan.n, {
      ballot:
        plan.kind === 'yes_no'
          ? { kind: 'yes_no', options: [], allowRevise: false, allowReject: false }
          : optionsBallot(plan.optionCount, plan.allowRevise, plan.allowReject),
      quorum,
      tie: plan.tie,
      chairId: plan.chair === null ? null : member(plan.chair).id,
      secret: plan.secret,
    }),
  );
  const choices = contendersOf(state);
  plan.ballots.forEach((ballot, i) => {
    if (!ballot) return;
    const c = choices[ballot.pick % choices.length]!;
    state = cast(state, ballot.byDeputy ? deputy(i) : member(i), c.choice, c.optionId, member(i).id, i + 1);
  });
  plan.recused.forEach((r, i) => {
    if (r) state = recuse(state, member(i), 'befangen', office, at(30 + i));
  });
  return state;
}

/** The rules written out once more, over the ballots directly: the reference the module is checked against. */
function expectedResult(state: VoteState): Pick<VoteOutcome, 'result' | 'optionId' | 'castingVote'> {
  const recused = new Set(state.recusals.map((r) => r.memberId));
  const eligible = state.seats.filter((s) => !recused.has(s.memberId));
  const ballots = state.ballots.filter((b) => eligible.some((s) => s.memberId === b.seatId));
  const required = state.quorum.kind === 'majority' ? Math.floor(eligible.length / 2) + 1 : state.quorum.count;
  if (ballots.length < required) return { result: 'no_quorum', optionId: null, castingVote: false };
  const chairBallot = state.tie === 'chair_casting' && state.chairId !== null ? ballots.find((b) => b.seatId === state.chairId) : undefined;
  const n = (choice: Choice, optionId: string | null = null) => ballots.filter((b) => b.choice === choice && b.optionId === optionId).length;
  if (state.ballot.kind === 'yes_no') {
    if (n('yes') > n('no')) return { result: 'approved', optionId: null, castingVote: false };
    if (n('yes') < n('no')) return { result: 'not_approved', optionId: null, castingVote: false };
    const decided = n('yes') > 0 && (chairBallot?.choice === 'yes' || chairBallot?.choice === 'no');
    return { result: chairBallot?.choice === 'yes' ? 'approved' : 'not_approved', optionId: null, castingVote: decided };
  }
  const contenders = [
    ...state.ballot.options.map((o) => ({ result: 'option' as const, optionId: o.id as string | null, votes: n('option', o.id) })),
    { result: 'revise' as const, optionId: null, votes: n('revise') },
    { result: 'reject' as const, optionId: null, votes: n('reject') },
  ];
  const top = Math.max(...contenders.map((c) => c.votes));
  const leaders = contenders.filter((c) => c.votes === top);
  if (top > 0 && leaders.length === 1) return { result: leaders[0]!.result, optionId: leaders[0]!.optionId, castingVote: false };
  const chairPick =
    chairBallot && top > 0 ? leaders.find((l) => l.result === (chairBallot.choice as string) && l.optionId === chairBallot.optionId) : undefined;
  return chairPick ? { result: chairPick.result, optionId: chairPick.optionId, castingVote: true } : { result: 'tie', optionId: null, castingVote: false };
}

/** Every way the outstanding seats could still vote (or not), each seat by its member. */
function completions(state: VoteState): VoteState[] {
  const choices = contendersOf(state);
  let states = [state];
  for (const seat of outstandingSeats(state)) {
    const by = { id: seat.memberId, name: seat.name };
    states = states.flatMap((s) => [s, ...choices.map((c) => cast(s, by, c.choice, c.optionId, null, 50))]);
  }
  return states;
}

describe('quorum', () => {
  it('when seats are recused and deputies vote, then eligible = seats − recused, deputies count for their seat, required follows the rule', () => {
    fc.assert(
      fc.property(planArb(9, 3), (plan) => {
        const state = build(plan);
        const q = quorumOf(state);
        const recused = plan.recused.filter(Boolean).length;
        const eligible = plan.n - recused;
        const voted = plan.ballots.filter((b, i) => b !== null && !plan.recused[i]).length;
        expect(q).toEqual({
          seats: plan.n,
          recused,
          eligible,
          required: plan.fixed ?? Math.floor(eligible / 2) + 1,
          participating: voted,
          reached: voted >= (plan.fixed ?? Math.floor(eligible / 2) + 1),
        });
        // A recused seat's ballot is gone.
        expect(state.ballots.every((b) => !state.recusals.some((r) => r.memberId === b.seatId))).toBe(true);
      }),
    );
  });

  it('when the rule is a fixed number, then recusals do not lower it and exactly that many ballots reach it', () => {
    let state = openVote(definition(7, { quorum: { kind: 'fixed', count: 3 } }));
    state = recuse(state, member(6), null, member(6), at(1));
    state = recuse(state, member(5), null, member(5), at(1));
    expect(quorumOf(state)).toMatchObject({ eligible: 5, required: 3, participating: 0, reached: false });
    state = cast(cast(state, member(1), 'yes'), deputy(2), 'no', null, member(2).id);
    expect(quorumOf(state)).toMatchObject({ required: 3, participating: 2, reached: false });
    expect(resolve(state).result).toBe('no_quorum');
    state = cast(state, member(3), 'abstain');
    expect(quorumOf(state)).toMatchObject({ required: 3, participating: 3, reached: true });
    expect(resolve(state).result).toBe('not_approved');
  });

  it('when exactly half of an even board voted, then there is no quorum; one more (an abstention) reaches it', () => {
    let state = cast(cast(openVote(definition(4)), member(0), 'yes'), member(1), 'yes');
    expect(quorumOf(state).reached).toBe(false);
    state = cast(state, member(2), 'abstain');
    expect(quorumOf(state)).toMatchObject({ required: 3, participating: 3, reached: true });
    expect(resolve(state).result).toBe('approved');
  });

  it('when every seat is recused, then quorum can never be reached and the vote does not close early', () => {
    let state = openVote(definition(2));
    state = recuse(recuse(state, member(0), null, office, at(1)), member(1), null, office, at(1));
    expect(quorumOf(state)).toMatchObject({ eligible: 0, required: 1, reached: false });
    expect(closeReasonNow(state)).toBeNull();
  });
});

describe('tally', () => {
  it('when ballots are cast, then the counts sum to the ballots of eligible seats and each entry counts its choice, in a stable order', () => {
    fc.assert(
      fc.property(planArb(9, 4), (plan) => {
        const state = build(plan);
        const tally = tallyOf(state);
        expect(tally.reduce((s, t) => s + t.count, 0)).toBe(quorumOf(state).participating);
        for (const entry of tally) {
          expect(entry.count).toBe(state.ballots.filter((b) => b.choice === entry.choice && b.optionId === (entry.optionId ?? null)).length);
        }
        const order = tally.map((t) => t.optionId ?? t.choice);
        if (plan.kind === 'yes_no') expect(order).toEqual(['yes', 'no', 'abstain']);
        else
          expect(order).toEqual([
            ...Array.from({ length: plan.optionCount }, (_, i) => `o${i}`),
            ...(plan.allowRevise ? ['revise'] : []),
            ...(plan.allowReject ? ['reject'] : []),
            'abstain',
          ]);
      }),
    );
  });
});

describe('resolve', () => {
  it('when compared with the rules written out over the ballots, then result, option and casting vote agree (casting vote included)', () => {
    fc.assert(
      fc.property(planArb(9, 3), (plan) => {
        const state = build(plan);
        expect(resolve(state)).toMatchObject(expectedResult(state));
      }),
      { numRuns: 500 },
    );
  });

  it('when yes and no tie under chair_casting, then the chair’s seat decides, also when their deputy cast it', () => {
    const base = openVote(definition(4, { tie: 'chair_casting' }));
    const tie = (chairChoice: Choice, chairBy: PersonRef = chairPerson) =>
      resolve(
        cast(
          cast(cast(cast(base, chairBy, chairChoice, null, member(0).id), member(1), chairChoice === 'yes' ? 'no' : 'yes'), member(2), 'yes'),
          member(3),
          'no',
        ),
      );
    expect(tie('yes')).toMatchObject({ result: 'approved', castingVote: true });
    expect(tie('yes', deputy(0))).toMatchObject({ result: 'approved', castingVote: true });
    expect(tie('no')).toMatchObject({ result: 'not_approved', castingVote: true });
    const abstained = resolve(cast(cast(cast(base, chairPerson, 'abstain'), member(1), 'yes'), member(2), 'no'));
    expect(abstained).toMatchObject({ result: 'not_approved', castingVote: false });
    const fails = openVote(definition(4, { tie: 'fails' }));
    expect(resolve(cast(cast(cast(fails, chairPerson, 'yes'), member(1), 'no'), member(2), 'abstain')).result).toBe('not_approved');
  });

  it('when options tie under chair_casting, then the chair’s option wins with castingVote; a chair outside the tie leaves it a tie', () => {
    const base = openVote(definition(5, { tie: 'chair_casting', ballot: optionsBallot(3) }));
    const tied = cast(cast(cast(base, member(1), 'option', 'o1'), member(2), 'option', 'o2'), member(3), 'option', 'o1');
    expect(resolve(cast(cast(tied, member(4), 'option', 'o2'), chairPerson, 'option', 'o1'))).toMatchObject({
      result: 'option',
      optionId: 'o1',
      castingVote: false,
    });
    const even = cast(cast(tied, member(4), 'option', 'o2'), chairPerson, 'abstain');
    expect(resolve(even)).toMatchObject({ result: 'tie', castingVote: false });
    const chairInTie = cast(cast(cast(base, chairPerson, 'revise'), member(1), 'option', 'o0'), member(2), 'abstain');
    expect(resolve(chairInTie)).toMatchObject({ result: 'revise', castingVote: true });
    const chairOutside = cast(cast(cast(cast(base, chairPerson, 'reject'), member(1), 'option', 'o0'), member(2), 'option', 'o0'), member(3), 'revise');
    const chairOutsideTie = cast(chairOutside, member(4), 'revise');
    expect(resolve(chairOutsideTie)).toMatchObject({ result: 'tie', castingVote: false });
  });

  it('when everybody abstains, then yes/no is not approved and options are a tie', () => {
    const abstain = (s: VoteState) => cast(cast(s, member(0), 'abstain'), member(1), 'abstain');
    expect(resolve(abstain(openVote(definition(3)))).result).toBe('not_approved');
    expect(resolve(abstain(openVote(definition(3, { ballot: optionsBallot(2), tie: 'chair_casting' })))).result).toBe('tie');
  });
});

describe('early close', () => {
  it('when closeReasonNow says decided, then no completion of the outstanding seats changes the result — and when none can, it says so (brute force)', () => {
    fc.assert(
      fc.property(planArb(5, 2), (plan) => {
        const state = build(plan);
        const now = resolve(state);
        const eligible = quorumOf(state).eligible;
        const outstanding = outstandingSeats(state).length;
        const same = completions(state).every((s) => {
          const r = resolve(s);
          return r.result === now.result && r.optionId === now.optionId;
        });
        const expected = eligible > 0 && outstanding === 0 ? 'all_voted' : quorumOf(state).reached && same ? 'decided' : null;
        expect(closeReasonNow(state)).toBe(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('when the lead is larger than the outstanding seats, then it closes as decided with the leader', () => {
    let state = openVote(definition(7));
    for (const i of [0, 1, 2, 3]) state = cast(state, member(i), 'yes');
    expect(closeReasonNow(state)).toBe('decided');
    const closed = closeVote(state, 'decided', null, at(5));
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'decided', outcome: { result: 'approved' } });
  });

  it('when the chair has not voted under chair_casting and the lead equals the outstanding seats, then it stays open', () => {
    let state = openVote(definition(5, { tie: 'chair_casting' }));
    state = cast(cast(cast(state, member(1), 'yes'), member(2), 'yes'), member(3), 'abstain');
    // 2 : 0 with the chair and m4 outstanding: both voting no would tie, and the chair would cast it.
    expect(closeReasonNow(state)).toBeNull();
  });
});

describe('castBallot', () => {
  it('when a seat votes again, then the new ballot replaces the old one (one ballot per seat, tally follows the last)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<Choice>('yes', 'no', 'abstain'), { minLength: 1, maxLength: 6 }), (choices) => {
        let state = openVote(definition(3));
        choices.forEach((choice, i) => (state = cast(state, member(1), choice, null, null, i + 1)));
        expect(state.ballots).toHaveLength(1);
        expect(state.ballots[0]).toMatchObject({ seatId: 'm1', choice: choices.at(-1) });
        expect(tallyOf(state).find((t) => t.choice === choices.at(-1))!.count).toBe(1);
        expect(state.version).toBe(1 + choices.length);
      }),
    );
  });

  it('when member and deputy both vote, then the member’s ballot takes precedence in either order', () => {
    const base = openVote(definition(3));
    const deputyFirst = cast(cast(base, deputy(1), 'no', null, 'm1'), member(1), 'yes');
    expect(deputyFirst.ballots).toEqual([expect.objectContaining({ seatId: 'm1', choice: 'yes', castBy: member(1) })]);
    const deputyChanges = cast(cast(base, deputy(1), 'no', null, 'm1'), deputy(1), 'abstain', null, 'm1');
    expect(deputyChanges.ballots).toEqual([expect.objectContaining({ choice: 'abstain', castBy: deputy(1) })]);
    const memberFirst = cast(base, member(1), 'yes');
    expect(() => cast(memberFirst, deputy(1), 'no', null, 'm1')).toThrow(expect.objectContaining({ code: 'member_voted_already' }));
    expect(presentVote(memberFirst, { id: 'd1', roles: ['board_member'] }).viewer.seats).toEqual([]);
    expect(presentVote(base, { id: 'd1', roles: ['board_member'] }).viewer.seats).toEqual(['m1']);
  });

  it('when someone without a seat or deputyship casts, then 403; a recused seat or deputy, 409 recused; a closed vote, 409 vote_not_open', () => {
    const base = openVote(definition(3));
    expect(() => cast(base, { id: 'x', name: 'X' }, 'yes')).toThrow(ForbiddenError);
    expect(() => cast(base, deputy(2), 'yes', null, 'm1')).toThrow(ForbiddenError);
    expect(() => cast(base, deputy(1), 'yes')).toThrow(ForbiddenError);
    const recused = recuse(base, member(1), 'Arbeitgeberin des Trägers', member(1), at(1));
    expect(() => cast(recused, member(1), 'yes')).toThrow(expect.objectContaining({ code: 'recused' }));
    expect(() => cast(recused, deputy(1), 'yes', null, 'm1')).toThrow(expect.objectContaining({ code: 'recused' }));
    const closed = closeVote(base, 'chair', chairPerson, at(2));
    expect(() => cast(closed, member(1), 'yes')).toThrow(ConflictError);
    expect(() => cast(closed, member(1), 'yes')).toThrow(expect.objectContaining({ code: 'vote_not_open' }));
  });

  it('when the choice does not fit the ballot, then a ValidationError names choice or optionId', () => {
    const fieldOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).errors[0]!.field;
      }
      throw new Error('no error');
    };
    const yesNo = openVote(definition(3));
    const options = openVote(definition(3, { ballot: optionsBallot(2, false, true) }));
    expect(fieldOf(() => cast(yesNo, member(1), 'option', 'o1'))).toBe('choice');
    expect(fieldOf(() => cast(yesNo, member(1), 'yes', 'o1'))).toBe('optionId');
    expect(fieldOf(() => cast(options, member(1), 'yes'))).toBe('choice');
    expect(fieldOf(() => cast(options, member(1), 'revise'))).toBe('choice');
    expect(fieldOf(() => cast(options, member(1), 'option'))).toBe('optionId');
    expect(fieldOf(() => cast(options, member(1), 'option', 'o9'))).toBe('optionId');
    expect(cast(options, member(1), 'reject').ballots[0]).toMatchObject({ choice: 'reject', optionId: null });
  });
});

describe('recuse', () => {
  it('when a member recuses, then the seat leaves quorum and tally, their ballot is removed, and a second recusal changes nothing', () => {
    let state = cast(cast(openVote(definition(3)), member(1), 'yes'), member(2), 'no');
    state = recuse(state, member(1), 'befangen', member(1), at(3));
    expect(state.ballots.map((b) => b.seatId)).toEqual(['m2']);
    expect(quorumOf(state)).toMatchObject({ seats: 3, recused: 1, eligible: 2, required: 2, participating: 1 });
    expect(recuse(state, member(1), 'nochmal', office, at(4))).toBe(state);
    const outsider = recuse(state, { id: 'guest', name: 'Gast' }, null, office, at(5));
    expect(quorumOf(outsider)).toEqual(quorumOf(state));
    expect(outsider.recusals.map((r) => r.memberId)).toEqual(['m1', 'guest']);
  });
});

describe('show of hands', () => {
  const meeting = (overrides: Partial<VoteDefinition> = {}) => openVote(definition(5, { mode: 'meeting', deadline: null, ...overrides }));

  it('when the chair records counts, then the vote closes with them and the casting choice breaks a tie', () => {
    const closed = recordShowOfHands(
      meeting(),
      {
        tally: [
          { choice: 'yes', count: 3 },
          { choice: 'no', count: 1 },
        ],
        castingChoice: null,
      },
      chairPerson,
      at(5),
    );
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'show_of_hands', outcome: { result: 'approved', quorum: { participating: 4 } } });
    const tie = recordShowOfHands(
      meeting({ tie: 'chair_casting', ballot: optionsBallot(2) }),
      {
        tally: [
          { choice: 'option', optionId: 'o0', count: 2 },
          { choice: 'option', optionId: 'o1', count: 2 },
        ],
        castingChoice: { choice: 'option', optionId: 'o1' },
      },
      chairPerson,
      at(5),
    );
    expect(tie.outcome).toMatchObject({ result: 'option', optionId: 'o1', castingVote: true });
    const noQuorum = recordShowOfHands(meeting(), { tally: [{ choice: 'yes', count: 2 }], castingChoice: null }, chairPerson, at(5));
    expect(noQuorum).toMatchObject({ status: 'unresolved', outcome: { result: 'no_quorum' } });
  });

  it('when the counts are impossible, then a ValidationError names the field; a written vote refuses it', () => {
    const fieldOf = (tally: { choice: Choice; optionId?: string; count: number }[]) => {
      try {
        recordShowOfHands(meeting(), { tally, castingChoice: null }, chairPerson, at(5));
      } catch (error) {
        return (error as ValidationError).errors[0]!.field;
      }
      return null;
    };
    expect(fieldOf([{ choice: 'yes', count: -1 }])).toBe('tally.0.count');
    expect(fieldOf([{ choice: 'yes', count: 1.5 }])).toBe('tally.0.count');
    expect(
      fieldOf([
        { choice: 'yes', count: 1 },
        { choice: 'revise', count: 1 },
      ]),
    ).toBe('tally.1.choice');
    expect(
      fieldOf([
        { choice: 'yes', count: 4 },
        { choice: 'no', count: 2 },
      ]),
    ).toBe('tally');
    expect(
      fieldOf([
        { choice: 'yes', count: 1 },
        { choice: 'yes', count: 1 },
      ]),
    ).toBe('tally.1');
    expect(() => recordShowOfHands(openVote(definition(3)), { tally: [], castingChoice: null }, chairPerson, at(5))).toThrow(
      expect.objectContaining({ code: 'not_meeting_vote' }),
    );
  });
});

describe('close, cancel, extend', () => {
  it('when a tie or no quorum closes the vote, then it is unresolved and the chair’s extension reopens it with its ballots', () => {
    let state = cast(cast(openVote(definition(4)), member(0), 'yes'), member(1), 'no');
    state = closeVote(state, 'deadline', null, at(10));
    expect(state).toMatchObject({ status: 'unresolved', outcome: { result: 'no_quorum' }, closeReason: 'deadline' });
    state = { ...state, remindersSent: [3, 1] };
    const reopened = extendVote(state, '2026-03-30T21:59:59.000Z', chairPerson, at(11));
    expect(reopened).toMatchObject({
      status: 'open',
      outcome: null,
      closedAt: null,
      closeReason: null,
      remindersSent: [],
      deadline: '2026-03-30T21:59:59.000Z',
    });
    expect(reopened.ballots).toHaveLength(2);
    expect(closeVote(cast(reopened, member(2), 'yes'), 'deadline', null, at(12)).outcome?.result).toBe('approved');
    expect(() => extendVote(reopened, null, chairPerson, at(12))).toThrow(ValidationError);
    expect(() => extendVote(reopened, at(0), chairPerson, at(12))).toThrow(ValidationError);
  });

  it('when a vote is closed or cancelled, then it cannot close, be extended or be cancelled again', () => {
    const closed = closeVote(cast(cast(openVote(definition(3)), member(0), 'yes'), member(1), 'yes'), 'chair', chairPerson, at(3));
    expect(() => closeVote(closed, 'chair', chairPerson, at(4))).toThrow(expect.objectContaining({ code: 'vote_not_open' }));
    expect(() => extendVote(closed, '2026-04-01T00:00:00.000Z', chairPerson, at(4))).toThrow(expect.objectContaining({ code: 'vote_not_open' }));
    const cancelled = cancelVote(openVote(definition(3)), office, at(1));
    expect(cancelled).toMatchObject({ status: 'cancelled', closeReason: 'cancelled', outcome: null });
    expect(() => cancelVote(cancelled, office, at(2))).toThrow(ConflictError);
  });
});

describe('dueReminders', () => {
  it('when a reminder day has come and was not sent, then it is due (each once, none after the deadline)', () => {
    const state = openVote(definition(3, { deadline: '2026-03-16T22:59:59.000Z' }));
    expect(dueReminders(state, '2026-03-13T22:59:58.000Z')).toEqual([]);
    expect(dueReminders(state, '2026-03-13T22:59:59.000Z')).toEqual([3]);
    expect(dueReminders(state, '2026-03-16T00:00:00.000Z')).toEqual([3, 1]);
    expect(dueReminders({ ...state, remindersSent: [3] }, '2026-03-16T00:00:00.000Z')).toEqual([1]);
    expect(dueReminders(state, '2026-03-17T00:00:00.000Z')).toEqual([]);
    expect(dueReminders(openVote(definition(3, { mode: 'meeting', deadline: null })), '2026-03-16T00:00:00.000Z')).toEqual([]);
  });
});

describe('secret votes', () => {
  it('when a secret vote is presented or closed, then no choice leaves it: only tally (once closed) and participants', () => {
    fc.assert(
      fc.property(planArb(7, 3), fc.constantFrom<Role[]>(['board_member'], ['board_chair'], ['office_lead']), (plan, roles) => {
        const state = build({ ...plan, secret: true });
        const before = resolve(state);
        const viewerId = member(plan.n - 1).id;
        const open = presentVote(state, { id: viewerId, roles });
        expect(open.ballots).toEqual([]);
        expect(open.tally).toBeNull();
        expect(open.viewer.ballot).toBeNull();
        expect(open.participants).toHaveLength(quorumOf(state).participating);
        const closed = closeVote(state, 'chair', chairPerson, at(60));
        const shown = presentVote(closed, { id: viewerId, roles });
        expect(shown.ballots).toEqual([]);
        // The counts show once it is over; an unresolved secret vote may reopen, so they stay hidden.
        expect(shown.tally).toEqual(closed.status === 'closed' ? before.tally : null);
        expect(shown.quorum).toEqual(before.quorum);
        expect(shown.participants).toEqual(open.participants);
        expect(closed.outcome).toMatchObject({ result: before.result, optionId: before.optionId });
        if (closed.status === 'closed') {
          // The workflow's own state has forgotten the choices too.
          expect(closed.ballots.every((b) => b.choice === 'abstain' && b.optionId === null && b.note === null)).toBe(true);
          expect(resolve(closed)).toEqual(closed.outcome);
        }
      }),
    );
  });

  it('when a named vote is presented, then ballots, live tally and the viewer’s own ballot are shown', () => {
    const state = cast(cast(openVote(definition(3)), member(1), 'no'), deputy(2), 'yes', null, 'm2');
    const shown = presentVote(state, { id: 'm1', roles: ['board_member'] });
    expect(shown.ballots).toHaveLength(2);
    expect(shown.tally).toEqual([
      { choice: 'yes', count: 1 },
      { choice: 'no', count: 1 },
      { choice: 'abstain', count: 0 },
    ]);
    expect(shown.participants).toEqual([member(1), deputy(2)]);
    expect(shown.outstanding).toEqual([member(0)]);
    expect(shown.viewer).toEqual({ seats: ['m1'], recused: false, ballot: { choice: 'no', optionId: null }, hasVoted: true, allowed: ['ballot', 'recuse'] });
  });
});

describe('presentVote — allowed actions', () => {
  const allowed = (state: VoteState, id: string, roles: Role[]) => presentVote(state, { id, roles }).viewer.allowed;

  it('when the viewer runs the vote or sits on the board, then exactly their actions are offered', () => {
    const written = openVote(definition(3));
    const meeting = openVote(definition(3, { mode: 'meeting', deadline: null }));
    expect(allowed(written, 'm0', ['board_chair'])).toEqual(['ballot', 'recuse', 'close', 'extend']);
    expect(allowed(meeting, 'm0', ['board_chair'])).toEqual(['ballot', 'recuse', 'close', 'show-of-hands']);
    expect(allowed(meeting, 'lead', ['office_lead'])).toEqual(['close', 'show-of-hands']);
    expect(allowed(written, 'staff', ['office_staff', 'manager'])).toEqual([]);
    expect(allowed(written, 'd1', ['board_member'])).toEqual(['ballot']);
    const recused = recuse(written, member(1), null, member(1), at(1));
    expect(allowed(recused, 'm1', ['board_member'])).toEqual([]);
    expect(presentVote(recused, { id: 'm1', roles: ['board_member'] }).viewer.recused).toBe(true);
    const unresolved = closeVote(written, 'deadline', null, at(2));
    expect(allowed(unresolved, 'm0', ['board_chair'])).toEqual(['extend']);
    expect(allowed(unresolved, 'lead', ['office_lead'])).toEqual([]);
  });
});
