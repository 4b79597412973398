// Meetings end to end: API → meeting workflow → read model, notifications and
// the invitation mails (with their ICS) in the embedded mail capture.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { simpleParser, type AddressObject } from 'mailparser';
import { listCapturedMail, startMailCapture, type MailCapture } from '../../scripts/mail-capture';
import { createMandate, demoUsers, type DemoUsers } from '../factories';
import type { ApiClient } from '../support/http';
import { pdfText } from '../support/pdf';
import { startTestStack, type TestStack } from '../support/stack';

const PUBLIC_URL = 'https://bildung.example';
const BOARD_IDS = ['demo-chair', 'demo-board1', 'demo-board2', 'demo-board3', 'demo-board4'];
const DAY = 24 * 60 * 60 * 1000;
const base = '/api/regions/demo/meetings';

let capture: MailCapture;
let mailDir: string;
let stack: TestStack;
let u: DemoUsers;

beforeAll(async () => {
  mailDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mandate-engine-meetings-'));
  capture = await startMailCapture({ dir: mailDir });
  stack = await startTestStack({ env: { SMTP_HOST: capture.host, SMTP_PORT: String(capture.port), MAIL_POLL_MS: '100', PUBLIC_URL, LOG_LEVEL: 'error' } });
  u = await demoUsers(stack.baseUrl);
});
afterAll(async () => {
  await stack?.stop();
  await capture?.stop();
  await fs.rm(mailDir, { recursive: true, force: true });
});

async function eventually<T>(probe: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface CalendarMail {
  to: string[];
  subject: string;
  method: string;
  sequence: number;
  uid: string;
  summary: string;
  dtstart: string;
  attendees: string[];
}

/** The captured mails about one meeting, with their calendar part parsed by ical.js. */
async function calendarMails(meetingId: string): Promise<CalendarMail[]> {
  const result: CalendarMail[] = [];
  for (const file of await listCapturedMail(mailDir)) {
    const mail = await simpleParser(await fs.readFile(path.join(mailDir, file)));
    const part = mail.attachments.find((a) => a.contentType === 'text/calendar');
    if (!part) continue;
    const calendar = new ICAL.Component(ICAL.parse(part.content.toString('utf8')));
    const event = calendar.getFirstSubcomponent('vevent')!;
    if (event.getFirstPropertyValue('uid') !== `meeting-${meetingId}@mandate-engine`) continue;
    result.push({
      to: ([] as AddressObject[]).concat(mail.to ?? []).flatMap((a) => a.value.map((v) => v.address ?? '')),
      subject: mail.subject ?? '',
      method: String(calendar.getFirstPropertyValue('method')),
      sequence: Number(event.getFirstPropertyValue('sequence')),
      uid: String(event.getFirstPropertyValue('uid')),
      summary: String(event.getFirstPropertyValue('summary')),
      dtstart: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
      attendees: event.getAllProperties('attendee').map((p) => String(p.getFirstValue()).replace(/^mailto:/i, '')),
    });
  }
  return result;
}

/** Waits until every board member has a mail of this method and sequence. */
async function mailsFor(meetingId: string, method: string, sequence: number): Promise<CalendarMail[]> {
  return eventually(async () => {
    const mails = (await calendarMails(meetingId)).filter((m) => m.method === method && m.sequence === sequence);
    return mails.length >= BOARD_IDS.length && mails;
  }, `${method} mails with SEQUENCE ${sequence}`);
}

const kindsOf = async (meetingId: string) =>
  (await stack.store.models.Notification.find({ 'params.meetingId': meetingId }).lean()).map((n) => n._id as string).sort();

function meetingInput(startsInMs: number, overrides: Record<string, unknown> = {}) {
  const startsAt = new Date(Date.now() + startsInMs);
  startsAt.setUTCSeconds(0, 0);
  return {
    title: 'Sitzung des Bildungsbeirats',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 2 * 60 * 60 * 1000).toISOString(),
    place: 'Rathaus, Saal 2',
    ...overrides,
  };
}

async function must(reply: Promise<{ status: number; body: any }>, status = 200) {
  const r = await reply;
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A binary download (the test client reads text); fails the test unless it is a 200. */
async function download(client: ApiClient, path: string): Promise<{ type: string | null; body: Buffer }> {
  const response = await fetch(`${stack.baseUrl}${path}`, { headers: { authorization: `Bearer ${client.token}` } });
  if (response.status !== 200) throw new Error(`GET ${path} → ${response.status}: ${await response.text()}`);
  return { type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

const createMeeting = (client: ApiClient, startsInMs = 30 * DAY, overrides: Record<string, unknown> = {}) =>
  must(client.post(base, meetingInput(startsInMs, overrides)), 201);

describe('POST /meetings', () => {
  it('when the office lead plans a meeting, then it is planned with the board invited-to-be and no replies', async () => {
    const meeting = await createMeeting(u.lead);
    expect(meeting).toMatchObject({ status: 'planned', sequence: 0, invitedAt: null, agenda: [], statusReport: null });
    expect(meeting.attendance.map((a: any) => a.memberId).sort()).toEqual([...BOARD_IDS].sort());
    expect(meeting.quorumForecast).toEqual({ seats: 5, required: 3, accepted: 0, tentative: 0, declined: 0, none: 5, expected: 0, reachedExpected: false });
    expect(meeting.actualQuorum).toBeNull();
    const list = await must(u.board[1]!.get(base));
    expect(list.items.map((m: any) => m.id)).toContain(meeting.id);
    expect(await must(u.manager.get(`${base}/${meeting.id}`))).toMatchObject({ id: meeting.id, title: meeting.title });
  });

  it('when the same Idempotency-Key is sent twice, then there is one meeting', async () => {
    const key = { 'Idempotency-Key': `meeting-${Date.now()}` };
    const first = await must(u.staff.post(base, meetingInput(40 * DAY), key), 201);
    const second = await must(u.staff.post(base, meetingInput(40 * DAY), key), 201);
    expect(second.id).toBe(first.id);
  });

  it('when fields are wrong, then 422 names each of them', async () => {
    const reply = await u.lead.post(base, { ...meetingInput(10 * DAY), title: '', onlineUrl: 'http://meet.example/x', endsAt: meetingInput(9 * DAY).startsAt });
    expect(reply.status).toBe(422);
    expect(reply.headers.get('content-type')).toContain('application/problem+json');
    expect(reply.body.errors.map((e: any) => e.field).sort()).toEqual(['endsAt', 'onlineUrl', 'title']);
  });

  it('when a board member or someone of another region tries, then 403', async () => {
    expect((await u.board[1]!.post(base, meetingInput(10 * DAY))).status).toBe(403);
    expect((await u.otherLead.post(base, meetingInput(10 * DAY))).status).toBe(403);
    const meeting = await createMeeting(u.lead);
    expect((await u.otherLead.get(`${base}/${meeting.id}`)).status).toBe(403);
    expect((await u.otherLead.get(`/api/regions/other/meetings/${meeting.id}`)).status).toBe(404);
  });
});

describe('agenda', () => {
  it('when office staff add, edit, move and remove items, then the agenda follows; a board member may not', async () => {
    const meeting = await createMeeting(u.lead);
    const path = `${base}/${meeting.id}/agenda`;
    const mandate = await createMandate(u);
    await must(u.staff.post(path, { kind: 'report', title: 'Bericht der Geschäftsstelle' }), 201);
    await must(u.staff.post(path, { kind: 'mandate', title: 'Übergänge Schule–Beruf', mandateId: mandate.id, public: false }), 201);
    let m = await must(u.staff.post(path, { kind: 'other', title: 'Verschiedenes' }), 201);
    expect(m.agenda.map((i: any) => i.title)).toEqual(['Bericht der Geschäftsstelle', 'Übergänge Schule–Beruf', 'Verschiedenes']);
    const [report, mandateItem, other] = m.agenda;
    expect(mandateItem).toMatchObject({ mandateId: mandate.id, public: false, votes: [], decisions: [] });

    m = await must(u.staff.post(`${path}/${other.id}/move`, { position: 0 }));
    expect(m.agenda.map((i: any) => i.id)).toEqual([other.id, report.id, mandateItem.id]);
    m = await must(u.staff.request('PATCH', `${path}/${report.id}`, { title: 'Bericht', description: 'Stand der Mandate' }));
    expect(m.agenda[1]).toMatchObject({ title: 'Bericht', description: 'Stand der Mandate' });
    m = await must(u.staff.delete(`${path}/${other.id}`));
    expect(m.agenda.map((i: any) => i.id)).toEqual([report.id, mandateItem.id]);

    expect((await u.board[1]!.post(path, { kind: 'other', title: 'Mein Punkt' })).status).toBe(403);
    expect((await u.board[1]!.request('PATCH', `${path}/${report.id}`, { title: 'x' })).status).toBe(403);
    expect((await u.otherLead.post(path, { kind: 'other', title: 'x' })).status).toBe(403);
    const bad = await u.staff.post(path, { kind: 'mandate', title: 'x', mandateId: 'no-such-mandate' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('mandateId');
    const missing = await u.staff.post(path, { kind: 'mandate', title: 'x' });
    expect(missing.body.errors.map((e: any) => e.field)).toEqual(['mandateId']);
    const move = await u.staff.post(`${path}/${report.id}/move`, { position: 5 });
    expect(move.status).toBe(422);
    expect(move.body.errors[0].field).toBe('position');
    expect((await u.staff.delete(`${path}/nope`)).status).toBe(404);
    expect((await must(u.lead.get(`${base}/${meeting.id}`))).agenda).toHaveLength(2);
  });
});

describe('invitations, updates and cancellation', () => {
  it('when invitations go out, then every board member gets a notification and a mail with METHOD:REQUEST, SEQUENCE 0; a new time sends SEQUENCE 1', async () => {
    const meeting = await createMeeting(u.lead);
    await must(u.staff.post(`${base}/${meeting.id}/agenda`, { kind: 'other', title: 'Haushalt 2027' }), 201);
    const invited = await must(u.staff.post(`${base}/${meeting.id}/invitations`));
    expect(invited.invitedAt).not.toBeNull();
    expect(invited.sequence).toBe(0);
    expect(await kindsOf(meeting.id)).toEqual(BOARD_IDS.map((id) => `meeting-invitation:${meeting.id}:0:${id}`).sort());

    const requests = await mailsFor(meeting.id, 'REQUEST', 0);
    expect(requests.flatMap((m) => m.to).sort()).toEqual(['board1@demo.test', 'board2@demo.test', 'board3@demo.test', 'board4@demo.test', 'chair@demo.test']);
    expect(requests[0]).toMatchObject({ summary: meeting.title, dtstart: meeting.startsAt });
    expect(requests[0]!.subject).toMatch(/^(Einladung|Invitation): Sitzung des Bildungsbeirats/);
    expect(requests[0]!.attendees.sort()).toEqual(['board1@demo.test', 'board2@demo.test', 'board3@demo.test', 'board4@demo.test', 'chair@demo.test']);
    const notifications = await must(u.board[2]!.get('/api/me/notifications'));
    expect(notifications.items.find((n: any) => n.kind === 'meeting-invitation' && n.params.meetingId === meeting.id)).toMatchObject({
      link: `#/regions/demo/meetings/${meeting.id}`,
    });

    // A new title alone is not news for the calendars; a new time is.
    expect((await must(u.staff.request('PATCH', `${base}/${meeting.id}`, { title: 'Sitzung des Bildungsbeirats (Haushalt)' }))).sequence).toBe(0);
    const later = meetingInput(31 * DAY);
    const moved = await must(u.staff.request('PATCH', `${base}/${meeting.id}`, { startsAt: later.startsAt, endsAt: later.endsAt }));
    expect(moved.sequence).toBe(1);
    const updates = await mailsFor(meeting.id, 'REQUEST', 1);
    expect(updates[0]).toMatchObject({ dtstart: later.startsAt, summary: 'Sitzung des Bildungsbeirats (Haushalt)' });
    expect(await kindsOf(meeting.id)).toEqual(
      BOARD_IDS.flatMap((id) => [`meeting-invitation:${meeting.id}:0:${id}`, `meeting-updated:${meeting.id}:1:${id}`]).sort(),
    );

    const ics = await u.board[1]!.get(`${base}/${meeting.id}/ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const calendar = new ICAL.Component(ICAL.parse(ics.body));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstSubcomponent('vevent')!.getFirstPropertyValue('sequence')).toBe(1);
  });

  it('when the chair cancels an invited meeting, then everyone gets METHOD:CANCEL with the next sequence, and the meeting takes no more changes', async () => {
    const meeting = await createMeeting(u.lead);
    await must(u.lead.post(`${base}/${meeting.id}/invitations`));
    await mailsFor(meeting.id, 'REQUEST', 0);
    expect((await u.staff.post(`${base}/${meeting.id}/cancel`, {})).status).toBe(403);
    const cancelled = await must(u.chair.post(`${base}/${meeting.id}/cancel`, { reason: 'Zu wenige Zusagen' }));
    expect(cancelled).toMatchObject({ status: 'cancelled', sequence: 1 });
    const cancels = await mailsFor(meeting.id, 'CANCEL', 1);
    expect(cancels[0]!.subject).toMatch(/^(Abgesagt|Cancelled):/);
    const ics = await u.lead.get(`${base}/${meeting.id}/ics`);
    expect(new ICAL.Component(ICAL.parse(ics.body)).getFirstPropertyValue('method')).toBe('CANCEL');
    const edit = await u.lead.request('PATCH', `${base}/${meeting.id}`, { title: 'Doch nicht' });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('meeting_not_planned');
  });
});

describe('replies and quorum', () => {
  it('when members reply, then the forecast counts them; someone not invited cannot reply', async () => {
    const meeting = await createMeeting(u.lead);
    await must(u.lead.post(`${base}/${meeting.id}/invitations`));
    const [chair, board1, board2, board3] = u.board;
    await must(chair!.put(`${base}/${meeting.id}/reply`, { reply: 'accepted' }));
    await must(board1!.put(`${base}/${meeting.id}/reply`, { reply: 'tentative' }));
    await must(board2!.put(`${base}/${meeting.id}/reply`, { reply: 'declined' }));
    let m = await must(board3!.put(`${base}/${meeting.id}/reply`, { reply: 'accepted' }));
    expect(m.quorumForecast).toMatchObject({ seats: 5, required: 3, accepted: 2, tentative: 1, declined: 1, none: 1, expected: 2, reachedExpected: false });
    expect(m.viewer).toMatchObject({ reply: 'accepted', allowed: ['reply'] });
    m = await must(board1!.put(`${base}/${meeting.id}/reply`, { reply: 'accepted' }));
    expect(m.quorumForecast).toMatchObject({ accepted: 3, tentative: 0, expected: 3, reachedExpected: true });

    expect((await u.lead.put(`${base}/${meeting.id}/reply`, { reply: 'accepted' })).status).toBe(403);
    const bad = await chair!.put(`${base}/${meeting.id}/reply`, { reply: 'maybe' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('reply');
  });

  it('when attendance is recorded on the day, then the actual quorum shows, the meeting is held and its minutes print', async () => {
    const meeting = await createMeeting(u.lead, -30 * 60 * 1000, { title: 'Sitzung im März' });
    const agenda = `${base}/${meeting.id}/agenda`;
    await must(u.staff.post(agenda, { kind: 'report', title: 'Öffentlicher Bericht' }), 201);
    const m1 = await must(u.staff.post(agenda, { kind: 'other', title: 'Personalangelegenheit', public: false }), 201);
    const closed = m1.agenda[1];

    expect((await u.board[1]!.put(`${base}/${meeting.id}/attendance`, { present: ['demo-board1'] })).status).toBe(403);
    const bad = await u.staff.put(`${base}/${meeting.id}/attendance`, { present: ['demo-chair', 'demo-lead'] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('present.1');
    let m = await must(u.staff.put(`${base}/${meeting.id}/attendance`, { present: ['demo-chair', 'demo-board1'] }));
    expect(m.actualQuorum).toEqual({ present: 2, required: 3, reached: false });
    m = await must(u.staff.put(`${base}/${meeting.id}/attendance`, { present: ['demo-chair', 'demo-board1', 'demo-board2'] }));
    expect(m.actualQuorum).toEqual({ present: 3, required: 3, reached: true });

    // A recusal on the non-public item: by oneself, or by the chair for another; not by a member for another.
    expect((await u.board[1]!.post(`${agenda}/${closed.id}/recusals`, { memberId: 'demo-board2' })).status).toBe(403);
    expect((await u.board[1]!.post(`${agenda}/${closed.id}/recusals`, { reason: 'Verwandtschaft' })).status).toBe(201);
    expect((await u.chair.post(`${agenda}/${closed.id}/recusals`, { memberId: 'demo-lead' })).body.errors[0].field).toBe('memberId');

    expect((await u.staff.post(`${base}/${meeting.id}/held`)).status).toBe(403);
    m = await must(u.chair.post(`${base}/${meeting.id}/held`));
    expect(m.status).toBe('held');

    const full = await download(u.lead, `${base}/${meeting.id}/minutes.pdf`);
    expect(full.type).toBe('application/pdf');
    const fullText = await pdfText(full.body);
    expect(fullText).toContain('Sitzung im März');
    expect(fullText).toContain('Personalangelegenheit');
    expect(fullText).toContain('Clara Vorsitz');
    const publicText = await pdfText((await download(u.lead, `${base}/${meeting.id}/minutes.pdf?public=true`)).body);
    expect(publicText).toContain('Öffentlicher Bericht');
    expect(publicText).not.toContain('Personalangelegenheit');
  });
});

describe('status report', () => {
  it('when a meeting is planned within reportLeadDays, then its status report is made and attached at once', async () => {
    const meeting = await createMeeting(u.lead, 3 * DAY);
    const reported = await eventually(async () => {
      const m = await must(u.board[1]!.get(`${base}/${meeting.id}`));
      return m.statusReport && m;
    }, 'the status report');
    expect(reported.statusReport.attachmentId).toMatch(/^a/);
    const { type, body: pdf } = await download(u.board[1]!, `${base}/${meeting.id}/status-report.pdf`);
    expect(type).toBe('application/pdf');
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(await pdfText(pdf)).toMatch(/Sachstand|Beschlusskontrolle|Umsetzung/);
    const json = await must(u.board[1]!.get(`${base}/${meeting.id}/status-report`));
    expect(json).toMatchObject({ regionId: 'demo', attached: reported.statusReport });
  });

  it('when a meeting is weeks away, then it has no report until one is asked for', async () => {
    const meeting = await createMeeting(u.lead, 60 * DAY);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await must(u.lead.get(`${base}/${meeting.id}`))).statusReport).toBeNull();
    expect((await download(u.lead, `${base}/${meeting.id}/status-report.pdf`)).type).toBe('application/pdf');
    expect((await must(u.lead.get(`${base}/${meeting.id}`))).statusReport).not.toBeNull();
  });
});
