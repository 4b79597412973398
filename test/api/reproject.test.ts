import { Client, Connection } from '@temporalio/client';
import { reprojectMandates } from '../../store/reproject';
import { startTestStack, type TestStack } from '../support/stack';
import { createMandate, demoUsers, mandateInDecision, mandatePath, mustAct, taskPath, voteAll, type DemoUsers } from '../factories';

let stack: TestStack;
let u: DemoUsers;
let connection: Connection;

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
  connection = await Connection.connect({ address: stack.config.temporal.address });
});
afterAll(async () => {
  await connection?.close();
  await stack?.stop();
});

describe('reproject', () => {
  it('when the read models are lost, then rebuilding them from the workflows restores every mandate and its history', async () => {
    const draft = await createMandate(u);
    const deciding = await mandateInDecision(u);
    const rejected = await mandateInDecision(u);
    await voteAll(u, rejected.id, { choice: 'reject' });
    await mustAct(u.board[1]!, deciding.id, 'vote', { choice: 'option', optionId: 'o1' });
    const ids = [draft.id, deciding.id, rejected.id];
    const read = async () =>
      Promise.all(
        ids.map(async (id) => ({ mandate: (await u.manager.get(mandatePath(id))).body, history: (await u.manager.get(`${mandatePath(id)}/history`)).body })),
      );
    const before = await read();
    const taskIds = before.flatMap((m) => m.mandate.tasks.map((t: { id: string }) => t.id));
    const readTasks = async () =>
      Promise.all(taskIds.map(async (id) => ({ task: (await u.lead.get(taskPath(id))).body, history: (await u.lead.get(`${taskPath(id)}/history`)).body })));
    const tasksBefore = await readTasks();
    expect(taskIds.length).toBeGreaterThan(5);

    await stack.store.models.Mandate.deleteMany({});
    await stack.store.models.MandateEvent.deleteMany({});
    await stack.store.models.Task.deleteMany({});
    await stack.store.models.TaskArchive.deleteMany({});
    await stack.store.models.TaskEvent.deleteMany({});
    const votesBefore = await stack.store.models.Vote.countDocuments();
    await stack.store.models.Vote.deleteMany({});
    expect((await u.manager.get(mandatePath(draft.id))).status).toBe(404);

    const client = new Client({ connection, namespace: stack.config.temporal.namespace });
    const result = await reprojectMandates(client, stack.store.models, stack.config.temporal.taskQueue);
    expect(result).toEqual({
      mandates: 3,
      events: before.reduce((sum, m) => sum + m.history.items.length, 0),
      tasks: taskIds.length,
      taskEvents: tasksBefore.reduce((sum, t) => sum + t.history.items.length, 0),
      votes: votesBefore,
      meetings: 0,
    });
    // Each mandate's approval and decision votes ran as board votes.
    expect(votesBefore).toBe(4);
    expect(await read()).toEqual(before);
    expect(await readTasks()).toEqual(tasksBefore);
    expect(before[2]!.mandate).toMatchObject({ phase: 'closed', outcome: 'rejected' });
  });
});
