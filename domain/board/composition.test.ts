import fc from 'fast-check';
import { ValidationError } from '../errors';
import { parseOrThrow } from '../fields';
import type { Role } from '../roles';
import { boardInputSchema, buildBoard, chairAt, defaultBoard, isMemberAt, seatsAt } from './composition';
import type { Board } from './types';

const by = { id: 'lead', name: 'Lena Leitung' };
const users = ['chair', 'a', 'b', 'c', 'dep', 'adv'].map((id) => ({ id, name: `Name ${id}` }));

const input = (members: unknown[], extra: Record<string, unknown> = {}) => ({
  code: 'LK',
  name: 'Lenkungskreis',
  quorum: { kind: 'majority' },
  tie: 'chair_casting',
  members,
  ...extra,
});
const m = (userId: string, extra: Record<string, unknown> = {}) => ({ userId, voting: true, termFrom: '2026-01-01', ...extra });

function fieldsOf(body: unknown): string[] {
  try {
    parseOrThrow(boardInputSchema, body);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).errors.map((e) => `${e.field}:${e.code}`);
  }
  return [];
}

function board(members: unknown[], extra: Record<string, unknown> = {}): Board {
  return buildBoard('r1', parseOrThrow(boardInputSchema, input(members, extra)), users, by, '2026-03-01T10:00:00.000Z');
}

describe('boardInputSchema', () => {
  it('when the body is valid, then defaults are filled in and reminder days sorted without duplicates', () => {
    const parsed = parseOrThrow(
      boardInputSchema,
      input([m('chair', { chair: true }), m('dep', { voting: false, deputyOf: 'chair' })], { reminderDays: [1, 3, 1] }),
    );
    expect(parsed).toMatchObject({ secretByDefault: false, reminderDays: [3, 1], reportLeadDays: 7, yellowDays: 14 });
    expect(parsed.members[1]).toEqual({ userId: 'dep', voting: false, chair: false, deputyOf: 'chair', termFrom: '2026-01-01', termUntil: null });
  });

  it('when a rule of the composition is broken, then the error names the member’s field', () => {
    expect(fieldsOf(input([m('a', { chair: true }), m('b', { chair: true })]))).toEqual(['members.1.chair:second_chair']);
    expect(fieldsOf(input([m('a'), m('b', { chair: true, voting: false })]))).toEqual(['members.1.voting:chair_must_vote']);
    expect(fieldsOf(input([m('a'), m('b', { deputyOf: 'a' })]))).toEqual(['members.1.voting:deputy_cannot_vote']);
    expect(fieldsOf(input([m('a'), m('b'), m('c', { voting: false, deputyOf: 'x' })]))).toEqual(['members.2.deputyOf:not_a_voting_member']);
    expect(fieldsOf(input([m('a'), m('adv', { voting: false }), m('c', { voting: false, deputyOf: 'adv' })]))).toEqual([
      'members.2.deputyOf:not_a_voting_member',
    ]);
    expect(fieldsOf(input([m('a'), m('c', { voting: false, deputyOf: 'c' })]))).toEqual(['members.1.deputyOf:self']);
    expect(fieldsOf(input([m('a'), m('a', { voting: false })]))).toEqual(['members.1.userId:duplicate']);
    expect(fieldsOf(input([m('a', { termUntil: '2025-12-31' })]))).toEqual(['members.0.termUntil:before_term_from']);
    expect(fieldsOf(input([m('a'), m('b')], { quorum: { kind: 'fixed', count: 3 } }))).toEqual(['quorum.count:too_big']);
    expect(fieldsOf(input([m('a')], { quorum: { kind: 'fixed', count: 0 } }))).toEqual(['quorum.count:too_small']);
    expect(fieldsOf(input([m('adv', { voting: false })]))).toEqual(['members:no_voting_member']);
    expect(fieldsOf(input([m('a')], { code: 'bb1' }))).toEqual(['code:invalid_format']);
    expect(fieldsOf(input([m('a', { termFrom: '2026-02-30' })]))).toEqual(['members.0.termFrom:invalid_format']);
    expect(fieldsOf(input([m('a', { extra: 1 })]))).toEqual(['members.0.extra:unknown_field']);
  });
});

describe('buildBoard', () => {
  it('when a member is no user of the region, then 422 at members.N.userId; names come from the users', () => {
    expect(() => buildBoard('r1', parseOrThrow(boardInputSchema, input([m('a'), m('ghost')])), users, by, '2026-03-01T10:00:00.000Z')).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'members.1.userId', code: 'not_region_user' })] }),
    );
    expect(board([m('a')])).toMatchObject({ regionId: 'r1', code: 'LK', members: [{ userId: 'a', name: 'Name a' }], updatedBy: by });
  });
});

describe('defaultBoard', () => {
  it('when no composition is saved, then every board member and chair votes, one chair, BB, majority, tie fails', () => {
    const region: { id: string; name: string; roles: Role[] }[] = [
      { id: 'u1', name: 'Zora', roles: ['board_member'] },
      { id: 'u2', name: 'Anna', roles: ['board_chair'] },
      { id: 'u3', name: 'Berta', roles: ['office_lead'] },
      { id: 'u4', name: 'Carl', roles: ['board_chair', 'manager'] },
      { id: 'u5', name: 'Dora', roles: ['data_provider'] },
    ];
    const b = defaultBoard('r1', region);
    expect(b).toMatchObject({
      code: 'BB',
      quorum: { kind: 'majority' },
      tie: 'fails',
      secretByDefault: false,
      reminderDays: [3, 1],
      reportLeadDays: 7,
      yellowDays: 14,
      updatedAt: null,
    });
    expect(b.members.map((x) => [x.userId, x.voting, x.chair])).toEqual([
      ['u2', true, true],
      ['u4', true, false],
      ['u1', true, false],
    ]);
    expect(seatsAt(b, '2026-03-01').map((s) => s.memberId)).toEqual(['u2', 'u4', 'u1']);
    expect(chairAt(b, '2026-03-01')).toBe('u2');
    expect(chairAt(defaultBoard('r1', [region[0]!]), '2026-03-01')).toBeNull();
  });
});

describe('seats, chair and membership on a day', () => {
  const b = () =>
    board([
      m('chair', { chair: true, termUntil: '2026-06-30' }),
      m('a', { termFrom: '2026-04-01' }),
      m('b'),
      m('dep', { voting: false, deputyOf: 'b', termUntil: '2026-03-31' }),
      m('c', { voting: false, deputyOf: 'b' }),
      m('adv', { voting: false }),
    ]);

  it('when terms begin and end, then seats, deputies and chair follow the Berlin calendar day inclusively', () => {
    const seats = (date: string) => seatsAt(b(), date).map((s) => `${s.memberId}[${s.deputies.map((d) => d.id).join(',')}]`);
    expect(seats('2026-03-31')).toEqual(['chair[]', 'b[dep,c]']);
    expect(seats('2026-04-01')).toEqual(['chair[]', 'a[]', 'b[c]']);
    expect(seats('2026-07-01')).toEqual(['a[]', 'b[c]']);
    expect(chairAt(b(), '2026-06-30')).toBe('chair');
    expect(chairAt(b(), '2026-07-01')).toBeNull();
    expect(isMemberAt(b(), 'adv', '2026-05-01')).toBe(true);
    expect(isMemberAt(b(), 'dep', '2026-04-01')).toBe(false);
    expect(isMemberAt(b(), 'a', '2026-03-31')).toBe(false);
  });

  it('when any day is asked, then seats are exactly the voting members in term, each deputy under one seat', () => {
    const day = fc.integer({ min: 0, max: 400 }).map((d) => new Date(Date.UTC(2025, 11, 1) + d * 86400000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (date) => {
        const composition = b();
        const seats = seatsAt(composition, date);
        const expected = composition.members.filter((x) => x.voting && x.termFrom <= date && (x.termUntil === null || date <= x.termUntil));
        expect(seats.map((s) => s.memberId)).toEqual(expected.map((x) => x.userId));
        for (const seat of seats) for (const d of seat.deputies) expect(isMemberAt(composition, d.id, date)).toBe(true);
        const chair = chairAt(composition, date);
        if (chair !== null) expect(seats.some((s) => s.memberId === chair)).toBe(true);
      }),
    );
  });
});
