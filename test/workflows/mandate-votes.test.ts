import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createMandateActivities } from '../../activities/mandate-activities';
import { createTaskActivities } from '../../activities/task-activities';
import type { MandateState } from '../../domain/mandate';
import type { Actor } from '../../domain/roles';
import { openStore, type Store } from '../../store/connection';
import { findMandate } from '../../store/mandates';
import { setTaskTemplates } from '../../store/tasks';
import { seedDemoData, DEMO_USERS } from '../../store/seed';
import { actionUpdate, mandateWorkflowId, stateQuery, type ActionUpdateArgs } from '../../workflows/mandate/messages';
import { testMongoUri, testTimeSkippingServerPath, uniqueName } from '../support/servers';
import { workflowBundle } from '../support/stack';

/** Vote deadlines are durable timers: these tests skip 14 days of time on the time-skipping test server. */
let env: TestWorkflowEnvironment;
let store: Store;
let worker: Worker;
let running: Promise<void>;
const taskQueue = uniqueName('votes');

const actor = (email: string): Actor => {
  const user = DEMO_USERS.find((u) => u.email === email)!;
  return { id: user.id, name: user.name, roles: user.roles };
};
const lead = actor('lead@demo.test');
const chair = actor('chair@demo.test');
const board = ['chair@demo.test', 'board1@demo.test', 'board2@demo.test', 'board3@demo.test', 'board4@demo.test'].map(actor);

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testTimeSkippingServerPath() } } });
  store = await openStore(testMongoUri(uniqueName('votes')));
  await seedDemoData(store.models, 'demo', { monitoring: false });
  // These tests are about votes: the region has no task templates, so no phase gate waits for office work.
  await setTaskTemplates(store.models, 'demo', { preparation: [], implementation: [], evaluation: [] });
  const bundle = workflowBundle();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    activities: { ...createMandateActivities(store.models), ...createTaskActivities(store.models, env.client) },
    ...(bundle ? { workflowBundle: bundle } : { workflowsPath: require.resolve('../../workflows') }),
  });
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await store?.connection.dropDatabase();
  await store?.close();
  await env?.teardown();
});

async function startMandate() {
  const id = uniqueName('m');
  const handle = await env.client.workflow.start('mandateWorkflow', {
    workflowId: mandateWorkflowId(id),
    taskQueue,
    args: [
      {
        create: {
          id,
          regionId: 'demo',
          actor: lead,
          input: { title: 'Fachkräfte sichern', actionField: 'Fachkräfte', question: 'Wie?', goals: ['mehr Erzieherinnen'], dueDate: '2027-09-30' },
        },
      },
    ],
  });
  const act = (args: ActionUpdateArgs) => handle.executeUpdate(actionUpdate, { args: [args] });
  return { id, handle, act, state: () => handle.query(stateQuery) };
}

const DAY = 24 * 60 * 60 * 1000;

describe('mandate votes on durable timers', () => {
  it('when the deadline passes without quorum, then the vote is recorded as unresolved and only an extension reopens it', async () => {
    const m = await startMandate();
    await m.act({ actor: lead, command: { action: 'submit', payload: {} } });
    await m.act({ actor: board[1]!, command: { action: 'vote', payload: { choice: 'yes' } } });

    await env.sleep(13 * DAY);
    expect((await m.state()).vote).toMatchObject({ status: 'open' });
    await env.sleep(1 * DAY + 60_000);

    const unresolved: MandateState = await m.state();
    expect(unresolved).toMatchObject({ phase: 'approval', vote: { status: 'unresolved', unresolvedReason: 'no_quorum' } });
    expect(unresolved.events.at(-1)).toMatchObject({ action: 'close-vote', actor: null, details: { result: 'no_quorum' } });
    expect((await findMandate(store.models, m.id))?.vote).toMatchObject({ status: 'unresolved' });

    await expect(m.act({ actor: board[2]!, command: { action: 'vote', payload: { choice: 'yes' } } })).rejects.toThrow();

    const deadline = new Date(Date.parse(unresolved.updatedAt) + 7 * DAY).toISOString();
    await m.act({ actor: chair, command: { action: 'extend-vote', payload: { deadline } } });
    await m.act({ actor: board[2]!, command: { action: 'vote', payload: { choice: 'yes' } } });
    await m.act({ actor: board[3]!, command: { action: 'vote', payload: { choice: 'no' } } });
    await env.sleep(7 * DAY + 60_000);

    const approved = await m.state();
    expect(approved).toMatchObject({ phase: 'preparation', vote: null });
    expect(approved.events.at(-1)).toMatchObject({ action: 'close-vote', details: { result: 'approved' } });
    expect(Date.parse(approved.events.at(-1)!.at)).toBeGreaterThanOrEqual(Date.parse(deadline));
    expect((await findMandate(store.models, m.id))?.phase).toBe('preparation');
  });

  it('when quorum is reached but not everyone voted, then the vote closes with its result at the deadline, not before', async () => {
    const m = await startMandate();
    const submitted = await m.act({
      actor: lead,
      command: { action: 'submit', payload: { voteDeadline: new Date((await env.currentTimeMs()) + 3 * DAY).toISOString() } },
    });
    for (const member of board.slice(0, 3)) await m.act({ actor: member, command: { action: 'vote', payload: { choice: 'no' } } });
    expect((await m.state()).phase).toBe('approval');
    await env.sleep(Date.parse(submitted.vote!.deadline) - Date.parse(submitted.updatedAt) + 60_000);
    const after = await m.state();
    expect(after).toMatchObject({ phase: 'draft', vote: null });
    expect(after.events.at(-1)).toMatchObject({ action: 'close-vote', details: { result: 'not_approved' } });
  });

  it('when a decision vote ends in a tie at its deadline, then it stays unresolved in decision', async () => {
    const m = await startMandate();
    await m.act({ actor: lead, command: { action: 'submit', payload: {} } });
    for (const member of board) await m.act({ actor: member, command: { action: 'vote', payload: { choice: 'yes' } } });
    await m.act({ actor: lead, command: { action: 'add-option', payload: { title: 'A', description: 'Option A' } } });
    await m.act({ actor: lead, command: { action: 'add-option', payload: { title: 'B', description: 'Option B' } } });
    await m.act({ actor: lead, command: { action: 'record-data', payload: { indicator: 'Quote', period: '2025', value: 3 } } });
    await m.act({ actor: lead, command: { action: 'submit-dossier', payload: {} } });
    await m.act({ actor: board[0]!, command: { action: 'vote', payload: { choice: 'option', optionId: 'o1' } } });
    await m.act({ actor: board[1]!, command: { action: 'vote', payload: { choice: 'option', optionId: 'o2' } } });
    await m.act({ actor: board[2]!, command: { action: 'vote', payload: { choice: 'abstain' } } });
    await env.sleep(15 * DAY);
    expect(await m.state()).toMatchObject({ phase: 'decision', vote: { status: 'unresolved', unresolvedReason: 'tie' } });
  });
});
