import { applyAction, closeVote, createMandate, DEFAULT_VOTE_DAYS, type MandateState } from './mandate';
import type { ActionCommand } from './fields';
import type { Actor, Role } from './roles';
import { AppError } from './errors';

const T0 = '2026-03-02T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();
const person = (id: string, roles: Role[]): Actor => ({ id, name: id, roles });
const lead = person('lead', ['office_lead']);
const staff = person('staff', ['office_staff']);
const chair = person('chair', ['board_chair']);
const members = [chair, person('b1', ['board_member']), person('b2', ['board_member'])];
const electorate = members.map(({ id, name }) => ({ id, name }));

function draft(): MandateState {
  return createMandate(
    { title: 'Übergänge gestalten', actionField: 'Übergänge', question: 'Wie senken wir Abbrüche?', goals: ['weniger Abbrüche'], dueDate: '2027-06-30' },
    { id: 'm1', regionId: 'demo' },
    lead,
    T0,
  );
}

let clock = 0;
function act(state: MandateState, actor: Actor, command: ActionCommand): MandateState {
  clock += 1;
  return applyAction(state, command, { actor, at: at(clock), electorate });
}

function statusOf(fn: () => unknown): number {
  try {
    fn();
    return 200;
  } catch (error) {
    return (error as AppError).status;
  }
}

function approved(): MandateState {
  let s = act(draft(), lead, { action: 'submit', payload: {} });
  for (const m of members) s = act(s, m, { action: 'vote', payload: { choice: 'yes' } });
  return s;
}

function inDecision(): MandateState {
  let s = approved();
  s = act(s, staff, { action: 'add-option', payload: { title: 'Lotsen', description: 'Übergangslotsen an allen Schulen', cost: 120000 } });
  s = act(s, staff, { action: 'add-option', payload: { title: 'Portal', description: 'Ein Online-Portal' } });
  s = act(s, staff, { action: 'record-data', payload: { indicator: 'Abgänge ohne Abschluss', period: '2025', value: 6.1, unit: '%' } });
  return act(s, lead, { action: 'submit-dossier', payload: {} });
}

describe('createMandate', () => {
  it('starts in draft with version 1 and a create event', () => {
    const s = draft();
    expect(s).toMatchObject({ phase: 'draft', outcome: null, version: 1, revisionRound: 0 });
    expect(s.events).toEqual([expect.objectContaining({ seq: 1, action: 'create', phaseBefore: null, phaseAfter: 'draft' })]);
  });
});

describe('the cycle', () => {
  it('when submitted, then an approval vote opens with the electorate and a 14-day default deadline', () => {
    const s = act(draft(), lead, { action: 'submit', payload: {} });
    expect(s.phase).toBe('approval');
    expect(s.vote).toMatchObject({ kind: 'approval', status: 'open', voters: electorate });
    expect(Date.parse(s.vote!.deadline) - Date.parse(s.vote!.openedAt)).toBe(DEFAULT_VOTE_DAYS * 86_400_000);
  });

  it('when every member votes yes, then the vote closes itself and the mandate moves to preparation', () => {
    const s = approved();
    expect(s.phase).toBe('preparation');
    expect(s.vote).toBeNull();
    expect(s.events.at(-1)).toMatchObject({
      action: 'close-vote',
      actor: null,
      phaseBefore: 'approval',
      phaseAfter: 'preparation',
      details: { result: 'approved' },
    });
  });

  it('when a member changes their vote, then only the last ballot counts', () => {
    let s = act(draft(), lead, { action: 'submit', payload: {} });
    s = act(s, members[1]!, { action: 'vote', payload: { choice: 'no' } });
    s = act(s, members[1]!, { action: 'vote', payload: { choice: 'yes' } });
    expect(s.vote!.ballots).toEqual([expect.objectContaining({ voter: electorate[1], choice: 'yes' })]);
  });

  it('when the deadline passes without quorum, then the vote is unresolved until the chair extends it', () => {
    let s = act(draft(), lead, { action: 'submit', payload: {} });
    s = act(s, members[1]!, { action: 'vote', payload: { choice: 'yes' } });
    s = closeVote(s, s.vote!.deadline);
    expect(s).toMatchObject({ phase: 'approval', vote: { status: 'unresolved', unresolvedReason: 'no_quorum' } });
    expect(statusOf(() => act(s, members[2]!, { action: 'vote', payload: { choice: 'yes' } }))).toBe(409);
    s = act(s, chair, { action: 'extend-vote', payload: { deadline: at(100_000) } });
    expect(s.vote).toMatchObject({ status: 'open', unresolvedReason: null, deadline: at(100_000) });
    expect(s.vote!.ballots).toHaveLength(1);
  });

  it('when the approval is not won, then the mandate goes back to draft and can be submitted again', () => {
    let s = act(draft(), lead, { action: 'submit', payload: {} });
    for (const m of members) s = act(s, m, { action: 'vote', payload: { choice: 'no' } });
    expect(s.phase).toBe('draft');
    expect(act(s, lead, { action: 'submit', payload: {} }).vote!.id).toBe('v2');
  });

  it('when the board chooses an option, then implementation starts with that decision', () => {
    let s = inDecision();
    expect(s.vote).toMatchObject({ kind: 'decision', status: 'open' });
    s = act(s, members[0]!, { action: 'vote', payload: { choice: 'option', optionId: 'o1' } });
    s = act(s, members[1]!, { action: 'vote', payload: { choice: 'option', optionId: 'o1' } });
    s = act(s, members[2]!, { action: 'vote', payload: { choice: 'revise' } });
    expect(s.phase).toBe('implementation');
    expect(s.decision).toMatchObject({ optionId: 'o1', optionTitle: 'Lotsen' });
  });

  it('when revise wins, then the mandate returns to preparation with its options and a new revision round', () => {
    let s = inDecision();
    for (const m of members) s = act(s, m, { action: 'vote', payload: { choice: 'revise' } });
    expect(s).toMatchObject({ phase: 'preparation', revisionRound: 1 });
    expect(s.options).toHaveLength(2);
  });

  it('when reject wins, then the mandate is closed as rejected', () => {
    let s = inDecision();
    for (const m of members) s = act(s, m, { action: 'vote', payload: { choice: 'reject' } });
    expect(s).toMatchObject({ phase: 'closed', outcome: 'rejected' });
  });

  it('runs implementation and evaluation to completed, needing evaluation data to close', () => {
    let s = inDecision();
    for (const m of members) s = act(s, m, { action: 'vote', payload: { choice: 'option', optionId: 'o2' } });
    s = act(s, staff, { action: 'report-progress', payload: { text: 'Portal beauftragt', percent: 40 } });
    s = act(s, lead, { action: 'complete-implementation', payload: { summary: 'Portal online' } });
    expect(s.phase).toBe('evaluation');
    expect(statusOf(() => act(s, lead, { action: 'close', payload: { evaluation: 'gut' } }))).toBe(409);
    s = act(s, staff, { action: 'record-data', payload: { indicator: 'Abgänge ohne Abschluss', period: '2027', value: 5.2 } });
    s = act(s, lead, { action: 'close', payload: { evaluation: 'Quote gesunken' } });
    expect(s).toMatchObject({ phase: 'closed', outcome: 'completed', evaluationSummary: 'Quote gesunken' });
    expect(s.events.map((e) => e.seq)).toEqual(s.events.map((_, i) => i + 1));
    expect(s.version).toBe(s.events.length);
  });

  it('when the chair withdraws, then the mandate is closed as withdrawn from any open phase', () => {
    const s = act(inDecision(), chair, { action: 'withdraw', payload: { reason: 'Landesprogramm übernimmt' } });
    expect(s).toMatchObject({ phase: 'closed', outcome: 'withdrawn', vote: null, withdrawalReason: 'Landesprogramm übernimmt' });
  });
});

describe('rejected commands change nothing', () => {
  it('submit-dossier without data is a 409 naming what is missing', () => {
    const s = act(approved(), staff, { action: 'add-option', payload: { title: 'A', description: 'B' } });
    expect(() => act(s, lead, { action: 'submit-dossier', payload: {} })).toThrow(/data point/);
  });

  it('bad payloads are 422s naming the field', () => {
    const s = approved();
    const cases: ActionCommand[] = [
      { action: 'add-option', payload: { title: 'A', description: 'B', cost: -1 } },
      { action: 'record-data', payload: { indicator: 'x', period: '2025', value: Number.NaN } },
      { action: 'add-option', payload: { title: ' ', description: 'B' } },
    ];
    for (const command of cases) expect(statusOf(() => act(s, staff, command))).toBe(422);
  });

  it('a deadline in the past is a 422 on that field', () => {
    expect(() => act(draft(), lead, { action: 'submit', payload: { voteDeadline: '2020-01-01T00:00:00.000Z' } })).toThrow(
      expect.objectContaining({ errors: [{ field: 'voteDeadline', code: 'not_in_future', message: 'must be in the future' }] }),
    );
  });

  it('a ballot for an unknown option or a decision choice in an approval vote is a 422', () => {
    const s = inDecision();
    expect(statusOf(() => act(s, chair, { action: 'vote', payload: { choice: 'option', optionId: 'o9' } }))).toBe(422);
    const a = act(draft(), lead, { action: 'submit', payload: {} });
    expect(statusOf(() => act(a, chair, { action: 'vote', payload: { choice: 'revise' } }))).toBe(422);
  });

  it('a vote cannot open without voting members', () => {
    expect(statusOf(() => applyAction(draft(), { action: 'submit', payload: {} }, { actor: lead, at: at(1), electorate: [] }))).toBe(409);
  });
});

describe('field errors carry stable codes for translation', () => {
  function errorsOf(fn: () => unknown) {
    try {
      fn();
    } catch (error) {
      return (error as { errors: unknown[] }).errors;
    }
    throw new Error('expected a validation error');
  }

  it('names required, empty, too small, wrong format, unknown fields and custom rules', () => {
    const s = approved();
    expect(errorsOf(() => act(s, staff, { action: 'add-option', payload: { title: '', cost: -1, colour: 'red' } as never }))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'title', code: 'empty' }),
        expect.objectContaining({ field: 'description', code: 'required' }),
        expect.objectContaining({ field: 'cost', code: 'too_small', params: { minimum: 0, origin: 'number' } }),
        expect.objectContaining({ field: 'colour', code: 'unknown_field' }),
      ]),
    );
    expect(errorsOf(() => act(draft(), lead, { action: 'submit', payload: { voteDeadline: 'tomorrow' } }))).toEqual([
      expect.objectContaining({ field: 'voteDeadline', code: 'invalid_format', params: { format: 'datetime' } }),
    ]);
    const d = act(draft(), lead, { action: 'submit', payload: {} });
    expect(errorsOf(() => act(d, chair, { action: 'vote', payload: { choice: 'option' } }))).toEqual([
      expect.objectContaining({ field: 'optionId', code: 'required' }),
    ]);
  });
});
