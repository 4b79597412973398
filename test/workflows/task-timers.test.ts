import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createMandateActivities } from '../../activities/mandate-activities';
import { createTaskActivities } from '../../activities/task-activities';
import type { PersonRef } from '../../domain/roles';
import { DEFAULT_TASK_SETTINGS, createTask, noticeTimes, type TaskActor, type TaskCommand, type TaskState } from '../../domain/tasks/task';
import { addDays, berlinDate } from '../../domain/time';
import { openStore, type Store } from '../../store/connection';
import { seedDemoData, DEMO_USERS } from '../../store/seed';
import { findTask } from '../../store/tasks';
import { taskActionUpdate, taskStateQuery, taskWorkflowId } from '../../workflows/task/messages';
import { testMongoUri, testTimeSkippingServerPath, uniqueName } from '../support/servers';
import { workflowBundle } from '../support/stack';
import { newTaskInput } from '../support/tasks';

/** Reminders, due notices and escalations are durable timers: these tests skip weeks on the time-skipping test server. */
let env: TestWorkflowEnvironment;
let store: Store;
const taskQueue = uniqueName('task-timers');
const HOUR = 60 * 60 * 1000;

const actor = (email: string): TaskActor => {
  const user = DEMO_USERS.find((u) => u.email === email)!;
  return { id: user.id, name: user.name, roles: user.roles, actingFor: [] };
};
const lead = actor('lead@demo.test');
const staff = actor('staff@demo.test');
const person = (a: TaskActor): PersonRef => ({ id: a.id, name: a.name });

async function startWorker(): Promise<{ worker: Worker; running: Promise<void> }> {
  const bundle = workflowBundle();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    // No workflow cache: every workflow task replays the history, as after a restart, and nothing waits on a dead worker's sticky queue.
    maxCachedWorkflows: 0,
    activities: { ...createMandateActivities(store.models), ...createTaskActivities(store.models, env.client) },
    ...(bundle ? { workflowBundle: bundle } : { workflowsPath: require.resolve('../../workflows') }),
  });
  return { worker, running: worker.run() };
}

let current: { worker: Worker; running: Promise<void> } | null = null;

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testTimeSkippingServerPath() } } });
  store = await openStore(testMongoUri(uniqueName('task-timers')));
  await seedDemoData(store.models, 'demo', { monitoring: false });
  current = await startWorker();
});

afterAll(async () => {
  current?.worker.shutdown();
  await current?.running;
  await store?.connection.dropDatabase();
  await store?.close();
  await env?.teardown();
});

/** A task for the staff member, due `days` days from the test server's now. */
async function startTask(days: number) {
  const now = await env.currentTimeMs();
  const at = new Date(now).toISOString();
  const task: TaskState = createTask(
    newTaskInput({
      id: uniqueName('t'),
      title: 'Protokoll versenden',
      dueDate: addDays(berlinDate(now), days),
      assignee: person(staff),
      createdBy: person(lead),
    }),
    at,
  );
  const handle = await env.client.workflow.start('taskWorkflow', { workflowId: taskWorkflowId(task.id), taskQueue, args: [{ create: { task } }] });
  return {
    task,
    handle,
    act: (by: TaskActor, command: TaskCommand) => handle.executeUpdate(taskActionUpdate, { args: [{ actor: by, command }] }),
    notices: async () => (await handle.query(taskStateQuery)).events.filter((e) => ['reminder', 'due', 'escalate', 'follow-up'].includes(e.action)),
  };
}

/** Skips the server's clock to just after an instant (or by a duration). */
async function skipTo(instant: string, after = 60_000) {
  const wait = Date.parse(instant) + after - (await env.currentTimeMs());
  if (wait > 0) await env.sleep(wait);
}

const notificationsOf = async (taskId: string) => (await store.models.Notification.find({ taskId }).lean()).map((n) => `${n.kind}:${n.userId}`).sort();

describe('task reminders, due notices and escalation', () => {
  it('sends the reminder three days before, the notice on the due date and the escalation two days after, each exactly once', async () => {
    const t = await startTask(10);
    const times = noticeTimes(t.task);
    expect(times.reminder).toBe(new Date(Date.parse(`${addDays(t.task.dueDate, -3)}T07:00:00Z`)).toISOString());

    await skipTo(times.reminder!, -HOUR);
    expect(await t.notices()).toEqual([]);
    await skipTo(times.reminder!);
    expect((await t.notices()).map((e) => e.action)).toEqual(['reminder']);
    await skipTo(times.due!);
    await skipTo(times.escalation!);
    const notices = await t.notices();
    expect(notices.map((e) => e.action)).toEqual(['reminder', 'due', 'escalate']);
    for (const e of notices) expect(Date.parse(e.at)).toBeGreaterThanOrEqual(Date.parse(times[e.action === 'escalate' ? 'escalation' : (e.action as 'due')]!));

    // Weeks later nothing more has happened: one of each.
    await env.sleep(30 * 24 * HOUR);
    expect((await t.notices()).map((e) => e.action)).toEqual(['reminder', 'due', 'escalate']);
    expect(await notificationsOf(t.task.id)).toEqual([
      'task-assigned:demo-staff',
      'task-due:demo-staff',
      'task-escalated:demo-lead',
      'task-reminder:demo-staff',
    ]);
    const readModel = await findTask(store.models, t.task.id);
    expect(readModel).toMatchObject({ escalated: true, notices: { reminder: t.task.dueDate, due: t.task.dueDate, escalation: t.task.dueDate } });
  });

  it('when the due date moves, then the notices follow it and the old ones never come', async () => {
    const t = await startTask(10);
    const old = noticeTimes(t.task);
    await skipTo(old.reminder!);
    expect((await t.notices()).map((e) => e.action)).toEqual(['reminder']);

    const newDue = addDays(t.task.dueDate, 14);
    await t.act(lead, { action: 'update', payload: { dueDate: newDue } });
    const moved = noticeTimes({ dueDate: newDue, settings: DEFAULT_TASK_SETTINGS });
    await skipTo(old.escalation!);
    expect((await t.notices()).map((e) => e.action)).toEqual(['reminder']);
    await skipTo(moved.escalation!);
    const notices = await t.notices();
    expect(notices.map((e) => `${e.action}:${String(e.details.dueDate)}`)).toEqual([
      `reminder:${t.task.dueDate}`,
      `reminder:${newDue}`,
      `due:${newDue}`,
      `escalate:${newDue}`,
    ]);
  });

  it('on the follow-up date the holder gets one notice; a new follow-up date gets its own', async () => {
    const t = await startTask(20);
    const first = addDays(berlinDate(await env.currentTimeMs()), 2);
    await t.act(staff, { action: 'update', payload: { followUpDate: first } });
    await skipTo(`${addDays(first, 1)}T00:00:00.000Z`);
    expect((await t.notices()).map((e) => `${e.action}:${String(e.details.followUpDate)}`)).toEqual([`follow-up:${first}`]);
    const second = addDays(first, 3);
    await t.act(staff, { action: 'update', payload: { followUpDate: second } });
    await skipTo(`${addDays(second, 1)}T00:00:00.000Z`);
    expect((await t.notices()).map((e) => `${e.action}:${String(e.details.followUpDate)}`)).toEqual([`follow-up:${first}`, `follow-up:${second}`]);
    expect((await notificationsOf(t.task.id)).filter((n) => n.startsWith('task-follow-up'))).toEqual([
      'task-follow-up:demo-staff',
      'task-follow-up:demo-staff',
    ]);
  });

  it('when the task is done before its due date, then no notice comes', async () => {
    const t = await startTask(5);
    await t.act(staff, { action: 'complete', payload: { output: {} } });
    await env.sleep(20 * 24 * HOUR);
    expect(await t.notices()).toEqual([]);
    expect(await notificationsOf(t.task.id)).toEqual(['task-assigned:demo-staff']);
  });

  it('when a task is due within the reminder window, then it gets no late reminder, only the due notice', async () => {
    const t = await startTask(1);
    await skipTo(noticeTimes(t.task).due!);
    expect((await t.notices()).map((e) => e.action)).toEqual(['due']);
  });

  it('when the worker restarts between notices, then each notice still comes exactly once', async () => {
    const t = await startTask(6);
    const times = noticeTimes(t.task);
    const restart = async () => {
      current!.worker.shutdown();
      await current!.running;
      current = await startWorker();
    };
    await skipTo(times.reminder!);
    await restart();
    await skipTo(times.due!);
    await restart();
    await skipTo(times.escalation!);
    await env.sleep(10 * 24 * HOUR);
    expect((await t.notices()).map((e) => e.action)).toEqual(['reminder', 'due', 'escalate']);
    expect(await notificationsOf(t.task.id)).toEqual([
      'task-assigned:demo-staff',
      'task-due:demo-staff',
      'task-escalated:demo-lead',
      'task-reminder:demo-staff',
    ]);
  });
});
