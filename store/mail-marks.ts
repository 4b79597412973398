import type { Models } from './models';
import { insertMissing, isDuplicateKey } from './writes';

/**
 * Exactly one caller gets true for a key: a unique insert, the one operation
 * that is atomic under concurrency on FerretDB as on MongoDB.
 */
export async function claimOnce(models: Models, key: string, now: Date): Promise<boolean> {
  try {
    await models.NotificationMailMark.create({ _id: `claim:${key}`, kind: 'claim', createdAt: now });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

export type MailOutcome = 'sent' | 'skipped' | 'failed';

/** Records what became of a notification's mail; the first record stands. */
export async function recordMailOutcome(models: Models, notificationIds: string[], state: MailOutcome, now: Date): Promise<void> {
  if (notificationIds.length === 0) return;
  await insertMissing(
    models.NotificationMailMark,
    notificationIds.map((id) => ({ _id: `done:${id}`, kind: 'done', state, createdAt: now })),
  );
}

/** Whether a notification's mail was already dealt with (sent, skipped or given up). */
export async function mailOutcome(models: Models, notificationId: string): Promise<MailOutcome | null> {
  const mark = await models.NotificationMailMark.findById(`done:${notificationId}`).lean();
  return mark ? (mark.state as MailOutcome) : null;
}

/** Claims only guard sends in flight; a day later they are history. */
export async function purgeOldClaims(models: Models, now: Date): Promise<number> {
  const result = await models.NotificationMailMark.deleteMany({ kind: 'claim', createdAt: { $lt: new Date(now.getTime() - 24 * 60 * 60 * 1000) } });
  return result.deletedCount;
}
