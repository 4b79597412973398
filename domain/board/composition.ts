import { z } from 'zod';
import { ForbiddenError, ValidationError, type FieldError } from '../errors';
import { calendarDate, text } from '../fields';
import { effectiveRoles, type PersonRef, type Role } from '../roles';
import type { Board, BoardMember, Seat } from './types';

/**
 * The board's composition: who sits on it, who votes, who deputises for whom,
 * and for which terms. Pure: the store resolves names, the caller passes dates.
 */

export const DEFAULT_BOARD = {
  code: 'BB',
  name: 'Bildungsbeirat',
  reminderDays: [3, 1],
  reportLeadDays: 7,
  yellowDays: 14,
} as const;

/** The default board's members have no term; this start date keeps them in office for any vote. */
const ALWAYS = '1970-01-01';

const userId = text(100);
const days = (max: number) => z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(0).max(max);

const memberInputSchema = z.strictObject({
  userId,
  voting: z.boolean(),
  chair: z.boolean().optional().default(false),
  deputyOf: userId.nullable().optional().default(null),
  termFrom: calendarDate,
  termUntil: calendarDate.nullable().optional().default(null),
});

const issue = (ctx: z.RefinementCtx, path: (string | number)[], code: string, message: string) =>
  ctx.addIssue({ code: 'custom', path, message, params: { code } });

/** The body of `PUT /board`. Each broken rule is reported at the member's field (`members.2.deputyOf`). */
export const boardInputSchema = z
  .strictObject({
    code: z.string().regex(/^[A-Z]{1,8}$/, { error: 'must be 1–8 capital letters' }),
    name: text(200),
    quorum: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('majority') }),
      z.strictObject({ kind: z.literal('fixed'), count: z.number().int({ error: 'must be a whole number' }).min(1) }),
    ]),
    tie: z.enum(['fails', 'chair_casting']),
    secretByDefault: z.boolean().optional().default(false),
    reminderDays: z
      .array(days(90))
      .max(10)
      .optional()
      .default([...DEFAULT_BOARD.reminderDays])
      .transform((d) => [...new Set(d)].sort((a, b) => b - a)),
    reportLeadDays: days(90).optional().default(DEFAULT_BOARD.reportLeadDays),
    yellowDays: days(365).optional().default(DEFAULT_BOARD.yellowDays),
    members: z.array(memberInputSchema).max(200),
  })
  .superRefine((board, ctx) => {
    const voting = new Set(board.members.filter((m) => m.voting && m.deputyOf === null).map((m) => m.userId));
    const seen = new Set<string>();
    let chairs = 0;
    board.members.forEach((m, i) => {
      const at = (field: string) => ['members', i, field];
      if (seen.has(m.userId)) issue(ctx, at('userId'), 'duplicate', 'is listed twice');
      seen.add(m.userId);
      if (m.chair && ++chairs > 1) issue(ctx, at('chair'), 'second_chair', 'only one member can be the chair');
      if (m.chair && !m.voting) issue(ctx, at('voting'), 'chair_must_vote', 'must be true for the chair');
      if (m.deputyOf !== null) {
        if (m.voting) issue(ctx, at('voting'), 'deputy_cannot_vote', 'must be false for a deputy (a deputy holds no seat)');
        if (m.deputyOf === m.userId) issue(ctx, at('deputyOf'), 'self', 'cannot name the member themselves');
        else if (!voting.has(m.deputyOf)) issue(ctx, at('deputyOf'), 'not_a_voting_member', 'must name a voting member of the board');
      }
      if (m.termUntil !== null && m.termUntil < m.termFrom) issue(ctx, at('termUntil'), 'before_term_from', 'must not be before termFrom');
    });
    if (voting.size === 0) issue(ctx, ['members'], 'no_voting_member', 'must include at least one voting member');
    if (board.quorum.kind === 'fixed' && voting.size > 0 && board.quorum.count > voting.size) {
      issue(ctx, ['quorum', 'count'], 'too_big', `must not exceed the number of voting members (${voting.size})`);
    }
  });
export type BoardInput = z.output<typeof boardInputSchema>;

/**
 * The composition as saved: members must be users of the region (422 at
 * `members.N.userId` otherwise); their names are taken from there.
 */
export function buildBoard(regionId: string, input: BoardInput, users: readonly PersonRef[], by: PersonRef, at: string): Board {
  const errors: FieldError[] = [];
  const members: BoardMember[] = input.members.map((m, i) => {
    const user = users.find((u) => u.id === m.userId);
    if (!user) errors.push({ field: `members.${i}.userId`, code: 'not_region_user', message: 'is not a user of this region' });
    return {
      userId: m.userId,
      name: user?.name ?? m.userId,
      voting: m.voting,
      chair: m.chair,
      deputyOf: m.deputyOf,
      termFrom: m.termFrom,
      termUntil: m.termUntil,
    };
  });
  if (errors.length > 0) throw new ValidationError(errors);
  return {
    regionId,
    code: input.code,
    name: input.name,
    quorum: input.quorum,
    tie: input.tie,
    secretByDefault: input.secretByDefault,
    reminderDays: input.reminderDays,
    reportLeadDays: input.reportLeadDays,
    yellowDays: input.yellowDays,
    members,
    updatedAt: at,
    updatedBy: by,
  };
}

/**
 * The board before anyone saved one: every board member and chair of the
 * region votes, the first chair (by name) chairs, majority quorum, a tie fails.
 */
export function defaultBoard(regionId: string, users: readonly { id: string; name: string; roles: readonly Role[] }[]): Board {
  const voters = users
    .filter((u) => u.roles.includes('board_member') || u.roles.includes('board_chair'))
    .sort((a, b) => a.name.localeCompare(b.name, 'de') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const chairId = voters.find((u) => u.roles.includes('board_chair'))?.id ?? null;
  return {
    regionId,
    code: DEFAULT_BOARD.code,
    name: DEFAULT_BOARD.name,
    quorum: { kind: 'majority' },
    tie: 'fails',
    secretByDefault: false,
    reminderDays: [...DEFAULT_BOARD.reminderDays],
    reportLeadDays: DEFAULT_BOARD.reportLeadDays,
    yellowDays: DEFAULT_BOARD.yellowDays,
    members: voters.map((u) => ({ userId: u.id, name: u.name, voting: true, chair: u.id === chairId, deputyOf: null, termFrom: ALWAYS, termUntil: null })),
    updatedAt: null,
    updatedBy: null,
  };
}

/** Who may change the composition: the office lead and administrators (everybody else in the region reads it). */
export function assertCanEditBoard(roles: readonly Role[]): void {
  const effective = effectiveRoles(roles);
  if (!effective.has('office_lead') && !effective.has('admin'))
    throw new ForbiddenError('Only the office lead or an administrator may change the board’s composition.');
}

/** Whether the member's term covers the Berlin calendar day `date` (YYYY-MM-DD compares as text). */
const inTerm = (m: BoardMember, date: string) => m.termFrom <= date && (m.termUntil === null || date <= m.termUntil);

/** The voting seats on a day, each with the deputies in office that day, in the board's order. */
export function seatsAt(board: Board, date: string): Seat[] {
  return board.members
    .filter((m) => m.voting && m.deputyOf === null && inTerm(m, date))
    .map((m) => ({
      memberId: m.userId,
      name: m.name,
      deputies: board.members.filter((d) => d.deputyOf === m.userId && inTerm(d, date)).map((d) => ({ id: d.userId, name: d.name })),
    }));
}

/** The chair on a day: a voting member in term marked chair; null when there is none. */
export function chairAt(board: Board, date: string): string | null {
  return board.members.find((m) => m.chair && m.voting && inTerm(m, date))?.userId ?? null;
}

/** Whether the user belongs to the board on that day (voting, advisory or deputy). */
export function isMemberAt(board: Board, userId: string, date: string): boolean {
  return board.members.some((m) => m.userId === userId && inTerm(m, date));
}
