import type { DecisionRecord } from '../../domain/board/types';
import { addDays, berlinDate } from '../../domain/time';
import { createDecisionRecord, type NewDecisionRecord } from '../../store/decisions';
import { editImplementationItem } from '../../store/implementation-items';
import { createMandate, demoUsers, mustTaskAct, taskPath, type DemoUsers } from '../factories';
import { login, type ApiClient } from '../support/http';
import { pdfText } from '../support/pdf';
import { newDecisionRecord } from '../support/decisions';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let u: DemoUsers;
let provider: ApiClient;
const today = () => berlinDate(Date.now());
const base = '/api/regions/demo';

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
  provider = await login(stack.baseUrl, 'provider@demo.test');
});
afterAll(() => stack?.stop());

const chair = { id: 'demo-chair', name: 'Clara Vorsitz' };
let votes = 0;

/** A decision as a closing vote records it, written straight into the stack's database. Each test takes a year of its own. */
function record(year: number, overrides: Partial<NewDecisionRecord> = {}): Promise<DecisionRecord> {
  return createDecisionRecord(
    stack.store.models,
    newDecisionRecord({
      voteId: `v-api-${++votes}`,
      subject: { kind: 'item', mandateId: null, meetingId: null, itemId: null, title: 'Schulsozialarbeit ausbauen', motion: 'Der Beirat empfiehlt …' },
      text: 'Der Beirat empfiehlt, an allen Grundschulen Schulsozialarbeit einzurichten.',
      tally: [
        { choice: 'yes', count: 4 },
        { choice: 'no', count: 1 },
        { choice: 'abstain', count: 0 },
      ],
      quorum: { seats: 5, recused: 0, eligible: 5, required: 3, participating: 5, reached: true },
      votes: [
        { memberId: 'demo-chair', name: 'Clara Vorsitz', castBy: chair, choice: 'yes', optionId: null },
        { memberId: 'demo-board1', name: 'Bernd Beirat', castBy: { id: 'demo-board1', name: 'Bernd Beirat' }, choice: 'no', optionId: null },
      ],
      participants: [chair, { id: 'demo-board1', name: 'Bernd Beirat' }],
      rationale: 'Die Zahl der Schulabbrüche steigt.',
      decidedAt: `${year}-03-10T10:00:00.000Z`,
      recordedAt: `${year}-03-10T10:00:01.000Z`,
      ...overrides,
    }),
  );
}

const patch = (client: ApiClient, path: string, body: unknown) => client.request('PATCH', path, body);
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
async function bytes(client: ApiClient, path: string) {
  const response = await fetch(`${client.baseUrl}${path}`, { headers: { authorization: `Bearer ${client.token}` } });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: Buffer.from(await response.arrayBuffer()) };
}

async function addItem(client: ApiClient, decisionId: string, body: Record<string, unknown>) {
  const reply = await client.post(`${base}/decisions/${decisionId}/items`, body);
  if (reply.status !== 201) throw new Error(`add item → ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

describe('GET /decisions', () => {
  it('when members list the decisions, then they see the region’s newest first, filtered by year and mandate', async () => {
    const first = await record(2031);
    const second = await record(2031, {
      subject: { kind: 'mandate-decision', mandateId: 'm-api-1', meetingId: 'meet-1', itemId: 'i1', title: 'Lotsen', motion: '…' },
    });
    await record(2032);
    const list = await u.board[2]!.get(`${base}/decisions?year=2031`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: DecisionRecord) => r.number)).toEqual([second.number, first.number]);
    expect(list.body.items[0]).toEqual(second);
    expect((await u.manager.get(`${base}/decisions?mandateId=m-api-1`)).body.items.map((r: DecisionRecord) => r.id)).toEqual([second.id]);
    expect((await u.staff.get(`${base}/decisions?meetingId=meet-1`)).body.items.map((r: DecisionRecord) => r.id)).toEqual([second.id]);
    const all = (await u.lead.get(`${base}/decisions`)).body.items.map((r: DecisionRecord) => r.year);
    expect(all.indexOf(2032)).toBeLessThan(all.indexOf(2031));
  });

  it('when the query is wrong or the caller is outside the region or only a data provider, then 422 / 403', async () => {
    const bad = await u.lead.get(`${base}/decisions?year=zwanzig&color=red`);
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad.body).sort()).toEqual(['color', 'year']);
    expect((await u.otherChair.get(`${base}/decisions`)).status).toBe(403);
    expect((await provider.get(`${base}/decisions`)).status).toBe(403);
  });
});

describe('GET /decisions/:decisionId and its PDF', () => {
  it('when a member opens a decision, then it comes with its corrections and items; as PDF with its number and text', async () => {
    const decision = await record(2033);
    const got = await u.board[3]!.get(`${base}/decisions/${decision.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ ...decision, correctedBy: [], items: [] });

    const pdf = await bytes(u.board[3]!, `${base}/decisions/${decision.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const text = (await pdfText(pdf.body)).replace(/\s+/g, ' ');
    expect(text).toContain(decision.number);
    expect(text).toContain('an allen Grundschulen Schulsozialarbeit');
    expect(text).toContain('Bildungsregion Musterkreis');
    const english = await bytes(u.board[3]!, `${base}/decisions/${decision.id}/pdf?lang=en`);
    expect((await pdfText(english.body)).replace(/\s+/g, ' ')).toContain('Decision');
  });

  it('when the decision is another region’s or unknown, then 404; outside the region 403', async () => {
    const theirs = await record(2033, { regionId: 'other', boardCode: 'OT' });
    expect((await u.lead.get(`${base}/decisions/${theirs.id}`)).status).toBe(404);
    expect((await u.lead.get(`${base}/decisions/${theirs.id}/pdf`)).status).toBe(404);
    expect((await u.otherLead.get(`/api/regions/other/decisions/${theirs.id}`)).status).toBe(200);
    expect((await u.lead.get(`${base}/decisions/BB-1999-001`)).status).toBe(404);
    expect((await u.otherLead.get(`${base}/decisions/BB-1999-001`)).status).toBe(403);
  });
});

describe('POST /decisions/:decisionId/corrections', () => {
  it('when the chair corrects a decision, then a new record corrects it and the old one stays as it was', async () => {
    const decision = await record(2034);
    const reply = await u.chair.post(`${base}/decisions/${decision.id}/corrections`, {
      text: 'Der Beirat empfiehlt, an allen Grund- und Förderschulen Schulsozialarbeit einzurichten.',
      dissent: [{ memberId: 'demo-board1', text: 'Die Kosten sind nicht gedeckt.' }],
      reason: 'Förderschulen waren beschlossen, fehlten im Text',
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({
      id: 'BB-2034-002',
      corrects: decision.id,
      correctionReason: 'Förderschulen waren beschlossen, fehlten im Text',
      voteId: null,
      tally: decision.tally,
      rationale: decision.rationale,
      dissent: [{ memberId: 'demo-board1', name: 'Bernd Beirat', text: 'Die Kosten sind nicht gedeckt.' }],
      recordedBy: chair,
    });
    const old = await u.manager.get(`${base}/decisions/${decision.id}`);
    expect(old.body).toEqual({ ...decision, correctedBy: ['BB-2034-002'], items: [] });
    const corrected = await u.manager.get(`${base}/decisions/BB-2034-002`);
    expect(corrected.body.text).toContain('Förderschulen');

    // The old version is no longer the one to correct.
    const again = await u.lead.post(`${base}/decisions/${decision.id}/corrections`, { text: 'x', reason: 'y' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'decision_corrected', correctedBy: ['BB-2034-002'] });
  });

  it('when the caller may not correct or the body is wrong, then 403 / 422 naming the fields / 404', async () => {
    const decision = await record(2035);
    const path = `${base}/decisions/${decision.id}/corrections`;
    expect((await u.board[1]!.post(path, { text: 'x', reason: 'y' })).status).toBe(403);
    expect((await u.staff.post(path, { text: 'x', reason: 'y' })).status).toBe(403);
    expect((await u.otherChair.post(path, { text: 'x', reason: 'y' })).status).toBe(403);
    const noReason = await u.chair.post(path, { text: 'x' });
    expect(noReason.status).toBe(422);
    expect(fieldsOf(noReason.body)).toEqual(['reason']);
    const nothing = await u.chair.post(path, { reason: 'y' });
    expect(nothing.status).toBe(422);
    expect(fieldsOf(nothing.body)).toEqual(['text']);
    const stranger = await u.chair.post(path, { dissent: [{ memberId: 'other-chair', text: 'nein' }], reason: 'y' });
    expect(stranger.status).toBe(422);
    expect(fieldsOf(stranger.body)).toEqual(['dissent.0.memberId']);
    expect((await u.chair.post(`${base}/decisions/BB-1999-001/corrections`, { text: 'x', reason: 'y' })).status).toBe(404);
    // Nothing was recorded by the refused requests.
    expect((await u.chair.get(`${base}/decisions?year=2035`)).body.items).toHaveLength(1);
  });
});

describe('implementation items', () => {
  it('when the lead adds items, then each carries an office task of the responsible person, and its light turns done with the task', async () => {
    const decision = await record(2036);
    const later = await addItem(u.lead, decision.id, { title: 'Stellen ausschreiben', responsibleId: 'demo-staff', dueDate: addDays(today(), 60) });
    const soon = await addItem(u.chair, decision.id, { title: 'Träger anschreiben', responsibleId: 'demo-staff2', dueDate: addDays(today(), 5) });
    expect(later).toMatchObject({
      decisionId: decision.id,
      responsible: { id: 'demo-staff', name: 'Sven Sachbearbeitung' },
      light: 'green',
      taskStatus: 'claimed',
    });
    expect(soon).toMatchObject({ light: 'yellow', delayReason: null, createdBy: chair });

    const task = (await u.staff.get(taskPath(later.taskId))).body;
    expect(task).toMatchObject({ type: 'general', title: 'Stellen ausschreiben', dueDate: later.dueDate, assignee: { id: 'demo-staff' }, mandateId: null });
    expect(task.description).toContain(decision.number);

    const detail = (await u.board[1]!.get(`${base}/decisions/${decision.id}`)).body;
    expect(detail.items.map((i: { id: string; light: string }) => [i.id, i.light])).toEqual([
      [soon.id, 'yellow'],
      [later.id, 'green'],
    ]);

    await mustTaskAct(u.staff, later.taskId, 'complete', { output: { note: 'ausgeschrieben' } });
    const after = (await u.board[1]!.get(`${base}/decisions/${decision.id}`)).body;
    expect(after.items.find((i: { id: string }) => i.id === later.id)).toMatchObject({ light: 'done', taskStatus: 'done' });
  });

  it('when the decision is a mandate’s, then the item’s task belongs to the mandate', async () => {
    const mandate = await createMandate(u);
    const decision = await record(2037, {
      subject: { kind: 'mandate-decision', mandateId: mandate.id, meetingId: null, itemId: null, title: mandate.title, motion: '…' },
    });
    const item = await addItem(u.lead, decision.id, { title: 'Lotsen einstellen', responsibleId: 'demo-lead', dueDate: addDays(today(), 30) });
    expect((await u.lead.get(taskPath(item.taskId))).body).toMatchObject({ mandateId: mandate.id, assignee: { id: 'demo-lead' } });
  });

  it('when an item is added with a wrong body or by someone else, then 422 naming the field / 403 / 404, and no item is stored', async () => {
    const decision = await record(2038);
    const path = `${base}/decisions/${decision.id}/items`;
    const valid = { title: 'Bericht', responsibleId: 'demo-staff', dueDate: addDays(today(), 10) };
    expect((await u.staff.post(path, valid)).status).toBe(403);
    expect((await u.board[1]!.post(path, valid)).status).toBe(403);
    expect((await u.otherLead.post(path, valid)).status).toBe(403);
    const boardMember = await u.lead.post(path, { ...valid, responsibleId: 'demo-board1' });
    expect(boardMember.status).toBe(422);
    expect(fieldsOf(boardMember.body)).toEqual(['responsibleId']);
    const past = await u.lead.post(path, { ...valid, dueDate: addDays(today(), -1) });
    expect(past.status).toBe(422);
    expect(fieldsOf(past.body)).toEqual(['dueDate']);
    const missing = await u.lead.post(path, { responsibleId: 'demo-staff', dueDate: '2026-02-30', extra: 1 });
    expect(missing.status).toBe(422);
    expect(fieldsOf(missing.body).sort()).toEqual(['dueDate', 'extra', 'title']);
    expect((await u.lead.post(`${base}/decisions/BB-1999-001/items`, valid)).status).toBe(404);
    expect((await u.lead.get(`${base}/decisions/${decision.id}`)).body.items).toEqual([]);
  });

  it('when the responsible person or the office edits an item, then its delay reason changes, the lead moves its due date with its task; others get 403, other decisions 404', async () => {
    const decision = await record(2039);
    const other = await record(2039);
    const item = await addItem(u.lead, decision.id, { title: 'Konzept schreiben', responsibleId: 'demo-staff', dueDate: addDays(today(), 40) });
    const path = `${base}/decisions/${decision.id}/items/${item.id}`;

    const byResponsible = await patch(u.staff, path, { delayReason: 'Träger antwortet nicht' });
    expect(byResponsible.status).toBe(200);
    expect(byResponsible.body).toMatchObject({ id: item.id, delayReason: 'Träger antwortet nicht', dueDate: addDays(today(), 40), light: 'green' });
    // The due date is the task's too: only the office lead moves it, and the task moves with it.
    const notTheirs = await patch(u.staff, path, { dueDate: addDays(today(), 3) });
    expect(notTheirs.status).toBe(403);
    const moved = await patch(u.lead, path, { dueDate: addDays(today(), 3) });
    expect(moved.body).toMatchObject({ dueDate: addDays(today(), 3), light: 'yellow' });
    expect((await u.lead.get(taskPath(item.taskId))).body.dueDate).toBe(addDays(today(), 3));
    const byOffice = await patch(u.staff2, path, { delayReason: '' });
    expect(byOffice.body).toMatchObject({ delayReason: null, dueDate: addDays(today(), 3) });

    expect((await patch(u.board[1]!, path, { delayReason: 'x' })).status).toBe(403);
    expect((await patch(u.manager, path, { delayReason: 'x' })).status).toBe(403);
    expect((await patch(u.otherLead, path, { delayReason: 'x' })).status).toBe(403);
    expect((await patch(u.lead, `${base}/decisions/${other.id}/items/${item.id}`, { delayReason: 'x' })).status).toBe(404);
    expect((await patch(u.lead, `${base}/decisions/${decision.id}/items/nope`, { delayReason: 'x' })).status).toBe(404);
    const bad = await patch(u.lead, path, { dueDate: addDays(today(), -2), note: 'x' });
    expect(bad.status).toBe(422);
    expect(fieldsOf(bad.body)).toEqual(['note']);
    const past = await patch(u.lead, path, { dueDate: addDays(today(), -2) });
    expect(past.status).toBe(422);
    expect(fieldsOf(past.body)).toEqual(['dueDate']);
    expect((await u.lead.get(`${base}/decisions/${decision.id}`)).body.items[0]).toMatchObject({ delayReason: null, dueDate: addDays(today(), 3) });
  });
});

describe('GET /implementation-report', () => {
  it('when decisions have open items, then the report lists them with their lights and counts, as JSON and PDF', async () => {
    const overdue = await record(2040, { subject: { kind: 'item', mandateId: null, meetingId: null, itemId: null, title: 'Ganztag ausbauen', motion: '…' } });
    const finished = await record(2040);
    const late = await addItem(u.lead, overdue.id, { title: 'Raumkonzept vorlegen', responsibleId: 'demo-staff', dueDate: addDays(today(), 1) });
    // A date in the past cannot be set through the API; the store can, as time passing would.
    await editImplementationItem(stack.store.models, 'demo', late.id, { dueDate: addDays(today(), -3), delayReason: 'Bauamt prüft noch' });
    const done = await addItem(u.lead, finished.id, { title: 'Presse informieren', responsibleId: 'demo-staff', dueDate: addDays(today(), 20) });
    await mustTaskAct(u.staff, done.taskId, 'complete', { output: {} });

    const reply = await u.board[4]!.get(`${base}/implementation-report`);
    expect(reply.status).toBe(200);
    const report = reply.body;
    expect(report).toMatchObject({ regionId: 'demo', regionName: 'Bildungsregion Musterkreis', today: today(), yellowDays: 14 });
    const numbers = report.entries.map((e: { decision: { number: string } }) => e.decision.number);
    expect(numbers).toContain(overdue.number);
    expect(numbers).not.toContain(finished.number);
    const entry = report.entries.find((e: { decision: { id: string } }) => e.decision.id === overdue.id);
    expect(entry.decision).toEqual({ id: overdue.id, number: overdue.number, text: overdue.text, decidedAt: overdue.decidedAt, subject: overdue.subject });
    expect(entry.items).toEqual([expect.objectContaining({ id: late.id, light: 'red', taskStatus: 'claimed', delayReason: 'Bauamt prüft noch' })]);
    const lights = report.entries.flatMap((e: { items: { light: string }[] }) => e.items.map((i) => i.light));
    expect(report.counts).toEqual({
      green: lights.filter((l: string) => l === 'green').length,
      yellow: lights.filter((l: string) => l === 'yellow').length,
      red: lights.filter((l: string) => l === 'red').length,
      done: lights.filter((l: string) => l === 'done').length,
    });
    expect(report.counts.red).toBeGreaterThanOrEqual(1);

    const pdf = await bytes(u.manager, `${base}/implementation-report.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const text = (await pdfText(pdf.body)).replace(/\s+/g, ' ');
    expect(text).toContain(overdue.number);
    expect(text).toContain('Raumkonzept vorlegen');
    expect(text).toContain('Bauamt prüft noch');

    expect((await u.otherLead.get(`${base}/implementation-report`)).status).toBe(403);
    expect((await provider.get(`${base}/implementation-report.pdf`)).status).toBe(403);
  });
});
