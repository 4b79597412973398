import { EventEmitter } from 'node:events';
import {
  DEFAULT_PREFERENCES,
  NOTIFICATION_KINDS,
  notificationLink,
  type NotificationKind,
  type NotificationParams,
  type NotificationPreferences,
} from '../domain/notifications';
import type { Models } from './models';
import { isDuplicateKey } from './writes';

export type { NotificationKind, NotificationPreferences };

export interface NotificationInput {
  /**
   * Deterministic and unique per user and event (e.g. `task-reminder:<taskId>:<userId>`):
   * inserting the same id twice keeps one notification and sends one e-mail.
   */
  id: string;
  userId: string;
  regionId: string;
  kind: NotificationKind;
  /** Texts for the message, e.g. {taskTitle, mandateTitle, dueDate, actorName, commentExcerpt, substituteFor, from, until}. */
  params: NotificationParams;
  taskId?: string | null;
  mandateId?: string | null;
}

export type EmailState = 'pending' | 'digest' | 'sent' | 'skipped' | 'failed';

export interface NotificationRecord {
  id: string;
  userId: string;
  regionId: string;
  kind: NotificationKind;
  params: NotificationParams;
  taskId: string | null;
  mandateId: string | null;
  createdAt: string;
  readAt: string | null;
  emailState: EmailState;
  link: string;
}

/** What the outbox keeps of a notification, to recreate it should its insert have been lost. */
export interface StoredNotification {
  _id: string;
  userId: string;
  regionId: string;
  kind: string;
  params: NotificationParams;
  taskId: string | null;
  mandateId: string | null;
  createdAt: Date;
  readAt: Date | null;
  emailState: EmailState;
  emailSentAt: Date | null;
}

/**
 * Emits 'created' after each createNotifications in this process, so the
 * worker's mail dispatcher can send at once instead of at its next poll.
 */
export const notificationEvents = new EventEmitter();
notificationEvents.setMaxListeners(50);

/** MongoDB keys may not contain '.' or start with '$'; params come from titles and names, their keys from code. */
function safeParams(params: NotificationParams): NotificationParams {
  return Object.fromEntries(Object.entries(params ?? {}).filter(([key]) => key !== '' && !key.includes('.') && !key.startsWith('$')));
}

/** A caller's mistake fails at the caller (e.g. its activity), not later in the mail dispatcher. */
function assertValidInput(input: NotificationInput): void {
  const problem =
    !input.id || !input.userId || !input.regionId
      ? 'needs id, userId and regionId'
      : !(NOTIFICATION_KINDS as readonly string[]).includes(input.kind)
        ? `has an unknown kind '${String(input.kind)}'`
        : Object.values(input.params ?? {}).some((v) => v !== null && typeof v !== 'string' && typeof v !== 'number')
          ? 'has params that are not strings, numbers or null'
          : null;
  if (problem) throw new TypeError(`Notification '${input.id}' ${problem}.`);
}

export function newNotificationDoc(input: NotificationInput, createdAt: Date): StoredNotification {
  return {
    _id: input.id,
    userId: input.userId,
    regionId: input.regionId,
    kind: input.kind,
    params: safeParams(input.params),
    taskId: input.taskId ?? null,
    mandateId: input.mandateId ?? null,
    createdAt,
    readAt: null,
    emailState: 'pending',
    emailSentAt: null,
  };
}

/**
 * Stores notifications and queues their e-mail. Idempotent by `id`: callable
 * again with the same inputs (an activity retry, a repeated request) without
 * a second notification or a second mail. Works in the worker and in the API
 * process; the worker's dispatcher sends the mail.
 *
 * Without transactions, the outbox entry is written first: whatever happens
 * between the two writes, the mail intent survives, and the dispatcher
 * recreates a missing notification from it.
 */
export async function createNotifications(models: Models, inputs: NotificationInput[], now = new Date()): Promise<void> {
  if (inputs.length === 0) return;
  inputs.forEach(assertValidInput);
  const docs = inputs.map((input) => newNotificationDoc(input, now));
  await upsertRetryingDuplicates(() =>
    models.NotificationOutbox.bulkWrite(
      docs.map((doc) => ({
        updateOne: {
          filter: { _id: doc._id },
          update: {
            $setOnInsert: { userId: doc.userId, state: 'pending', attempts: 0, nextAttemptAt: now, notification: doc, createdAt: now },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    ),
  );
  await insertNotificationDocs(models, docs);
  notificationEvents.emit('created');
}

/** Inserts notifications unless they exist ($setOnInsert): never overwrites a read or sent one. */
export async function insertNotificationDocs(models: Models, docs: StoredNotification[]): Promise<void> {
  await upsertRetryingDuplicates(() =>
    models.Notification.bulkWrite(
      docs.map(({ _id, ...fields }) => ({ updateOne: { filter: { _id }, update: { $setOnInsert: fields }, upsert: true } })),
      { ordered: false },
    ),
  );
}

/**
 * Two upserts of the same new _id at the same moment: one inserts, the other
 * fails with a duplicate key (MongoDB and FerretDB alike). Run again, it finds
 * the document and its $setOnInsert does nothing.
 */
export async function upsertRetryingDuplicates(write: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await write();
      return;
    } catch (error) {
      if (!isDuplicateKey(error) || attempt >= 3) throw error;
    }
  }
}

export function toNotificationRecord(doc: StoredNotification): NotificationRecord {
  const n = {
    id: doc._id,
    userId: doc.userId,
    regionId: doc.regionId,
    kind: doc.kind as NotificationKind,
    params: doc.params ?? {},
    taskId: doc.taskId ?? null,
    mandateId: doc.mandateId ?? null,
    createdAt: new Date(doc.createdAt).toISOString(),
    readAt: doc.readAt ? new Date(doc.readAt).toISOString() : null,
    emailState: doc.emailState,
  };
  return { ...n, link: notificationLink(n) };
}

export interface NotificationListQuery {
  unread?: boolean;
  page: number;
  pageSize: number;
}

/** A user's notifications, newest first, one page at a time, with the total and the unread count. */
export async function listNotifications(
  models: Models,
  userId: string,
  query: NotificationListQuery,
): Promise<{ items: NotificationRecord[]; total: number; unread: number }> {
  const filter = query.unread ? { userId, readAt: null } : { userId };
  const [docs, total, unread] = await Promise.all([
    models.Notification.find(filter)
      .sort({ createdAt: -1, _id: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean<StoredNotification[]>(),
    models.Notification.countDocuments(filter),
    query.unread ? undefined : countUnreadNotifications(models, userId),
  ]);
  return { items: docs.map(toNotificationRecord), total, unread: unread ?? total };
}

export async function countUnreadNotifications(models: Models, userId: string): Promise<number> {
  return models.Notification.countDocuments({ userId, readAt: null });
}

/** Marks one of the user's notifications read (again: keeps the first time). Null when it is not theirs or does not exist. */
export async function markNotificationRead(models: Models, userId: string, id: string, now = new Date()): Promise<NotificationRecord | null> {
  const doc = await models.Notification.findById(id).lean<StoredNotification>();
  if (!doc || doc.userId !== userId) return null;
  if (doc.readAt) return toNotificationRecord(doc);
  await models.Notification.updateOne({ _id: id, userId, readAt: null }, { $set: { readAt: now } });
  const updated = await models.Notification.findById(id).lean<StoredNotification>();
  return updated ? toNotificationRecord(updated) : null;
}

/** Marks all of the user's unread notifications read; returns how many changed. */
export async function markAllNotificationsRead(models: Models, userId: string, now = new Date()): Promise<number> {
  const result = await models.Notification.updateMany({ userId, readAt: null }, { $set: { readAt: now } });
  return result.modifiedCount;
}

export async function getNotificationPreferences(models: Models, userId: string): Promise<NotificationPreferences> {
  const doc = await models.NotificationPreference.findById(userId).lean();
  return doc ? { email: doc.email as NotificationPreferences['email'], locale: doc.locale as NotificationPreferences['locale'] } : { ...DEFAULT_PREFERENCES };
}

/** Changes the given fields; the others keep their value (or default). */
export async function setNotificationPreferences(models: Models, userId: string, change: Partial<NotificationPreferences>): Promise<NotificationPreferences> {
  const set = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
  if (Object.keys(set).length === 0) return getNotificationPreferences(models, userId);
  // One atomic write: the fields not given get their defaults only if there was no document yet.
  const defaults = Object.fromEntries(Object.entries(DEFAULT_PREFERENCES).filter(([key]) => !(key in set)));
  await models.NotificationPreference.updateOne({ _id: userId }, { $set: set, $setOnInsert: defaults }, { upsert: true });
  const prefs = await getNotificationPreferences(models, userId);
  if (prefs.email !== 'digest') {
    // Mail waiting for the digest now follows the new choice: the dispatcher sends it (immediate) or skips it (off).
    await models.NotificationOutbox.updateMany({ userId, state: 'digest' }, { $set: { state: 'pending', nextAttemptAt: new Date(), claim: null } });
    notificationEvents.emit('created');
  }
  return prefs;
}
