import type { QueryFilter } from 'mongoose';
import { effectiveRoles, type PersonRef, type Role } from '../domain/roles';
import { DEFAULT_TASK_SETTINGS, taskSettingsSchema, type TaskEvent, type TaskSettings, type TaskSnapshot } from '../domain/tasks/task';
import { DEFAULT_TASK_TEMPLATES, taskTemplatesSchema, type TaskTemplates } from '../domain/tasks/templates';
import { CANDIDATE_ROLES, type TaskStatus, type TaskType } from '../domain/tasks/types';
import { seesAllTasks } from '../domain/policies/task-policy';
import { addDays, berlinDate, endOfBerlinDay } from '../domain/time';
import type { Models, TaskDoc } from './models';

const DUPLICATE_KEY = 11000;
const isDuplicateKey = (error: unknown) => (error as { code?: number })?.code === DUPLICATE_KEY;

function involved(snapshot: TaskSnapshot, events: readonly TaskEvent[], before: readonly string[]): string[] {
  const ids = new Set(before);
  if (snapshot.assignee) ids.add(snapshot.assignee.id);
  if (snapshot.completedBy) ids.add(snapshot.completedBy.id);
  for (const event of events) if (event.actor) ids.add(event.actor.id);
  return [...ids];
}

/**
 * Writes a task's read model and appends its new history events. Idempotent:
 * events are upserted by (task, seq), the document is replaced only when its
 * stored version is older (compare-and-set), so retries and the mandate's
 * first write of a new task are harmless.
 */
export async function saveTaskProjection(models: Models, snapshot: TaskSnapshot, newEvents: TaskEvent[], updateId: string | null): Promise<void> {
  if (newEvents.length > 0) {
    await models.TaskEvent.bulkWrite(
      newEvents.map((event) => ({
        updateOne: {
          filter: { _id: `${snapshot.id}:${event.seq}` },
          update: { $setOnInsert: { ...event, taskId: snapshot.id, regionId: snapshot.regionId, updateId: event.actor ? updateId : null } },
          upsert: true,
        },
      })),
      { ordered: true },
    );
  }
  const existing = await models.Task.findById(snapshot.id, { involvedIds: 1 }).lean();
  const doc = {
    regionId: snapshot.regionId,
    mandateId: snapshot.mandateId,
    type: snapshot.type,
    status: snapshot.status,
    assigneeId: snapshot.assignee?.id ?? null,
    candidateRole: snapshot.candidateRole,
    completedById: snapshot.completedBy?.id ?? null,
    involvedIds: involved(snapshot, newEvents, existing?.involvedIds ?? []),
    dueAt: endOfBerlinDay(snapshot.dueDate),
    createdAt: snapshot.createdAt,
    updatedAt: snapshot.updatedAt,
    search: `${snapshot.title} ${snapshot.mandateTitle ?? ''}`.toLowerCase(),
    version: snapshot.version,
    snapshot,
  };
  try {
    await models.Task.updateOne({ _id: snapshot.id, version: { $lt: snapshot.version } }, { $set: doc }, { upsert: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

export async function findTask(models: Models, taskId: string): Promise<TaskSnapshot | null> {
  const doc = await models.Task.findById(taskId, { snapshot: 1 }).lean();
  return doc ? (doc.snapshot as TaskSnapshot) : null;
}

export async function findTasks(models: Models, taskIds: string[]): Promise<TaskSnapshot[]> {
  const docs = await models.Task.find({ _id: { $in: taskIds } }, { snapshot: 1 }).lean();
  return docs.map((doc) => doc.snapshot as TaskSnapshot);
}

/** The tasks of one mandate, oldest first. */
export async function listMandateTasks(models: Models, mandateId: string): Promise<TaskSnapshot[]> {
  const docs = await models.Task.find({ mandateId }, { snapshot: 1 }).sort({ createdAt: 1, _id: 1 }).lean();
  return docs.map((doc) => doc.snapshot as TaskSnapshot);
}

export async function listTaskEvents(models: Models, taskId: string): Promise<TaskEvent[]> {
  const docs = await models.TaskEvent.find({ taskId }).sort({ seq: 1 }).lean();
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

export const INBOX_VIEWS = ['mine', 'role', 'overdue', 'due-soon', 'review', 'done', 'all'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];
export const INBOX_SORTS = ['due', '-due', 'created', '-created'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];

export interface InboxViewer {
  id: string;
  roles: readonly Role[];
  /** The absent colleagues the viewer stands in for today. */
  actingFor: readonly PersonRef[];
}

export interface InboxQuery {
  view: InboxView;
  mandateId?: string;
  type?: TaskType;
  q?: string;
  sort: InboxSort;
  page: number;
  pageSize: number;
}

const WORKING: TaskStatus[] = ['open', 'claimed'];
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The filter of each inbox view for one viewer at one moment. */
export function inboxViewFilter(view: InboxView, regionId: string, viewer: InboxViewer, now: string, dueSoonDays: number): QueryFilter<TaskDoc> {
  const holders = [viewer.id, ...viewer.actingFor.map((p) => p.id)];
  const roles = effectiveRoles(viewer.roles);
  const candidateRoles = CANDIDATE_ROLES.filter((role) => roles.has(role));
  const mine = { status: 'claimed', assigneeId: { $in: holders } };
  const claimable = { status: 'open', candidateRole: { $in: candidateRoles } };
  // The lead, managers and admins see the whole region's work; staff what they hold or may claim.
  const scope: QueryFilter<TaskDoc> = seesAllTasks(viewer.roles) ? { regionId } : { regionId, $or: [mine, claimable] };
  const soon = endOfBerlinDay(addDays(berlinDate(now), dueSoonDays));
  switch (view) {
    case 'mine':
      return { regionId, ...mine };
    case 'role':
      return { regionId, ...claimable };
    case 'overdue':
      return { ...scope, $and: [{ status: { $in: WORKING } }, { dueAt: { $lt: now } }] };
    case 'due-soon':
      return { ...scope, $and: [{ status: { $in: WORKING } }, { dueAt: { $gte: now, $lte: soon } }] };
    case 'review':
      return { regionId, status: 'in_review', completedById: { $ne: viewer.id } };
    case 'done':
      return seesAllTasks(viewer.roles)
        ? { regionId, status: { $in: ['done', 'cancelled'] } }
        : { regionId, status: { $in: ['done', 'cancelled'] }, involvedIds: { $in: holders } };
    case 'all':
      return { ...scope, $and: [{ status: { $in: ['open', 'claimed', 'in_review'] } }] };
  }
}

const SORTS: Record<InboxSort, Record<string, 1 | -1>> = {
  due: { dueAt: 1, _id: 1 },
  '-due': { dueAt: -1, _id: 1 },
  created: { createdAt: 1, _id: 1 },
  '-created': { createdAt: -1, _id: 1 },
};

export interface InboxPage {
  items: TaskSnapshot[];
  total: number;
  counts: Record<InboxView, number>;
}

/** One page of an inbox view, with the number of tasks in every view (the tabs' counts). */
export async function queryInbox(
  models: Models,
  regionId: string,
  viewer: InboxViewer,
  query: InboxQuery,
  now: string,
  dueSoonDays: number,
): Promise<InboxPage> {
  const refine: QueryFilter<TaskDoc> = {};
  if (query.mandateId) refine.mandateId = query.mandateId;
  if (query.type) refine.type = query.type;
  if (query.q) refine.search = { $regex: escapeRegex(query.q.toLowerCase()) };
  const filterOf = (view: InboxView) => ({ ...inboxViewFilter(view, regionId, viewer, now, dueSoonDays), ...refine });
  const [docs, counts] = await Promise.all([
    models.Task.find(filterOf(query.view), { snapshot: 1 })
      .sort(SORTS[query.sort])
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    Promise.all(INBOX_VIEWS.map((view) => models.Task.countDocuments(filterOf(view)))),
  ]);
  const countMap = Object.fromEntries(INBOX_VIEWS.map((view, index) => [view, counts[index] as number])) as Record<InboxView, number>;
  return { items: docs.map((doc) => doc.snapshot as TaskSnapshot), total: countMap[query.view], counts: countMap };
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
