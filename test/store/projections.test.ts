import { applyTaskCommand, createTask, toTaskSnapshot, type TaskActor, type TaskState } from '../../domain/tasks/task';
import { openStore, type Store } from '../../store/connection';
import { findTask, listTaskEvents, saveTaskProjection } from '../../store/tasks';
import { testMongoUri, uniqueName } from '../support/servers';
import { newTaskInput } from '../support/tasks';

/** The task projection against the real database: retries, late writes and the move to the archive. */
let store: Store;
beforeAll(async () => {
  store = await openStore(testMongoUri(uniqueName('projections')));
});
afterAll(async () => {
  await store?.connection.dropDatabase();
  await store?.close();
});

const staff: TaskActor = { id: 'demo-staff', name: 'Sven', roles: ['office_staff'], actingFor: [] };

function newTask(): TaskState {
  return createTask(newTaskInput({ id: uniqueName('t'), candidateRole: 'office_staff', dueDate: '2030-01-10' }), '2029-12-01T10:00:00.000Z');
}

const save = (state: TaskState, from: number) =>
  saveTaskProjection(
    store.models,
    toTaskSnapshot(state),
    state.events.filter((e) => e.seq > from),
    null,
  );

describe('task projection', () => {
  it('is idempotent: a retried write leaves one document and one event per sequence number', async () => {
    const created = newTask();
    await save(created, 0);
    await save(created, 0);
    const claimed = applyTaskCommand(created, { action: 'claim', payload: {} }, staff, '2029-12-02T10:00:00.000Z');
    await save(claimed, 1);
    await save(claimed, 0);
    expect((await findTask(store.models, created.id))?.version).toBe(2);
    expect((await listTaskEvents(store.models, created.id, 2)).map((e) => e.action)).toEqual(['create', 'claim']);
    expect(await store.models.TaskEvent.countDocuments({ taskId: created.id })).toBe(2);
  });

  it('never lets an older version overwrite a newer one', async () => {
    const created = newTask();
    const claimed = applyTaskCommand(created, { action: 'claim', payload: {} }, staff, '2029-12-02T10:00:00.000Z');
    await save(claimed, 0);
    await save(created, 0);
    expect(await findTask(store.models, created.id)).toMatchObject({ version: 2, status: 'claimed' });
  });

  it('moves a finished task to the archive, and a late write of an open version does not bring it back', async () => {
    const created = newTask();
    const claimed = applyTaskCommand(created, { action: 'claim', payload: {} }, staff, '2029-12-02T10:00:00.000Z');
    const done = applyTaskCommand(claimed, { action: 'complete', payload: { output: {} } }, staff, '2029-12-03T10:00:00.000Z');
    await save(claimed, 0);
    await save(done, 2);
    await save(claimed, 0);
    expect(await store.models.Task.exists({ _id: created.id })).toBeNull();
    expect(await store.models.TaskArchive.exists({ _id: created.id })).not.toBeNull();
    expect(await findTask(store.models, created.id)).toMatchObject({ status: 'done', version: 3 });
    expect((await store.models.TaskArchive.findById(created.id).lean())?.involvedIds).toEqual(['demo-staff']);
  });
});
