import type { QueryFilter } from 'mongoose';
import type { PersonRef } from '../domain/roles';
import { DEFAULT_TASK_SETTINGS, taskSettingsSchema, type TaskEvent, type TaskSettings, type TaskSnapshot } from '../domain/tasks/task';
import { DEFAULT_TASK_TEMPLATES, taskTemplatesSchema, type TaskTemplates } from '../domain/tasks/templates';
import { INBOX_VIEWS, compareTasks, matchesFilter, viewsOf, type InboxFilter, type InboxSort, type InboxView, type InboxViewer } from '../domain/tasks/inbox';
import { isTerminal } from '../domain/tasks/types';
import { seesAllTasks } from '../domain/policies/task-policy';
import { endOfBerlinDay } from '../domain/time';
import type { Models, TaskDoc } from './models';
import { insertMissing, writeVersioned } from './writes';

function involved(snapshot: TaskSnapshot, events: readonly TaskEvent[], before: readonly string[]): string[] {
  const ids = new Set(before);
  if (snapshot.assignee) ids.add(snapshot.assignee.id);
  if (snapshot.completedBy) ids.add(snapshot.completedBy.id);
  for (const event of events) if (event.actor) ids.add(event.actor.id);
  return [...ids];
}

/**
 * Writes a task's read model and appends its new history events. Idempotent:
 * events are inserted by (task, seq) keeping those already there, the document is replaced only when its
 * stored version is older (compare-and-set), so retries and the mandate's
 * first write of a new task are harmless.
 */
export async function saveTaskProjection(models: Models, snapshot: TaskSnapshot, newEvents: TaskEvent[], updateId: string | null): Promise<void> {
  await insertMissing(
    models.TaskEvent,
    newEvents.map((event) => ({
      ...event,
      _id: `${snapshot.id}:${event.seq}`,
      taskId: snapshot.id,
      regionId: snapshot.regionId,
      updateId: event.actor ? updateId : null,
    })),
  );
  const finished = isTerminal(snapshot.status);
  const [open, archived] = await Promise.all([
    models.Task.findById(snapshot.id, { involvedIds: 1, version: 1 }).lean(),
    models.TaskArchive.findById(snapshot.id, { involvedIds: 1, version: 1 }).lean(),
  ]);
  // A late write of an unfinished version (a retried attempt that outlived its timeout) must not bring an archived task back.
  if (!finished && archived) return;
  const doc = {
    regionId: snapshot.regionId,
    mandateId: snapshot.mandateId,
    type: snapshot.type,
    status: snapshot.status,
    assigneeId: snapshot.assignee?.id ?? null,
    candidateRole: snapshot.candidateRole,
    completedById: snapshot.completedBy?.id ?? null,
    involvedIds: involved(snapshot, newEvents, (archived ?? open)?.involvedIds ?? []),
    dueAt: endOfBerlinDay(snapshot.dueDate),
    createdAt: snapshot.createdAt,
    updatedAt: snapshot.updatedAt,
    search: `${snapshot.title} ${snapshot.mandateTitle ?? ''}`.toLowerCase(),
    version: snapshot.version,
    snapshot,
  };
  const stored = finished ? archived : open;
  await writeVersioned(finished ? models.TaskArchive : models.Task, snapshot.id, doc, stored?.version ?? null);
  // Finished work moves to the archive, keeping the collection of open work (which the inbox reads whole) small.
  // The same delete after an unfinished write closes the race with an archiving write that came in between.
  if (finished ? open : await models.TaskArchive.exists({ _id: snapshot.id })) await models.Task.deleteOne({ _id: snapshot.id });
}

/** A task, open or archived (both by _id). */
export async function findTask(models: Models, taskId: string): Promise<TaskSnapshot | null> {
  const doc = (await models.Task.findById(taskId, { snapshot: 1 }).lean()) ?? (await models.TaskArchive.findById(taskId, { snapshot: 1 }).lean());
  return doc ? (doc.snapshot as TaskSnapshot) : null;
}

/**
 * A task's history, read event by event by `_id` (`<taskId>:<seq>` up to its
 * version): the embedded backend answers only `_id` lookups without scanning
 * every task's events.
 */
export async function listTaskEvents(models: Models, taskId: string, version: number): Promise<TaskEvent[]> {
  const found = await Promise.all(Array.from({ length: version }, (_, i) => models.TaskEvent.findById(`${taskId}:${i + 1}`).lean()));
  const docs = found.filter((doc) => doc !== null);
  return docs.map((d) => ({
    seq: d.seq,
    at: d.at,
    actor: (d.actor as PersonRef | null) ?? null,
    onBehalfOf: (d.onBehalfOf as PersonRef | null) ?? null,
    action: d.action as TaskEvent['action'],
    details: (d.details as Record<string, unknown>) ?? {},
  }));
}

/** Whether an update id (from an Idempotency-Key) has already produced an event of this task. */
export async function hasAppliedTaskUpdate(models: Models, taskId: string, updateId: string): Promise<boolean> {
  return (await models.TaskEvent.exists({ taskId, updateId })) !== null;
}

export { INBOX_SORTS, INBOX_VIEWS, type InboxSort, type InboxView, type InboxViewer } from '../domain/tasks/inbox';

export interface InboxQuery extends InboxFilter {
  view: InboxView;
  sort: InboxSort;
  page: number;
  pageSize: number;
}

export interface InboxPage {
  items: TaskSnapshot[];
  total: number;
  /** Per view; `done` only when it is the view asked for (the archive is not counted on every request). */
  counts: Record<InboxView, number | null>;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One page of an inbox view with every view's count. The region's unfinished
 * tasks are read once and sorted into views in memory; finished ones are read
 * from the archive only for the `done` view.
 */
export async function queryInbox(
  models: Models,
  regionId: string,
  viewer: InboxViewer,
  query: InboxQuery,
  now: string,
  dueSoonDays: number,
): Promise<InboxPage> {
  const counts = Object.fromEntries(INBOX_VIEWS.map((view) => [view, view === 'done' ? null : 0])) as Record<InboxView, number | null>;
  const active = (await models.Task.find({ regionId }, { snapshot: 1 }).lean())
    .map((doc) => doc.snapshot as TaskSnapshot)
    .filter((t) => matchesFilter(t, query));
  const selected: TaskSnapshot[] = [];
  for (const task of active) {
    const views = viewsOf(task, viewer, now, dueSoonDays);
    for (const view of views) counts[view] = (counts[view] ?? 0) + 1;
    if (views.has(query.view)) selected.push(task);
  }
  if (query.view !== 'done') {
    selected.sort(compareTasks(query.sort));
    const start = (query.page - 1) * query.pageSize;
    return { items: selected.slice(start, start + query.pageSize), total: selected.length, counts };
  }
  const holders = [viewer.id, ...viewer.actingFor.map((p) => p.id)];
  const filter: QueryFilter<TaskDoc> = { regionId, ...(seesAllTasks(viewer.roles) ? {} : { involvedIds: { $in: holders } }) };
  if (query.mandateId) filter.mandateId = query.mandateId;
  if (query.type) filter.type = query.type;
  if (query.q) filter.search = { $regex: escapeRegex(query.q.toLowerCase()) };
  const sortKey = query.sort.endsWith('due') ? 'dueAt' : 'createdAt';
  const [docs, total] = await Promise.all([
    models.TaskArchive.find(filter, { snapshot: 1 })
      .sort({ [sortKey]: query.sort.startsWith('-') ? -1 : 1, _id: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    models.TaskArchive.countDocuments(filter),
  ]);
  counts.done = total;
  return { items: docs.map((doc) => doc.snapshot as TaskSnapshot), total, counts };
}

/** The region's task settings, the defaults where it has none. */
export async function getTaskSettings(models: Models, regionId: string): Promise<TaskSettings> {
  const region = await models.Region.findById(regionId, { taskSettings: 1 }).lean();
  const stored = taskSettingsSchema.partial().safeParse(region?.taskSettings ?? {});
  return { ...DEFAULT_TASK_SETTINGS, ...(stored.success ? stored.data : {}) };
}

export async function setTaskSettings(models: Models, regionId: string, settings: TaskSettings): Promise<void> {
  await models.Region.updateOne({ _id: regionId }, { $set: { taskSettings: settings } });
}

export async function getTaskTemplates(models: Models, regionId: string): Promise<TaskTemplates> {
  const region = await models.Region.findById(regionId, { taskTemplates: 1 }).lean();
  const stored = region?.taskTemplates ? taskTemplatesSchema.safeParse(region.taskTemplates) : null;
  return stored?.success ? stored.data : DEFAULT_TASK_TEMPLATES;
}

/** null restores the defaults. */
export async function setTaskTemplates(models: Models, regionId: string, templates: TaskTemplates | null): Promise<void> {
  await models.Region.updateOne({ _id: regionId }, { $set: { taskTemplates: templates } });
}
