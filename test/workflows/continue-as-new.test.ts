import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort, startTemporalDevServer, type ServerHandle } from '../../scripts/servers';
import { mandateWorkflowId } from '../../workflows/mandate/messages';
import { startTestStack, type TestStack } from '../support/stack';
import { testTemporalCliPath } from '../support/servers';
import { act, createMandate, demoUsers, mandatePath, mustAct, voteAll, type DemoUsers, finishMandateTasks } from '../factories';

/**
 * A dev server that suggests continue-as-new after 40 history events, so a
 * mandate rolls over into new runs within a few actions, as it would after
 * years of real use.
 */
let temporal: ServerHandle;
let stack: TestStack;
let u: DemoUsers;
let connection: Connection;
const dir = mkdtempSync(path.join(os.tmpdir(), 'mandate-can-'));

beforeAll(async () => {
  temporal = await startTemporalDevServer({
    cliPath: testTemporalCliPath(),
    port: await freePort(),
    logFile: path.join(dir, 'temporal.log'),
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 40 },
  });
  stack = await startTestStack({ temporalAddress: temporal.address });
  u = await demoUsers(stack.baseUrl);
  connection = await Connection.connect({ address: temporal.address });
});
afterAll(async () => {
  await connection?.close();
  await stack?.stop();
  await temporal?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function runsOf(id: string, isWorkflowId = false): Promise<string[]> {
  const client = new Client({ connection });
  const statuses: string[] = [];
  const workflowId = isWorkflowId ? id : mandateWorkflowId(id);
  for await (const run of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) statuses.push(run.status.name);
  return statuses;
}

const recordData = (i: number) => ({ indicator: 'Betreuungsquote U3', period: String(2000 + i), value: 30 + i, unit: '%' });

describe('continue-as-new', () => {
  it('when the history grows, then the mandate continues in new runs with its state, its open vote and its idempotency keys', async () => {
    const m = await createMandate(u);
    await mustAct(u.lead, m.id, 'submit');
    await voteAll(u, m.id, { choice: 'yes' });
    const first = await act(u.staff, m.id, 'record-data', recordData(0), { 'Idempotency-Key': 'data-0' });
    expect(first.status).toBe(200);
    for (let i = 1; i < 8; i++) await mustAct(u.staff, m.id, 'record-data', recordData(i));

    expect((await runsOf(m.id)).filter((status) => status === 'CONTINUED_AS_NEW').length).toBeGreaterThanOrEqual(1);

    // A retry of a key applied in an earlier run: no second data point.
    const retry = await act(u.staff, m.id, 'record-data', recordData(0), { 'Idempotency-Key': 'data-0' });
    expect(retry.status).toBe(200);
    expect(retry.body.data).toHaveLength(8);

    // Concurrent actions while runs roll over: every one lands exactly once.
    const replies = await Promise.all([8, 9, 10, 11, 12, 13].map((i) => act(u.staff, m.id, 'record-data', recordData(i), { 'Idempotency-Key': `data-${i}` })));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);

    await mustAct(u.staff, m.id, 'add-option', { title: 'Kita-Ausbau', description: '200 neue Plätze' });
    // The office's tasks report to the mandate across its runs, too.
    await finishMandateTasks(u, m.id);
    const inDecision = await mustAct(u.lead, m.id, 'submit-dossier');
    const voteId = inDecision.vote.boardVoteId;
    for (const member of u.board.slice(0, 2)) await mustAct(member, m.id, 'vote', { choice: 'option', optionId: 'o1' });
    // A member changes their mind again and again: the board vote rolls over into new runs of its own, keeping every ballot.
    for (let i = 14; i < 34; i++) await mustAct(u.board[2]!, m.id, 'vote', { choice: i % 2 ? 'abstain' : 'reject' });
    expect((await runsOf(`vote-${voteId}`, true)).filter((status) => status === 'CONTINUED_AS_NEW').length).toBeGreaterThanOrEqual(1);
    // Meanwhile the mandate, waiting with its open vote, rolls over too: the lead adds tasks by hand.
    for (let i = 0; i < 4; i++) {
      const task = await u.lead.post('/api/regions/demo/tasks', { title: `Rückfrage ${i}`, mandateId: m.id, dueDate: '2027-06-30' });
      expect(task.status).toBe(201);
    }
    const waiting = (await u.lead.get(mandatePath(m.id))).body;
    expect(waiting.vote).toMatchObject({ boardVoteId: voteId, status: 'open', quorum: { cast: 3 } });
    // o1 twice, abstain once, two outstanding: the next o1 decides it.
    const decided = await mustAct(u.board[4]!, m.id, 'vote', { choice: 'option', optionId: 'o1' });
    expect(decided).toMatchObject({ phase: 'implementation', decision: { optionId: 'o1' } });
    // Fourteen values recorded by hand, one from each indicator's data task.
    expect(decided.data).toHaveLength(14 + 2);
    const byPhase = (phase: string) => decided.tasks.filter((t: { phase: string }) => t.phase === phase).map((t: { status: string }) => t.status);
    expect(byPhase('preparation')).toEqual(Array(5).fill('done'));
    expect(byPhase('implementation')).toEqual(['open', 'open']);

    const history = (await u.lead.get(`${mandatePath(m.id)}/history`)).body.items;
    expect(history.map((e: { seq: number }) => e.seq)).toEqual(history.map((_: unknown, i: number) => i + 1));
    expect(history.filter((e: { action: string }) => e.action === 'record-data')).toHaveLength(14);
    expect((await runsOf(m.id)).filter((status) => status === 'CONTINUED_AS_NEW').length).toBeGreaterThanOrEqual(3);
  });
});
