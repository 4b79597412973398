import type { ChildProcess } from 'node:child_process';
import { startTestStack, type TestStack } from '../support/stack';
import { kill, spawnWorker } from '../support/processes';
import { act, createMandate, demoUsers, mandatePath, mustAct, voteAll, type DemoUsers, finishMandateTasks } from '../factories';

let stack: TestStack;
let u: DemoUsers;
let worker: ChildProcess | undefined;

beforeAll(async () => {
  stack = await startTestStack({ worker: false });
  worker = await spawnWorker(stack.config);
  u = await demoUsers(stack.baseUrl);
});
afterAll(async () => {
  if (worker) await kill(worker);
  await stack?.stop();
});

describe('a worker killed in the middle of the cycle', () => {
  it('when the worker dies with SIGKILL and comes back, then the pending action lands and nothing is lost', async () => {
    const m = await createMandate(u);
    await mustAct(u.lead, m.id, 'submit');
    await voteAll(u, m.id, { choice: 'yes' });
    await mustAct(u.staff, m.id, 'add-option', { title: 'Lotsen', description: 'Ausbildungslotsen' });

    await kill(worker!);
    // Accepted while no worker runs: the update waits in Temporal until a worker picks it up.
    const pending = act(u.staff, m.id, 'record-data', { indicator: 'Abbrüche', period: '2025', value: 27.4 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    worker = await spawnWorker(stack.config);
    const landed = await pending;
    expect(landed.status).toBe(200);
    expect(landed.body.data).toHaveLength(1);

    await finishMandateTasks(u, m.id);
    await mustAct(u.lead, m.id, 'submit-dossier');
    await kill(worker);
    worker = await spawnWorker(stack.config);
    const decided = await voteAll(u, m.id, { choice: 'option', optionId: 'o1' });
    expect(decided).toMatchObject({ phase: 'implementation', decision: { optionId: 'o1' } });
    await finishMandateTasks(u, m.id);
    await mustAct(u.lead, m.id, 'complete-implementation', { summary: 'umgesetzt' });
    await mustAct(u.staff, m.id, 'record-data', { indicator: 'Abbrüche', period: '2027', value: 20.1 });
    await finishMandateTasks(u, m.id);
    const closed = await mustAct(u.lead, m.id, 'close', { evaluation: 'wirksam' });
    expect(closed).toMatchObject({ phase: 'closed', outcome: 'completed' });

    const history = (await u.lead.get(`${mandatePath(m.id)}/history`)).body.items;
    expect(history.map((e: { seq: number }) => e.seq)).toEqual(history.map((_: unknown, i: number) => i + 1));
    expect(history.filter((e: { action: string }) => e.action === 'record-data')).toHaveLength(2);
    // Both votes ran as board votes, across the kills: each closed with its three ballots.
    expect(history.filter((e: { action: string }) => e.action === 'close-vote')).toHaveLength(2);
    const votes = (await u.lead.get(`/api/regions/demo/votes?mandateId=${m.id}`)).body.items;
    expect(votes.map((v: { status: string; ballots: unknown[] }) => [v.status, v.ballots.length])).toEqual([
      ['closed', 3],
      ['closed', 3],
    ]);
  });
});
