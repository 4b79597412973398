import { createHash, randomBytes } from 'node:crypto';
import { trafficLight } from '../domain/board/implementation';
import type { ImplementationItem, TrafficLight } from '../domain/board/types';
import { NotFoundError } from '../domain/errors';
import { berlinDate } from '../domain/time';
import type { StatusReport } from '../reports/board/types';
import { loadBoard } from './boards';
import { findDecision, type ImplementationItemDoc } from './decisions';
import type { Models } from './models';
import { findTask } from './tasks';
import { findRegionName } from './users';
import { isDuplicateKey } from './writes';

/**
 * Beschlusskontrolle: the implementation items of decisions, one document
 * each (`_id` = item id). The work of an item is an office task; its traffic
 * light is read from that task's status and the item's due date whenever it
 * is shown, never stored.
 */
export type LitImplementationItem = ImplementationItem & { light: TrafficLight; taskStatus: string };

/** A new item id; with an Idempotency-Key it is derived from it, so a retried creation finds the first item (and its task). */
export function newImplementationItemId(keyed?: { regionId: string; actorId: string; key: string }): string {
  const bytes = keyed ? createHash('sha256').update(`item\n${keyed.regionId}\n${keyed.actorId}\n${keyed.key}`).digest().subarray(0, 10) : randomBytes(10);
  return `ii${bytes.toString('hex')}`;
}

function toItem(doc: ImplementationItemDoc & { _id: string }): ImplementationItem {
  return {
    id: doc._id,
    regionId: doc.regionId,
    decisionId: doc.decisionId,
    title: doc.title,
    responsible: doc.responsible as ImplementationItem['responsible'],
    dueDate: doc.dueDate,
    taskId: doc.taskId,
    delayReason: doc.delayReason ?? null,
    createdAt: doc.createdAt,
    createdBy: doc.createdBy as ImplementationItem['createdBy'],
  };
}

/** Stores a new item; a retried creation (the same id) returns the item stored first. */
export async function createImplementationItem(models: Models, item: ImplementationItem): Promise<ImplementationItem> {
  const { id, ...rest } = item;
  try {
    await models.ImplementationItem.insertMany([{ _id: id, ...rest }], { lean: true });
    return item;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return (await findImplementationItem(models, item.regionId, id)) ?? item;
  }
}

export async function findImplementationItem(models: Models, regionId: string, id: string): Promise<ImplementationItem | null> {
  const doc = await models.ImplementationItem.findById(id).lean();
  return doc && doc.regionId === regionId ? toItem(doc) : null;
}

/** The items of one decision, by due date. */
export async function listDecisionItems(models: Models, regionId: string, decisionId: string): Promise<ImplementationItem[]> {
  const docs = await models.ImplementationItem.find({ regionId, decisionId }).lean();
  return docs.map(toItem).sort(byDueDate);
}

const byDueDate = (a: ImplementationItem, b: ImplementationItem) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id < b.id ? -1 : 1);

/** Changes what may change of an item: the reason for a delay (null clears it) and the due date. */
export async function editImplementationItem(
  models: Models,
  regionId: string,
  id: string,
  patch: { delayReason?: string | null; dueDate?: string },
): Promise<ImplementationItem> {
  const set: Record<string, unknown> = {};
  if (patch.delayReason !== undefined) set.delayReason = patch.delayReason;
  if (patch.dueDate !== undefined) set.dueDate = patch.dueDate;
  if (Object.keys(set).length > 0) await models.ImplementationItem.updateOne({ _id: id, regionId }, { $set: set });
  const item = await findImplementationItem(models, regionId, id);
  if (!item) throw new NotFoundError(`No implementation item '${id}' in region '${regionId}'.`);
  return item;
}

/** Items with their task's status and traffic light on a Berlin date. A task that cannot be found counts as open. */
export async function lightItems(models: Models, items: ImplementationItem[], today: string, yellowDays: number): Promise<LitImplementationItem[]> {
  const tasks = await Promise.all(items.map((item) => findTask(models, item.taskId)));
  return items.map((item, i) => {
    const taskStatus = tasks[i]?.status ?? 'open';
    return { ...item, taskStatus, light: trafficLight(item, taskStatus, today, yellowDays) };
  });
}

/** A region's items that are not done yet (their task still open), with their lights, by due date. */
export async function listOpenItems(models: Models, regionId: string, at: string): Promise<LitImplementationItem[]> {
  const board = await loadBoard(models, regionId);
  const docs = await models.ImplementationItem.find({ regionId }).lean();
  const lit = await lightItems(models, docs.map(toItem).sort(byDueDate), berlinDate(at), board.yellowDays);
  return lit.filter((item) => item.light !== 'done');
}

/**
 * The status report of the Beschlusskontrolle: every decision that still has
 * open items, with all its items (the done ones too, for the whole picture),
 * oldest decision first; the counts are over the items shown.
 */
export async function buildStatusReport(models: Models, regionId: string, at: string): Promise<StatusReport> {
  const today = berlinDate(at);
  const [board, regionName, docs] = await Promise.all([
    loadBoard(models, regionId),
    findRegionName(models, regionId),
    models.ImplementationItem.find({ regionId }).lean(),
  ]);
  const lit = await lightItems(models, docs.map(toItem).sort(byDueDate), today, board.yellowDays);
  const byDecision = new Map<string, LitImplementationItem[]>();
  for (const item of lit) byDecision.set(item.decisionId, [...(byDecision.get(item.decisionId) ?? []), item]);
  const open = [...byDecision].filter(([, items]) => items.some((item) => item.light !== 'done'));
  const decisions = await Promise.all(open.map(([decisionId]) => findDecision(models, regionId, decisionId)));
  const entries = open
    .flatMap(([, items], i) => {
      const record = decisions[i];
      if (!record) return [];
      const { id, number, text, decidedAt, subject } = record;
      return [{ decision: { id, number, text, decidedAt, subject }, items, order: [record.year, record.seq] as const }];
    })
    .sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1])
    .map(({ decision, items }) => ({ decision, items }));
  const counts: Record<TrafficLight, number> = { green: 0, yellow: 0, red: 0, done: 0 };
  for (const entry of entries) for (const item of entry.items) counts[item.light] += 1;
  return { regionId, regionName, boardName: board.name, generatedAt: at, today, yellowDays: board.yellowDays, counts, entries };
}
