import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import ICAL from 'ical.js';
import { startTestStack, type TestStack } from '../support/stack';
import type { ApiClient } from '../support/http';
import { pdfText } from '../support/pdf';
import { createMandate, demoUsers, finishMandateTasks, mandatePath, mustAct, type DemoUsers } from '../factories';

/**
 * A board's year, through HTTP only: the composition, two meetings with
 * agenda, invitations and attendance, a mandate approved by show of hands and
 * decided by an option ballot with a recusal, a yes/no motion voted live, a
 * written procedure between the meetings, and at the end every decision with
 * its tally, the data it rested on and the state of its implementation, shown
 * and exported.
 */
let stack: TestStack;
let u: DemoUsers;
const base = '/api/regions/demo';
const HOUR = 60 * 60 * 1000;

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
});
afterAll(() => stack?.stop());

async function must(reply: Promise<{ status: number; body: any }>, status = 200) {
  const r = await reply;
  if (r.status !== status) throw new Error(`→ ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function fetchBytes(client: ApiClient, path: string): Promise<{ status: number; type: string; bytes: Buffer }> {
  const response = await fetch(`${stack.baseUrl}${path}`, { headers: { authorization: `Bearer ${client.token}` } });
  return { status: response.status, type: response.headers.get('content-type') ?? '', bytes: Buffer.from(await response.arrayBuffer()) };
}

/** A meeting under way now (attendance can only be recorded from its day on). */
async function meetingNow(title: string) {
  const now = Date.now();
  return must(
    u.lead.post(`${base}/meetings`, {
      title,
      startsAt: new Date(now - HOUR / 2).toISOString(),
      endsAt: new Date(now + 2 * HOUR).toISOString(),
      place: 'Kreishaus, Sitzungssaal 2',
    }),
    201,
  );
}

const castBallot = (client: ApiClient, voteId: string, ballot: Record<string, unknown>) => must(client.post(`${base}/votes/${voteId}/ballot`, ballot));

test('a board runs its year: two meetings, a written procedure, option ballots and a recusal, all of it shown and exported', async () => {
  // The composition: five voting members, the chair's casting vote decides a tie.
  const current = await must(u.lead.get(`${base}/board`));
  const members = current.members.map((m: { userId: string }) => ({
    userId: m.userId,
    voting: true,
    chair: m.userId === 'demo-chair',
    deputyOf: null,
    termFrom: '2026-01-01',
    termUntil: null,
  }));
  await must(u.lead.put(`${base}/board`, { code: 'BB', name: 'Bildungsbeirat Demo', quorum: { kind: 'majority' }, tie: 'chair_casting', members }));

  // Meeting 1: a new mandate for approval, and the region's mission statement.
  const mandate = await createMandate(u, { title: 'Übergang Kita–Grundschule' });
  const first = await meetingNow('1. Sitzung des Bildungsbeirats');
  const mandateItem = await must(
    u.lead.post(`${base}/meetings/${first.id}/agenda`, { kind: 'mandate', title: 'Mandat Übergang Kita–Grundschule', mandateId: mandate.id, public: true }),
    201,
  );
  const approvalItem = mandateItem.agenda.at(-1);
  const withMotion = await must(u.lead.post(`${base}/meetings/${first.id}/agenda`, { kind: 'other', title: 'Leitbild der Bildungsregion', public: true }), 201);
  const leitbildItem = withMotion.agenda.at(-1);
  await must(u.lead.post(`${base}/meetings/${first.id}/invitations`));

  // The invitation is an ICS event that a calendar library reads back.
  const ics = await fetchBytes(u.board[1]!, `${base}/meetings/${first.id}/ics`);
  expect(ics.type).toContain('text/calendar');
  const calendar = new ICAL.Component(ICAL.parse(ics.bytes.toString('utf8')));
  expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
  const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
  expect(event.summary).toBe('1. Sitzung des Bildungsbeirats');
  expect(event.location).toContain('Kreishaus');

  for (const [i, member] of u.board.entries()) await must(member.put(`${base}/meetings/${first.id}/reply`, { reply: i < 4 ? 'accepted' : 'declined' }));
  const forecast = (await must(u.lead.get(`${base}/meetings/${first.id}`))).quorumForecast;
  expect(forecast).toMatchObject({ seats: 5, required: 3, accepted: 4, declined: 1, reachedExpected: true });
  const present = ['demo-chair', 'demo-board1', 'demo-board2', 'demo-board3'];
  const attended = await must(u.lead.put(`${base}/meetings/${first.id}/attendance`, { present }));
  expect(attended.actualQuorum).toMatchObject({ present: 4, required: 3, reached: true });

  // The mandate's approval in the meeting, by show of hands.
  const submitted = await mustAct(u.lead, mandate.id, 'submit', { meetingId: first.id, itemId: approvalItem.id });
  const approvalVote = submitted.vote.boardVoteId;
  expect(submitted.vote).toMatchObject({ mode: 'meeting', status: 'open' });
  const hands = await must(
    u.chair.post(`${base}/votes/${approvalVote}/show-of-hands`, {
      tally: [
        { choice: 'yes', count: 3 },
        { choice: 'no', count: 0 },
        { choice: 'abstain', count: 1 },
      ],
    }),
  );
  expect(hands.outcome.result).toBe('approved');
  expect((await must(u.manager.get(mandatePath(mandate.id)))).phase).toBe('preparation');

  // The mission statement, voted live on the members' tablets.
  const leitbild = await must(
    u.chair.post(`${base}/votes`, {
      subject: { title: 'Leitbild', motion: 'Der Beirat beschließt das Leitbild der Bildungsregion.', meetingId: first.id, itemId: leitbildItem.id },
      ballot: { kind: 'yes_no' },
      mode: 'meeting',
    }),
    201,
  );
  for (const member of [u.board[1]!, u.board[2]!]) await castBallot(member, leitbild.id, { choice: 'yes' });
  await castBallot(u.board[3]!, leitbild.id, { choice: 'no', note: 'Zu allgemein gehalten.' });
  const leitbildClosed = await must(u.chair.post(`${base}/votes/${leitbild.id}/close`));
  expect(leitbildClosed.outcome).toMatchObject({ result: 'approved', quorum: { participating: 3, reached: true } });
  await must(u.lead.post(`${base}/meetings/${first.id}/held`));

  // Between the meetings: a written procedure on the budget.
  const budget = await must(
    u.chair.post(`${base}/votes`, {
      subject: { title: 'Mittel für Lernpaten 2027', motion: 'Der Beirat empfiehlt 40.000 € für Lernpatenschaften.' },
      ballot: { kind: 'yes_no' },
      mode: 'written',
      deadline: new Date(Date.now() + 10 * 24 * HOUR).toISOString(),
    }),
    201,
  );
  expect((await must(u.board[4]!.get(`${base}/votes?waiting=me`))).items.map((v: { id: string }) => v.id)).toContain(budget.id);
  for (const member of u.board.slice(0, 3)) await castBallot(member, budget.id, { choice: 'yes' });
  const budgetClosed = await must(u.manager.get(`${base}/votes/${budget.id}`));
  expect(budgetClosed).toMatchObject({ status: 'closed', closeReason: 'decided', outcome: { result: 'approved' } });

  // The office prepares the mandate; a member declares a conflict of interest on the agenda item of meeting 2.
  await mustAct(u.staff, mandate.id, 'add-option', { title: 'Brückenjahr', description: 'Kita und Schule planen das letzte Kitajahr gemeinsam', cost: 60000 });
  await mustAct(u.staff, mandate.id, 'add-option', { title: 'Übergangsbögen', description: 'Ein gemeinsamer Bogen für alle Kinder' });
  await finishMandateTasks(u, mandate.id);
  const second = await meetingNow('2. Sitzung des Bildungsbeirats');
  const decisionAgenda = await must(
    u.lead.post(`${base}/meetings/${second.id}/agenda`, {
      kind: 'mandate',
      title: 'Entscheidung: Übergang Kita–Grundschule',
      mandateId: mandate.id,
      public: false,
    }),
    201,
  );
  const decisionItem = decisionAgenda.agenda.at(-1);
  await must(u.board[2]!.post(`${base}/meetings/${second.id}/agenda/${decisionItem.id}/recusals`, { reason: 'Leitet eine der Kitas' }), 201);
  await must(u.lead.put(`${base}/meetings/${second.id}/attendance`, { present: ['demo-chair', 'demo-board1', 'demo-board2', 'demo-board3', 'demo-board4'] }));

  const inDecision = await mustAct(u.lead, mandate.id, 'submit-dossier', { meetingId: second.id, itemId: decisionItem.id });
  const decisionVote = inDecision.vote.boardVoteId;
  expect(inDecision.vote.quorum).toMatchObject({ eligible: 4, recused: 1, required: 3 });
  const refused = await u.board[2]!.post(`${base}/votes/${decisionVote}/ballot`, { choice: 'option', optionId: 'o1' });
  expect(refused.body.code).toBe('recused');
  // The chair last: until then, the chair's casting vote could still turn a 2 : 2.
  await castBallot(u.board[1]!, decisionVote, { choice: 'option', optionId: 'o2' });
  await castBallot(u.board[3]!, decisionVote, { choice: 'option', optionId: 'o1' });
  await castBallot(u.board[4]!, decisionVote, { choice: 'option', optionId: 'o1' });
  expect((await must(u.manager.get(mandatePath(mandate.id)))).phase).toBe('decision');
  await castBallot(u.board[0]!, decisionVote, { choice: 'option', optionId: 'o1' });
  const decided = await must(u.manager.get(mandatePath(mandate.id)));
  expect(decided).toMatchObject({ phase: 'implementation', decision: { optionId: 'o1', optionTitle: 'Brückenjahr' } });

  // Every decision of the year, numbered without gaps.
  const records = (await must(u.manager.get(`${base}/decisions`))).items;
  const year = new Date().getFullYear();
  expect(records.map((r: { number: string }) => r.number).sort()).toEqual([1, 2, 3, 4].map((n) => `BB-${year}/00${n}`));
  const record = records.find((r: { voteId: string }) => r.voteId === decisionVote);
  expect(record).toMatchObject({ result: 'option', optionTitle: 'Brückenjahr', mode: 'meeting', subject: { meetingId: second.id, itemId: decisionItem.id } });
  expect(record.tally).toContainEqual({ choice: 'option', optionId: 'o1', count: 3 });
  expect(record.recusals.map((r: { memberId: string }) => r.memberId)).toEqual(['demo-board2']);
  expect(record.dossier.hash).toBe(decided.decision.dossierHash);
  expect(JSON.stringify(record.dossier.content)).toContain('Brückenjahr');
  const leitbildRecord = records.find((r: { voteId: string }) => r.voteId === leitbild.id);
  expect(leitbildRecord.dissent).toEqual([expect.objectContaining({ memberId: 'demo-board3', text: 'Zu allgemein gehalten.' })]);

  // Implementation: an item carried by an office task, on the traffic light.
  const due = new Date(Date.now() + 5 * 24 * HOUR).toISOString().slice(0, 10);
  const item = await must(
    u.lead.post(`${base}/decisions/${record.id}/items`, { title: 'Kooperationsvereinbarungen schließen', responsibleId: 'demo-staff', dueDate: due }),
    201,
  );
  expect(item.taskId).toBeTruthy();
  const report = await must(u.manager.get(`${base}/implementation-report`));
  const entry = report.entries.find((e: { decision: { id: string } }) => e.decision.id === record.id);
  expect(entry.items).toEqual([expect.objectContaining({ title: 'Kooperationsvereinbarungen schließen', light: 'yellow' })]);

  // Exports: the decision record, the minutes (with the recusal), the status report.
  const pdf = await fetchBytes(u.manager, `${base}/decisions/${record.id}/pdf`);
  expect(pdf.type).toContain('application/pdf');
  const recordText = await pdfText(pdf.bytes);
  expect(recordText).toContain(record.number);
  expect(recordText).toContain('Brückenjahr');
  expect(recordText).toContain(record.dossier.hash);
  expect(recordText).toMatch(/befangen/);
  const minutes = await pdfText((await fetchBytes(u.manager, `${base}/meetings/${second.id}/minutes.pdf`)).bytes);
  expect(minutes).toContain(record.number);
  expect(minutes).toMatch(/befangen/);
  const publicMinutes = await pdfText((await fetchBytes(u.manager, `${base}/meetings/${second.id}/minutes.pdf?public=true`)).bytes);
  expect(publicMinutes).not.toContain('Brückenjahr');
  const statusPdf = await pdfText((await fetchBytes(u.manager, `${base}/implementation-report.pdf`)).bytes);
  expect(statusPdf).toContain(`Beschluss ${record.number}`);
  // The table wraps the title in its narrow column.
  expect(statusPdf).toMatch(new RegExp(`Kooperationsvereinbaru[\\s\\S]*${due.split('-').reverse().join('\\.')}[\\s\\S]*Gelb`));

  // Meeting 1's page shows each item's votes and decisions.
  const firstPage = await must(u.manager.get(`${base}/meetings/${first.id}`));
  const items = new Map(firstPage.agenda.map((i: { id: string }) => [i.id, i]));
  expect((items.get(approvalItem.id) as { decisions: unknown[] }).decisions).toHaveLength(1);
  expect((items.get(leitbildItem.id) as { decisions: unknown[] }).decisions).toHaveLength(1);

  // With SAVE_HISTORIES=1 this run leaves the replay fixtures of this workflow version (test/workflows/replay.test.ts).
  if (process.env.SAVE_HISTORIES) {
    await saveHistories({
      'v3-mandate-with-board-votes': `mandate-${mandate.id}`,
      'v3-vote-show-of-hands': `vote-${approvalVote}`,
      'v3-vote-written-procedure': `vote-${budget.id}`,
      'v3-vote-in-meeting-with-recusal': `vote-${decisionVote}`,
      'v3-meeting-held': `meeting-${first.id}`,
    });
  }
});

async function saveHistories(files: Record<string, string>): Promise<void> {
  const connection = await Connection.connect({ address: stack.config.temporal.address });
  try {
    const client = new Client({ connection, namespace: stack.config.temporal.namespace });
    for (const [file, workflowId] of Object.entries(files)) {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      writeFileSync(path.join(__dirname, '../fixtures/histories', `${file}.json`), historyToJSON(history));
    }
  } finally {
    await connection.close();
  }
}
