import fc from 'fast-check';
import { AppError, ValidationError } from '../errors';
import { parseOrThrow } from '../fields';
import type { Actor } from '../roles';
import {
  actualQuorum,
  addAgendaItem,
  agendaItemSchema,
  allowedMeetingActions,
  applyMeetingCommand,
  cancelMeeting,
  createMeeting,
  createMeetingSchema,
  editMeeting,
  inviteToMeeting,
  linkVote,
  markHeld,
  moveAgendaItem,
  needsStatusReport,
  quorumForecast,
  recordAttendance,
  removeAgendaItem,
  reply,
  statusReportDueAt,
  syncInvitees,
} from './meeting';
import type { MeetingState, Seat } from './types';

const AT = '2026-03-01T09:00:00.000Z';
const lead: Actor = { id: 'lead', name: 'Lena Leitung', roles: ['office_lead'] };
const member: Actor = { id: 'b1', name: 'Bernd Beirat', roles: ['board_member'] };
const people = ['chair', 'b1', 'b2', 'b3', 'd1'].map((id) => ({ id, name: id.toUpperCase() }));

function meeting(overrides: Partial<MeetingState> = {}): MeetingState {
  const input = parseOrThrow(createMeetingSchema, {
    title: 'Sitzung des Beirats',
    startsAt: '2026-03-12T18:00:00+01:00',
    endsAt: '2026-03-12T20:00:00+01:00',
    place: 'Rathaus, Saal 2',
  });
  return { ...syncInvitees(createMeeting(input, { id: 'm1', regionId: 'demo' }, lead, AT), people, AT), ...overrides };
}

/** Throws the AppError with this code (or field, for validation errors). */
function expectError(run: () => unknown, code: string, field?: string) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    if (field) expect((error as ValidationError).errors.map((e) => e.field)).toContain(field);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('input schemas', () => {
  it('normalises instants to UTC and names a bad field', () => {
    expect(meeting().startsAt).toBe('2026-03-12T17:00:00.000Z');
    expectError(
      () => parseOrThrow(createMeetingSchema, { title: 'x', startsAt: '2026-03-12T18:00:00Z', endsAt: '2026-03-12T17:00:00Z' }),
      'validation_failed',
      'endsAt',
    );
    expectError(
      () =>
        parseOrThrow(createMeetingSchema, { title: 'x', startsAt: '2026-03-12T18:00:00Z', endsAt: '2026-03-12T19:00:00Z', onlineUrl: 'http://meet.example/x' }),
      'validation_failed',
      'onlineUrl',
    );
    expectError(
      () => parseOrThrow(createMeetingSchema, { title: '', startsAt: '2026-03-12T18:00:00Z', endsAt: '2026-03-12T19:00:00Z' }),
      'validation_failed',
      'title',
    );
    expectError(() => parseOrThrow(agendaItemSchema, { kind: 'mandate', title: 'Ganztag' }), 'validation_failed', 'mandateId');
  });
});

describe('invitations and sequence', () => {
  it('invites everybody at sequence 0; a new time before the invitation raises nothing, after it one update to the invited', () => {
    const before = editMeeting(meeting(), { startsAt: '2026-03-12T16:00:00.000Z' }, [], AT);
    expect(before.state.sequence).toBe(0);
    expect(before.notices).toEqual([]);

    const invited = inviteToMeeting(before.state, [], AT);
    expect(invited.state.sequence).toBe(0);
    expect(invited.notices).toEqual([{ kind: 'meeting-invitation', sequence: 0, recipients: people, reason: null }]);

    const ids = people.map((p) => p.id);
    const retitled = editMeeting(invited.state, { title: 'Neuer Titel' }, ids, AT);
    expect(retitled.state.sequence).toBe(0);
    expect(retitled.notices).toEqual([]);
    const moved = editMeeting(retitled.state, { place: 'Online' }, ids, AT);
    expect(moved.state.sequence).toBe(1);
    expect(moved.notices).toEqual([{ kind: 'meeting-updated', sequence: 1, recipients: people, reason: null }]);
  });

  it('re-sending goes to the invited as an update and to newcomers as an invitation', () => {
    const first = inviteToMeeting(meeting(), [], AT).state;
    const grown = syncInvitees(first, [...people, { id: 'b4', name: 'B4' }], AT);
    const again = inviteToMeeting(grown, ['chair', 'b1', 'b2', 'b3', 'd1'], AT);
    expect(again.state.sequence).toBe(1);
    expect(again.notices.map((n) => [n.kind, n.recipients.map((p) => p.id)])).toEqual([
      ['meeting-invitation', ['b4']],
      ['meeting-updated', ['chair', 'b1', 'b2', 'b3', 'd1']],
    ]);
  });

  it('a cancellation after the invitation raises the sequence and tells the invited; a cancelled meeting takes no change', () => {
    const invited = inviteToMeeting(meeting(), [], AT).state;
    const cancelled = cancelMeeting(invited, ['b1', 'b2'], 'Krankheit', AT);
    expect(cancelled.state).toMatchObject({ status: 'cancelled', sequence: 1 });
    expect(cancelled.notices).toEqual([{ kind: 'meeting-cancelled', sequence: 1, recipients: [people[1], people[2]], reason: 'Krankheit' }]);
    expectError(() => editMeeting(cancelled.state, { title: 'x' }, [], AT), 'meeting_not_planned');
    expectError(() => inviteToMeeting(cancelled.state, [], AT), 'meeting_not_planned');
  });

  it('an edit that puts the end before the start names the field', () => {
    expectError(() => editMeeting(meeting(), { endsAt: '2026-03-12T10:00:00.000Z' }, [], AT), 'validation_failed', 'endsAt');
  });
});

describe('agenda', () => {
  const item = { kind: 'other' as const, title: 'Verschiedenes' };

  it('adds items with unique ids, moves them and removes one without votes', () => {
    let m = meeting();
    for (const title of ['A', 'B', 'C']) m = addAgendaItem(m, { ...item, title }, `i${m.version + 1}`, AT);
    expect(m.agenda.map((i) => i.title)).toEqual(['A', 'B', 'C']);
    expect(new Set(m.agenda.map((i) => i.id)).size).toBe(3);
    m = moveAgendaItem(m, m.agenda[2]!.id, 0, AT);
    expect(m.agenda.map((i) => i.title)).toEqual(['C', 'A', 'B']);
    expectError(() => moveAgendaItem(m, m.agenda[0]!.id, 3, AT), 'validation_failed', 'position');
    m = removeAgendaItem(m, m.agenda[1]!.id, AT);
    expect(m.agenda.map((i) => i.title)).toEqual(['C', 'B']);
    expectError(() => removeAgendaItem(m, 'nope', AT), 'not_found');
  });

  it('an item with a vote stays', () => {
    let m = addAgendaItem(meeting(), item, 'i9', AT);
    m = linkVote(m, 'i9', 'v1', null, AT);
    expect(linkVote(m, 'i9', 'v1', null, AT)).toBe(m);
    expectError(() => removeAgendaItem(m, 'i9', AT), 'item_has_votes');
  });

  it('moving keeps every item exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.nat(), fc.nat(), (count, from, to) => {
        let m = meeting();
        for (let i = 0; i < count; i += 1) m = addAgendaItem(m, { ...item, title: `T${i}` }, `i${i}`, AT);
        const moved = moveAgendaItem(m, `i${from % count}`, to % count, AT);
        expect([...moved.agenda.map((i) => i.id)].sort()).toEqual([...m.agenda.map((i) => i.id)].sort());
        expect(moved.agenda[to % count]!.id).toBe(`i${from % count}`);
      }),
    );
  });
});

describe('replies, attendance, held', () => {
  const seats: Seat[] = [
    { memberId: 'chair', name: 'CHAIR', deputies: [] },
    { memberId: 'b1', name: 'B1', deputies: [{ id: 'd1', name: 'D1' }] },
    { memberId: 'b2', name: 'B2', deputies: [] },
    { memberId: 'b3', name: 'B3', deputies: [] },
  ];

  it('forecasts the quorum from the replies, a deputy accepting fills the seat', () => {
    let m = meeting();
    m = reply(m, { id: 'b1', name: 'B1' }, 'declined', AT);
    m = reply(m, { id: 'd1', name: 'D1' }, 'accepted', AT);
    m = reply(m, { id: 'b2', name: 'B2' }, 'accepted', AT);
    m = reply(m, { id: 'b3', name: 'B3' }, 'tentative', AT);
    expect(quorumForecast(m, seats, { kind: 'majority' })).toEqual({
      seats: 4,
      required: 3,
      accepted: 1,
      tentative: 1,
      declined: 1,
      none: 1,
      expected: 2,
      reachedExpected: false,
    });
    m = reply(m, { id: 'chair', name: 'CHAIR' }, 'accepted', AT);
    expect(quorumForecast(m, seats, { kind: 'majority' })).toMatchObject({ expected: 3, reachedExpected: true });
    expect(quorumForecast(m, seats, { kind: 'fixed', count: 4 })).toMatchObject({ required: 4, reachedExpected: false });
    expectError(() => reply(m, { id: 'stranger', name: 'S' }, 'accepted', AT), 'forbidden');
  });

  it('records attendance from the meeting day on and counts seats present', () => {
    const m = meeting();
    expect(actualQuorum(m, seats, { kind: 'majority' })).toBeNull();
    expectError(() => recordAttendance(m, ['b1'], AT), 'meeting_not_started');
    const day = '2026-03-12T16:00:00.000Z';
    expectError(() => recordAttendance(m, ['b1', 'x'], day), 'validation_failed', 'present.1');
    const recorded = recordAttendance(m, ['d1', 'b2'], day);
    expect(recorded.attendance.find((a) => a.memberId === 'b1')!.present).toBe(false);
    expect(actualQuorum(recorded, seats, { kind: 'majority' })).toEqual({ present: 2, required: 3, reached: false });
    expect(actualQuorum(recordAttendance(m, ['d1', 'b2', 'b3'], day), seats, { kind: 'majority' })).toEqual({ present: 3, required: 3, reached: true });
    expectError(() => markHeld(m, AT), 'meeting_not_started');
    expect(markHeld(recorded, day).status).toBe('held');
  });
});

describe('status report timer', () => {
  it('is due lead days before the start and again when the meeting moves later', () => {
    const m = meeting();
    expect(statusReportDueAt(m, 7)).toBe('2026-03-05T17:00:00.000Z');
    expect(needsStatusReport(m, 7)).toBe(true);
    const reported = { ...m, statusReport: { generatedAt: '2026-03-05T17:00:01.000Z', attachmentId: 'a1' } };
    expect(needsStatusReport(reported, 7)).toBe(false);
    const moved = editMeeting(reported, { startsAt: '2026-04-12T16:00:00.000Z', endsAt: '2026-04-12T18:00:00.000Z' }, [], AT).state;
    expect(needsStatusReport(moved, 7)).toBe(true);
    expect(needsStatusReport({ ...m, status: 'held' }, 7)).toBe(false);
  });
});

describe('who may do what', () => {
  it('board members reply but do not prepare; office staff prepare but do not cancel', () => {
    const m = meeting();
    expectError(() => applyMeetingCommand(m, { action: 'add-item', payload: { kind: 'other', title: 'x' } }, member, [], AT), 'forbidden');
    expect(applyMeetingCommand(m, { action: 'reply', payload: { reply: 'accepted' } }, member, [], AT).state.attendance[1]!.reply).toBe('accepted');
    const staff: Actor = { id: 's', name: 'S', roles: ['office_staff'] };
    expect(applyMeetingCommand(m, { action: 'add-item', payload: { kind: 'other', title: 'x' } }, staff, [], AT).state.agenda).toHaveLength(1);
    expectError(() => applyMeetingCommand(m, { action: 'cancel', payload: {} }, staff, [], AT), 'forbidden');
    expect(allowedMeetingActions(m, member)).toEqual(['reply']);
    expect(allowedMeetingActions(m, lead)).toEqual(expect.arrayContaining(['edit', 'invite', 'cancel', 'attendance', 'held']));
  });
});
