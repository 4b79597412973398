import { createMandate, toSnapshot } from '../domain/mandate';
import type { PersonRef } from '../domain/roles';
import { createTask, DEFAULT_TASK_SETTINGS, toTaskSnapshot, type TaskSnapshot } from '../domain/tasks/task';
import type { CandidateRole, TaskStatus } from '../domain/tasks/types';
import { addDays, berlinDate } from '../domain/time';
import { createModels, type Models } from '../store/models';
import { saveTaskProjection } from '../store/tasks';
import { measure, report, runBench, type Call, type Timing } from './lib';

/**
 * `npm run bench`: latency of the hot paths on the embedded stack, each as a
 * ratio to a floor measured in the same run on the same machine, so results
 * compare across machines. Not part of `npm test`.
 */
const SIZES = [100, 1000, 3000];
/** Finished tasks put into the archive after the largest size: the open views must not notice them. */
const ARCHIVED = 3000;

/**
 * One updateOne by _id of a field the schema has: Mongoose drops a `$set` of
 * an unknown field and then sends nothing at all. On FerretDB/SQLite even this
 * grows with the collection, so it is measured on the collection and at the
 * volume of the action it is the floor of. The document is removed again so
 * that it does not count as a mandate or task.
 */
async function updateFloor(model: Models['Mandate'] | Models['Task'], repeat?: number): Promise<Timing> {
  // Both have a string _id and updatedAt; the cast only unites the two models' signatures.
  const collection = model as Models['Task'];
  const write = () => collection.updateOne({ _id: 'bench-floor' }, { $set: { updatedAt: String(Math.random()) } }, { upsert: true });
  const floor = await measure(write, repeat);
  await collection.deleteOne({ _id: 'bench-floor' });
  return floor;
}

const PEOPLE: readonly PersonRef[] = [
  { id: 'demo-staff', name: 'Sven Sachbearbeitung' },
  { id: 'demo-staff2', name: 'Svenja Sachbearbeitung' },
  { id: 'demo-lead', name: 'Lena Leitung' },
];
const ROLES: readonly CandidateRole[] = ['office_staff', 'office_lead'];
const OPEN_MIX: readonly TaskStatus[] = ['open', 'claimed', 'in_review'];

/**
 * A task as the workflow would have left it, built by the domain's own
 * createTask so the snapshot has every field the inbox reads. Statuses,
 * holders, roles and due dates (two weeks either side of today) vary with
 * `n`, so every view has members and the sort has work to do.
 */
function benchTask(n: number, status: TaskStatus, today: string): TaskSnapshot {
  // Not n % 3: the status cycles by n % 3, and every holder should hold tasks of every status.
  const person = PEOPLE[Math.floor(n / OPEN_MIX.length) % PEOPLE.length]!;
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString();
  const state = createTask(
    {
      id: `bench-task-${status}-${n}`,
      regionId: 'demo',
      mandateId: null,
      mandateTitle: null,
      phase: null,
      round: null,
      templateKey: null,
      type: 'general',
      title: `Aufgabe ${n}`,
      description: '',
      params: {},
      required: false,
      priority: 'normal',
      dueDate: addDays(today, (n % 29) - 14),
      followUpDate: null,
      candidateRole: status === 'open' ? ROLES[n % ROLES.length]! : null,
      assignee: status === 'open' ? null : person,
      settings: DEFAULT_TASK_SETTINGS,
      createdBy: PEOPLE[2]!,
    },
    at,
  );
  const finished = status === 'in_review' || status === 'done';
  return { ...toTaskSnapshot(state), status, ...(finished ? { completedBy: person, output: { note: 'x' }, completedAt: at } : {}) };
}

/**
 * Writes the tasks through the store's own saveTaskProjection, as the
 * workflow's activity would, but into an empty scratch database, and moves
 * the documents over in bulk. Written in place, each new task would cost a
 * scan of the collection (see benchFirstWrite), and seeding 6,000 would take
 * most of an hour.
 */
async function saveTasks(models: Models, scratch: Models, tasks: TaskSnapshot[]): Promise<void> {
  for (let i = 0; i < tasks.length; i += 100) {
    await Promise.all(tasks.slice(i, i + 100).map((task) => saveTaskProjection(scratch, task, [], null)));
    for (const [from, to] of [
      [scratch.Task, models.Task],
      [scratch.TaskArchive, models.TaskArchive],
    ] as const) {
      const docs = await from.find().lean();
      if (docs.length > 0) await to.insertMany(docs);
      await from.deleteMany({});
    }
  }
}

/**
 * The store's first write of a task, in place: a compare-and-set upsert on
 * `{_id, version}` that matches no document, which costs FerretDB/SQLite
 * several scans of the collection. Every task created (by hand or from a
 * phase's templates) pays it.
 */
async function benchFirstWrite(models: Models, label: string, floor: Timing): Promise<void> {
  const today = berlinDate(Date.now());
  const ids: string[] = [];
  const write = () => {
    const task = benchTask(100_000 + ids.length, 'open', today);
    ids.push(task.id);
    return saveTaskProjection(models, task, [], null);
  };
  report(`saveTaskProjection of a new task (store only), ${label}`, await measure(write, 10), 'updateOne', floor);
  await models.Task.deleteMany({ _id: { $in: ids } });
}

/** One ad-hoc task of staff's, created by the lead: the task the actions cycle on. */
async function createBenchTask(call: Call, lead: string, title: string): Promise<string> {
  const body = { title, assigneeId: 'demo-staff', dueDate: addDays(berlinDate(Date.now()), 30) };
  return ((await call(lead, 'POST', '/api/regions/demo/tasks', body)) as { id: string }).id;
}

/** Alternating unclaim/claim keeps one task cycling without ever finishing it. */
function cycleTask(call: Call, staff: string, taskId: string): () => Promise<unknown> {
  let n = 0;
  return () => call(staff, 'POST', `/api/regions/demo/tasks/${taskId}/actions/${n++ % 2 === 0 ? 'unclaim' : 'claim'}`, {});
}

/** A task's whole life by HTTP: creating it (first write of its read model) and completing it (the move to the archive). */
async function benchTaskLifecycle(call: Call, lead: string, staff: string, label: string, floor: Timing): Promise<void> {
  const ids: string[] = [];
  const create = await measure(async () => ids.push(await createBenchTask(call, lead, 'Bench lifecycle')), 10);
  report(`POST …/tasks (create), ${label}`, create, 'updateOne', floor);
  const complete = await measure(() => call(staff, 'POST', `/api/regions/demo/tasks/${ids.shift()}/actions/complete`, { output: {} }), 10);
  report(`POST …/tasks/:id/actions/complete, ${label}`, complete, 'updateOne', floor);
}

/** The archive reads of staff's `done` view: the first page (default sort: due) and its total. */
function archivePage(models: Models): Promise<unknown> {
  const filter = { regionId: 'demo', involvedIds: { $in: ['demo-staff'] } };
  return Promise.all([models.TaskArchive.find(filter, { snapshot: 1 }).sort({ dueAt: 1, _id: 1 }).limit(25).lean(), models.TaskArchive.countDocuments(filter)]);
}

/** The read every inbox request makes: the region's open tasks, whole. */
const openRead = (models: Models) => models.Task.find({ regionId: 'demo' }, { snapshot: 1 }).lean();

/** `mine` and `done` for staff, each against the reads it cannot avoid. */
async function benchInboxViews(models: Models, call: Call, staff: string, label: string): Promise<void> {
  const open = await measure(() => openRead(models), 15);
  report(`floor: open read (find region, snapshot), ${label}`, open);
  report(`GET inbox view=mine, ${label}`, await measure(() => call(staff, 'GET', '/api/regions/demo/inbox?view=mine'), 15), 'open read', open);
  report(`floor: archive page + count, ${label}`, await measure(() => archivePage(models), 15));
  // `done` also reads the open tasks (every view's count comes from them), so its floor is both reads in the order it does them.
  const doneFloor = await measure(() => openRead(models).then(() => archivePage(models)), 15);
  report(`floor: open read, then archive page + count, ${label}`, doneFloor);
  report(`GET inbox view=done, ${label}`, await measure(() => call(staff, 'GET', '/api/regions/demo/inbox?view=done'), 15), 'both reads', doneFloor);
}

/**
 * Grows the open tasks to each size (tasks already there count), then adds
 * an archive of finished ones. At the largest size the task actions are
 * measured again: on FerretDB/SQLite only reads by `_id` are pushed down,
 * writes by `_id` grow with the collection too.
 */
async function benchInbox(models: Models, scratch: Models, call: Call, lead: string, staff: string, cycle: () => Promise<unknown>): Promise<void> {
  const today = berlinDate(Date.now());
  let open = await models.Task.countDocuments({ regionId: 'demo' });
  for (const size of SIZES) {
    const tasks: TaskSnapshot[] = [];
    for (; open < size; open++) tasks.push(benchTask(open, OPEN_MIX[open % OPEN_MIX.length]!, today));
    await saveTasks(models, scratch, tasks);
    await benchInboxViews(models, call, staff, `${size} open`);
  }
  const floor = await updateFloor(models.Task, 20);
  report(`floor: one updateOne by _id, ${open} open tasks`, floor);
  report(`POST …/tasks/:id/actions/unclaim|claim, ${open} open`, await measure(cycle, 20), 'updateOne', floor);
  await benchFirstWrite(models, `${open} open`, floor);
  const done = Array.from({ length: ARCHIVED }, (_, n) => benchTask(n, 'done', today));
  await saveTasks(models, scratch, done);
  const label = `${open} open + ${ARCHIVED} archived`;
  await benchInboxViews(models, call, staff, label);
  await benchTaskLifecycle(call, lead, staff, label, floor);
}

runBench({ monitoring: false }, async ({ store, base, login, call }) => {
  const lead = await login('lead@demo.test');
  const staff = await login('staff@demo.test');

  const httpFloor = await measure(() => fetch(`${base}/healthz`).then((r) => r.text()));
  report('floor: HTTP round trip (/healthz)', httpFloor);

  // A real mandate in preparation for the action benchmark.
  const created = await call(lead, 'POST', '/api/regions/demo/mandates', {
    title: 'Bench',
    actionField: 'A',
    question: 'Q',
    goals: ['G'],
    dueDate: '2030-01-01',
  });
  await call(lead, 'POST', `/api/regions/demo/mandates/${created.id}/actions/submit`, {});
  for (const email of ['chair@demo.test', 'board1@demo.test', 'board2@demo.test', 'board3@demo.test', 'board4@demo.test']) {
    await call(await login(email), 'POST', `/api/regions/demo/mandates/${created.id}/actions/vote`, { choice: 'yes' });
  }
  const writeFloor = await updateFloor(store.models.Mandate);
  report('floor: one updateOne by _id, 1 mandate', writeFloor);
  let period = 0;
  const recordData = () =>
    call(staff, 'POST', `/api/regions/demo/mandates/${created.id}/actions/record-data`, { indicator: 'x', period: String(period++), value: 1 });
  report('POST …/actions/record-data (update + activity + read model), 1 mandate', await measure(recordData, 20), 'updateOne', writeFloor);

  const taskFloor = await updateFloor(store.models.Task);
  report('floor: one updateOne by _id, 1 open task', taskFloor);
  const cycle = cycleTask(call, staff, await createBenchTask(call, lead, 'Bench task'));
  report('POST …/tasks/:id/actions/unclaim|claim (update + activity), 1 open', await measure(cycle, 20), 'updateOne', taskFloor);
  await benchTaskLifecycle(call, lead, staff, '1 open', taskFloor);

  let inserted = 1;
  for (const size of SIZES) {
    const docs = [];
    for (; inserted < size; inserted++) {
      const actor = { id: 'demo-lead', name: 'Lena Leitung', roles: ['office_lead' as const] };
      const state = createMandate(
        { title: `Mandat ${inserted}`, actionField: 'A', question: 'Q', goals: ['G'], dueDate: '2030-01-01' },
        { id: `bench-${inserted}`, regionId: 'demo' },
        actor,
        new Date(Date.UTC(2026, 0, 1, 0, 0, inserted)).toISOString(),
      );
      const snapshot = toSnapshot(state);
      docs.push({
        _id: snapshot.id,
        regionId: 'demo',
        title: snapshot.title,
        actionField: 'A',
        phase: 'draft',
        outcome: null,
        version: 1,
        dueDate: snapshot.dueDate,
        updatedAt: snapshot.updatedAt,
        snapshot,
      });
    }
    if (docs.length > 0) await store.models.Mandate.insertMany(docs);
    const byId = await measure(() => store.models.Mandate.findById(created.id).lean());
    report(`floor: findById, ${size} mandates`, byId);
    report(`GET mandate detail, ${size} mandates`, await measure(() => call(staff, 'GET', `/api/regions/demo/mandates/${created.id}`)), 'findById', byId);
    const listFloor = await measure(() => store.models.Mandate.find({ regionId: 'demo', phase: 'draft' }).sort({ updatedAt: -1 }).limit(20).lean(), 15);
    report(`floor: list query (region, phase, sort, 20), ${size}`, listFloor);
    const list = await measure(() => call(staff, 'GET', '/api/regions/demo/mandates?phase=draft&pageSize=20'), 15);
    report(`GET mandate list page (with total), ${size}`, list, 'list query', listFloor);
  }
  // The transition again, now that the collection its read model lives in is large.
  const bigFloor = await updateFloor(store.models.Mandate, 20);
  report(`floor: one updateOne by _id, ${inserted} mandates`, bigFloor);
  report(`POST …/actions/record-data, ${inserted} mandates`, await measure(recordData, 20), 'updateOne', bigFloor);

  await benchInbox(store.models, createModels(store.connection.useDb('bench_scratch')), call, lead, staff, cycle);
});
