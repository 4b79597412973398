import { z } from 'zod';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { instant, text } from '../fields';
import { effectiveRoles, type Actor, type PersonRef, type Role } from '../roles';
import { berlinDate } from '../time';
import type { AgendaItem, Attendance, AttendanceReply, MeetingState, QuorumRule, Seat } from './types';

/**
 * Board meetings (Sitzungen): agenda, invitations, replies, attendance. Pure:
 * the workflow passes the time in, and gets back the new state plus whom to
 * tell (notices); it sends them. Every change raises `version`; changes that
 * invitees must hear of (time, place, link, cancellation, a re-sent
 * invitation) raise the ICS `sequence` once invitations have gone out.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Normalised to UTC, so the read model and the ICS compare and print instants alike. */
const utcInstant = instant.transform((value) => new Date(value).toISOString());
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(2000);

export const createMeetingSchema = z
  .strictObject({
    title: text(200),
    startsAt: utcInstant,
    endsAt: utcInstant,
    place: text(300).nullable().optional(),
    onlineUrl: httpsUrl.nullable().optional(),
  })
  .superRefine((input, ctx) => {
    if (Date.parse(input.endsAt) <= Date.parse(input.startsAt)) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt', params: { code: 'not_after_start' } });
    }
  });
export type CreateMeetingInput = z.infer<typeof createMeetingSchema>;

export const editMeetingSchema = z.strictObject({
  title: text(200).optional(),
  startsAt: utcInstant.optional(),
  endsAt: utcInstant.optional(),
  place: text(300).nullable().optional(),
  onlineUrl: httpsUrl.nullable().optional(),
  minutesNote: text(20000).nullable().optional(),
});
export type EditMeetingInput = z.infer<typeof editMeetingSchema>;

export const AGENDA_ITEM_KINDS = ['mandate', 'report', 'other'] as const;

export const agendaItemSchema = z
  .strictObject({
    kind: z.enum(AGENDA_ITEM_KINDS),
    title: text(200),
    description: text(10000).nullable().optional(),
    mandateId: text(100).nullable().optional(),
    public: z.boolean().optional(),
  })
  .superRefine((input, ctx) => {
    if (input.kind === 'mandate' && !input.mandateId) {
      ctx.addIssue({ code: 'custom', path: ['mandateId'], message: 'is required for a mandate item', params: { code: 'required' } });
    }
  });
export type AgendaItemInput = z.infer<typeof agendaItemSchema>;

export const editAgendaItemSchema = z.strictObject({
  kind: z.enum(AGENDA_ITEM_KINDS).optional(),
  title: text(200).optional(),
  description: text(10000).nullable().optional(),
  mandateId: text(100).nullable().optional(),
  public: z.boolean().optional(),
});
export type EditAgendaItemInput = z.infer<typeof editAgendaItemSchema>;

/** Position in the agenda, counted from 0 (TOP 1 is position 0). */
export const moveAgendaItemSchema = z.strictObject({ position: z.number({ error: 'must be a number' }).int().min(0) });
export const replySchema = z.strictObject({ reply: z.enum(['accepted', 'declined', 'tentative']) });
export const attendanceSchema = z.strictObject({ present: z.array(text(100)).max(500) });
export const cancelMeetingSchema = z.strictObject({ reason: text(2000).optional() });

export type MeetingCommand =
  | { action: 'edit'; payload: EditMeetingInput }
  | { action: 'add-item'; payload: AgendaItemInput }
  | { action: 'edit-item'; payload: EditAgendaItemInput & { itemId: string } }
  | { action: 'remove-item'; payload: { itemId: string } }
  | { action: 'move-item'; payload: { itemId: string; position: number } }
  | { action: 'invite'; payload: Record<string, never> }
  | { action: 'reply'; payload: { reply: Exclude<AttendanceReply, 'none'> } }
  | { action: 'attendance'; payload: { present: string[] } }
  | { action: 'cancel'; payload: { reason?: string } }
  | { action: 'held'; payload: Record<string, never> }
  | { action: 'generate-report'; payload: Record<string, never> };
export type MeetingAction = MeetingCommand['action'] | 'create';

/** Who runs meetings: the chair and the office lead; office staff prepare them. */
const RUN: Role[] = ['board_chair', 'office_lead'];
const PREPARE: Role[] = ['board_chair', 'office_lead', 'office_staff'];
/** Whoever may read a meeting may have its status report made, should it be missing. */
const READ: Role[] = ['board_member', 'board_chair', 'office_staff', 'office_lead', 'manager', 'admin'];
const ROLES_FOR: Record<Exclude<MeetingAction, 'reply'>, Role[]> = {
  create: PREPARE,
  edit: PREPARE,
  'add-item': PREPARE,
  'edit-item': PREPARE,
  'remove-item': PREPARE,
  'move-item': PREPARE,
  invite: PREPARE,
  attendance: PREPARE,
  'generate-report': READ,
  cancel: RUN,
  held: RUN,
};

/** Whether the actor's roles allow the action; replies are for invitees, whatever their roles. */
export function mayTakeMeetingAction(roles: readonly Role[], action: MeetingAction): boolean {
  if (action === 'reply') return true;
  const held = effectiveRoles(roles);
  return ROLES_FOR[action].some((role) => held.has(role));
}

export function assertCanTakeMeetingAction(actor: Actor, action: MeetingAction): void {
  if (!mayTakeMeetingAction(actor.roles, action)) throw new ForbiddenError(`Your roles do not allow '${action}' on a meeting.`);
}

/** Who hears of a change, as what. */
export interface MeetingNotice {
  kind: 'meeting-invitation' | 'meeting-updated' | 'meeting-cancelled';
  sequence: number;
  recipients: PersonRef[];
  reason: string | null;
}

export interface MeetingChange {
  state: MeetingState;
  notices: MeetingNotice[];
}

const bump = (state: MeetingState, at: string, patch: Partial<MeetingState>): MeetingState => ({
  ...state,
  ...patch,
  version: state.version + 1,
  updatedAt: at,
});

function assertPlanned(state: MeetingState): void {
  if (state.status !== 'planned') throw new ConflictError('meeting_not_planned', `The meeting is ${state.status}.`, { status: state.status });
}

function assertStarted(state: MeetingState, at: string): void {
  if (berlinDate(at) < berlinDate(state.startsAt)) throw new ConflictError('meeting_not_started', 'That can only be recorded from the day of the meeting on.');
}

function itemIndex(state: MeetingState, itemId: string): number {
  const index = state.agenda.findIndex((item) => item.id === itemId);
  if (index < 0) throw new NotFoundError(`No agenda item '${itemId}' in this meeting.`);
  return index;
}

export function createMeeting(input: CreateMeetingInput, ids: { id: string; regionId: string }, by: PersonRef, at: string): MeetingState {
  return {
    id: ids.id,
    regionId: ids.regionId,
    title: input.title,
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    place: input.place ?? null,
    onlineUrl: input.onlineUrl ?? null,
    status: 'planned',
    sequence: 0,
    invitedAt: null,
    agenda: [],
    attendance: [],
    statusReport: null,
    minutesNote: null,
    createdBy: { id: by.id, name: by.name },
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/**
 * The board as invited for the meeting's day: everyone keeps their reply;
 * who joined gets `none`, who left the board is dropped. No version change
 * when nothing differs.
 */
export function syncInvitees(state: MeetingState, invitees: PersonRef[], at: string): MeetingState {
  const before = new Map(state.attendance.map((a) => [a.memberId, a]));
  const attendance: Attendance[] = invitees.map((p) => before.get(p.id) ?? { memberId: p.id, name: p.name, reply: 'none', repliedAt: null, present: null });
  const same = attendance.length === state.attendance.length && attendance.every((a, i) => a === state.attendance[i]);
  return same ? state : bump(state, at, { attendance });
}

const TOLD_FIELDS = ['startsAt', 'endsAt', 'place', 'onlineUrl'] as const;

/** Edits the meeting; a new time, place or link is news to those already invited (sequence + 1, an update each). */
export function editMeeting(state: MeetingState, patch: EditMeetingInput, invited: readonly string[], at: string): MeetingChange {
  if (state.status === 'cancelled') assertPlanned(state);
  const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<MeetingState>;
  if (state.status === 'held' && Object.keys(changes).some((key) => key !== 'minutesNote')) assertPlanned(state);
  const next = { ...state, ...changes };
  if (Date.parse(next.endsAt) <= Date.parse(next.startsAt)) {
    throw new ValidationError([
      { field: patch.endsAt !== undefined ? 'endsAt' : 'startsAt', code: 'not_after_start', message: 'endsAt must be after startsAt' },
    ]);
  }
  const tell = state.invitedAt !== null && TOLD_FIELDS.some((key) => next[key] !== state[key]);
  const edited = bump(state, at, { ...changes, sequence: state.sequence + (tell ? 1 : 0) });
  return { state: edited, notices: tell ? [noticeTo(edited, 'meeting-updated', invited)] : [] };
}

function noticeTo(state: MeetingState, kind: MeetingNotice['kind'], ids: readonly string[], reason: string | null = null): MeetingNotice {
  const wanted = new Set(ids);
  const recipients = state.attendance.filter((a) => wanted.has(a.memberId)).map((a) => ({ id: a.memberId, name: a.name }));
  return { kind, sequence: state.sequence, recipients, reason };
}

/**
 * Sends the invitations: the first time to everybody; again later (after
 * changes to the agenda, or to reach new members) as an update with the next
 * sequence to those invited before, and as an invitation to the others.
 */
export function inviteToMeeting(state: MeetingState, invited: readonly string[], at: string): MeetingChange {
  assertPlanned(state);
  const first = state.invitedAt === null;
  const next = bump(state, at, { invitedAt: state.invitedAt ?? at, sequence: state.sequence + (first ? 0 : 1) });
  const already = new Set(invited);
  const newcomers = next.attendance.filter((a) => !already.has(a.memberId)).map((a) => a.memberId);
  const notices = [noticeTo(next, 'meeting-invitation', newcomers), noticeTo(next, 'meeting-updated', [...already])];
  return { state: next, notices: notices.filter((n) => n.recipients.length > 0) };
}

export function addAgendaItem(state: MeetingState, input: AgendaItemInput, itemId: string, at: string): MeetingState {
  assertPlanned(state);
  const item: AgendaItem = {
    id: itemId,
    kind: input.kind,
    title: input.title,
    description: input.description ?? null,
    mandateId: input.mandateId ?? null,
    public: input.public ?? true,
    voteIds: [],
    decisionNumbers: [],
    attachmentId: null,
  };
  return bump(state, at, { agenda: [...state.agenda, item] });
}

/** The publish flag and the texts may still change after the meeting (for the minutes); not once it is cancelled. */
export function editAgendaItem(state: MeetingState, itemId: string, patch: EditAgendaItemInput, at: string): MeetingState {
  if (state.status === 'cancelled') assertPlanned(state);
  const index = itemIndex(state, itemId);
  const changes = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<AgendaItem>;
  const item = { ...state.agenda[index]!, ...changes };
  if (item.kind === 'mandate' && !item.mandateId)
    throw new ValidationError([{ field: 'mandateId', code: 'required', message: 'is required for a mandate item' }]);
  return bump(state, at, { agenda: state.agenda.map((old, i) => (i === index ? item : old)) });
}

/** An item a vote was opened on stays: the vote and its decision refer to it. */
export function removeAgendaItem(state: MeetingState, itemId: string, at: string): MeetingState {
  assertPlanned(state);
  const item = state.agenda[itemIndex(state, itemId)]!;
  if (item.voteIds.length > 0) throw new ConflictError('item_has_votes', 'An agenda item with votes cannot be removed.', { voteIds: item.voteIds });
  return bump(state, at, { agenda: state.agenda.filter((i) => i.id !== itemId) });
}

export function moveAgendaItem(state: MeetingState, itemId: string, position: number, at: string): MeetingState {
  assertPlanned(state);
  const index = itemIndex(state, itemId);
  if (!Number.isInteger(position) || position < 0 || position >= state.agenda.length) {
    throw new ValidationError([
      { field: 'position', code: 'too_big', message: `must be between 0 and ${state.agenda.length - 1}`, params: { maximum: state.agenda.length - 1 } },
    ]);
  }
  const agenda = state.agenda.filter((_, i) => i !== index);
  agenda.splice(position, 0, state.agenda[index]!);
  return bump(state, at, { agenda });
}

/** Records a vote opened on an item and, once made, its decision number (each once). */
export function linkVote(state: MeetingState, itemId: string, voteId: string, decisionNumber: string | null, at: string): MeetingState {
  const index = itemIndex(state, itemId);
  const item = state.agenda[index]!;
  const voteIds = item.voteIds.includes(voteId) ? item.voteIds : [...item.voteIds, voteId];
  const decisionNumbers = !decisionNumber || item.decisionNumbers.includes(decisionNumber) ? item.decisionNumbers : [...item.decisionNumbers, decisionNumber];
  if (voteIds === item.voteIds && decisionNumbers === item.decisionNumbers) return state;
  return bump(state, at, { agenda: state.agenda.map((old, i) => (i === index ? { ...item, voteIds, decisionNumbers } : old)) });
}

/** An invitee's answer (Zusage, Absage, vielleicht); a new answer replaces the last. */
export function reply(state: MeetingState, member: PersonRef, answer: Exclude<AttendanceReply, 'none'>, at: string): MeetingState {
  assertPlanned(state);
  if (!state.attendance.some((a) => a.memberId === member.id)) throw new ForbiddenError('Only those invited to the meeting can reply.');
  return bump(state, at, {
    attendance: state.attendance.map((a) => (a.memberId === member.id ? { ...a, reply: answer, repliedAt: at } : a)),
  });
}

/** Who was there, recorded on the day: everyone listed present, every other invitee absent. */
export function recordAttendance(state: MeetingState, presentIds: readonly string[], at: string): MeetingState {
  if (state.status === 'cancelled') assertPlanned(state);
  assertStarted(state, at);
  const invited = new Set(state.attendance.map((a) => a.memberId));
  const unknown = presentIds.flatMap((id, i) => (invited.has(id) ? [] : [{ field: `present.${i}`, code: 'not_invited', message: `'${id}' is not invited` }]));
  if (unknown.length > 0) throw new ValidationError(unknown);
  const present = new Set(presentIds);
  return bump(state, at, { attendance: state.attendance.map((a) => ({ ...a, present: present.has(a.memberId) })) });
}

export function cancelMeeting(state: MeetingState, invited: readonly string[], reason: string | null, at: string): MeetingChange {
  assertPlanned(state);
  const tell = state.invitedAt !== null;
  const next = bump(state, at, { status: 'cancelled', sequence: state.sequence + (tell ? 1 : 0) });
  return { state: next, notices: tell ? [noticeTo(next, 'meeting-cancelled', invited, reason)].filter((n) => n.recipients.length > 0) : [] };
}

export function markHeld(state: MeetingState, at: string): MeetingState {
  assertPlanned(state);
  assertStarted(state, at);
  return bump(state, at, { status: 'held' });
}

export function attachStatusReport(state: MeetingState, report: { generatedAt: string; attachmentId: string }, at: string): MeetingState {
  return bump(state, at, { statusReport: report });
}

/** When the implementation status report is due: `leadDays` days before the meeting starts. */
export function statusReportDueAt(state: MeetingState, leadDays: number): string {
  return new Date(Date.parse(state.startsAt) - leadDays * DAY_MS).toISOString();
}

/** A planned meeting needs a report unless it has one made on or after its due time (a meeting moved later needs a fresh one). */
export function needsStatusReport(state: MeetingState, leadDays: number): boolean {
  if (state.status !== 'planned') return false;
  return !state.statusReport || Date.parse(state.statusReport.generatedAt) < Date.parse(statusReportDueAt(state, leadDays));
}

function requiredOf(seats: number, rule: QuorumRule): number {
  return rule.kind === 'majority' ? Math.floor(seats / 2) + 1 : rule.count;
}

export interface QuorumForecast {
  seats: number;
  required: number;
  /** Seats by their member's own reply. */
  accepted: number;
  tentative: number;
  declined: number;
  none: number;
  /** Seats whose member or one of whose deputies accepted. */
  expected: number;
  reachedExpected: boolean;
}

/** Whether the board is likely to have a quorum, from the replies. */
export function quorumForecast(meeting: MeetingState, seats: Seat[], rule: QuorumRule): QuorumForecast {
  const replyOf = new Map(meeting.attendance.map((a) => [a.memberId, a.reply]));
  const count = (reply: AttendanceReply) => seats.filter((s) => (replyOf.get(s.memberId) ?? 'none') === reply).length;
  const expected = seats.filter((s) => [s.memberId, ...s.deputies.map((d) => d.id)].some((id) => replyOf.get(id) === 'accepted')).length;
  const required = requiredOf(seats.length, rule);
  return {
    seats: seats.length,
    required,
    accepted: count('accepted'),
    tentative: count('tentative'),
    declined: count('declined'),
    none: count('none'),
    expected,
    reachedExpected: expected >= required,
  };
}

/** Seats filled on the day (the member or a deputy present); null until attendance is recorded. */
export function actualQuorum(meeting: MeetingState, seats: Seat[], rule: QuorumRule): { present: number; required: number; reached: boolean } | null {
  if (meeting.attendance.every((a) => a.present === null)) return null;
  const present = new Set(meeting.attendance.filter((a) => a.present).map((a) => a.memberId));
  const filled = seats.filter((s) => [s.memberId, ...s.deputies.map((d) => d.id)].some((id) => present.has(id))).length;
  const required = requiredOf(seats.length, rule);
  return { present: filled, required, reached: filled >= required };
}

/** One command applied to the state; the invite/cancel/edit notices go to those in `invited`. */
export function applyMeetingCommand(state: MeetingState, command: MeetingCommand, actor: Actor, invited: readonly string[], at: string): MeetingChange {
  if (command.action !== 'reply') assertCanTakeMeetingAction(actor, command.action);
  const only = (next: MeetingState): MeetingChange => ({ state: next, notices: [] });
  switch (command.action) {
    case 'edit':
      return editMeeting(state, command.payload, invited, at);
    case 'add-item':
      return only(addAgendaItem(state, command.payload, `i${state.version + 1}`, at));
    case 'edit-item': {
      const { itemId, ...patch } = command.payload;
      return only(editAgendaItem(state, itemId, patch, at));
    }
    case 'remove-item':
      return only(removeAgendaItem(state, command.payload.itemId, at));
    case 'move-item':
      return only(moveAgendaItem(state, command.payload.itemId, command.payload.position, at));
    case 'invite':
      return inviteToMeeting(state, invited, at);
    case 'reply':
      return only(reply(state, actor, command.payload.reply, at));
    case 'attendance':
      return only(recordAttendance(state, command.payload.present, at));
    case 'cancel':
      return cancelMeeting(state, invited, command.payload.reason ?? null, at);
    case 'held':
      return only(markHeld(state, at));
    case 'generate-report':
      // The report itself is made by an activity; here only whether it may be asked for.
      if (state.status === 'cancelled') assertPlanned(state);
      return only(state);
  }
}

/** What the viewer may do with the meeting now, for the UI's buttons. */
export function allowedMeetingActions(state: MeetingState, actor: Actor): MeetingCommand['action'][] {
  const actions: MeetingCommand['action'][] = [];
  const may = (action: MeetingCommand['action']) => mayTakeMeetingAction(actor.roles, action);
  if (state.status === 'planned') {
    for (const action of ['edit', 'add-item', 'edit-item', 'remove-item', 'move-item', 'invite', 'cancel'] as const) if (may(action)) actions.push(action);
    if (state.attendance.some((a) => a.memberId === actor.id)) actions.push('reply');
  }
  if (state.status === 'held' && may('edit')) actions.push('edit', 'edit-item');
  if (state.status !== 'cancelled' && may('attendance')) actions.push('attendance');
  if (state.status === 'planned' && may('held')) actions.push('held');
  return actions;
}
