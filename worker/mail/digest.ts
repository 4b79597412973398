import { berlinDate, berlinWallTime } from '../../domain/time';
import { getNotificationPreferences, toNotificationRecord, upsertRetryingDuplicates, type StoredNotification } from '../../store/notifications';
import { claimOnce, mailOutcome, recordMailOutcome } from '../../store/mail-marks';
import { findUserById } from '../../store/users';
import { backoffMs, ensureNotification, LEASE_MS, type MailDeps } from './outbox';
import { renderDigestMail } from './render';
import { describeMailError, messageIdFor, type MailSender } from './transport';

/** The digest goes out at this Berlin wall-clock time, or at the first run after it that day. */
export const DIGEST_TIME = '07:00:00';

/** Whether today's digest time (Berlin) has passed at this instant. */
export function digestDue(now: Date): boolean {
  return now.getTime() >= Date.parse(berlinWallTime(berlinDate(now.getTime()), DIGEST_TIME));
}

interface DigestEntry {
  _id: string;
  userId: string;
  notification: StoredNotification;
  createdAt: Date;
}

export interface DigestResult {
  /** Digest mails sent by this run. */
  sent: number;
  /** True when every user's digest for the day is done (sent, or nothing to send); false: run again later. */
  complete: boolean;
}

/**
 * Sends each user with preference 'digest' one mail listing what waits in the
 * outbox for them. Exactly once per user and Berlin day, across restarts and
 * several dispatchers: the day's marker (`<userId>:<day>`) is created once,
 * fixes the items, is claimed before sending and records the send. What
 * arrives after the marker waits for the next day. Before 07:00 Berlin it does
 * nothing.
 */
export async function runDigest(deps: MailDeps, now: Date): Promise<DigestResult> {
  const sender = deps.sender;
  if (!digestDue(now) || !sender) return { sent: 0, complete: true };
  const { models } = deps;
  const day = berlinDate(now.getTime());
  const waiting = await models.NotificationOutbox.find({ state: 'digest' }).sort({ createdAt: 1, _id: 1 }).lean<DigestEntry[]>();
  const byUser = new Map<string, DigestEntry[]>();
  for (const entry of waiting) byUser.set(entry.userId, [...(byUser.get(entry.userId) ?? []), entry]);

  let sent = 0;
  let complete = true;
  for (const [userId, entries] of byUser) {
    const outcome = await digestForUser(deps, sender, userId, entries, day, now);
    if (outcome === 'sent') sent += 1;
    if (outcome === 'later') complete = false;
  }
  return { sent, complete };
}

type Outcome = 'sent' | 'done' | 'later';

async function digestForUser(deps: MailDeps, sender: MailSender, userId: string, entries: DigestEntry[], day: string, now: Date): Promise<Outcome> {
  const { models } = deps;
  const ids = entries.map((entry) => entry._id);
  const prefs = await getNotificationPreferences(models, userId);
  if (prefs.email !== 'digest') {
    // The user changed their mind since: the entries go back to the immediate path, which sends or skips them.
    await models.NotificationOutbox.updateMany({ _id: { $in: ids }, state: 'digest' }, { $set: { state: 'pending', nextAttemptAt: now, claim: null } });
    return 'done';
  }

  const markerId = `${userId}:${day}`;
  await upsertRetryingDuplicates(() =>
    models.NotificationDigest.updateOne(
      { _id: markerId },
      { $setOnInsert: { userId, day, items: ids, state: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now } },
      { upsert: true },
    ),
  );
  const marker = await models.NotificationDigest.findById(markerId).lean();
  if (!marker || marker.state !== 'pending') return 'done';
  if (marker.nextAttemptAt.getTime() > now.getTime()) return 'later';

  const claim = `digest:${markerId}:${new Date(marker.nextAttemptAt).getTime()}`;
  if (!(await claimOnce(models, claim, now))) return 'later';
  await models.NotificationDigest.updateOne({ _id: markerId }, { $set: { nextAttemptAt: new Date(now.getTime() + LEASE_MS), claim } });

  const user = await findUserById(models, userId);
  const included = entries.filter((entry) => marker.items.includes(entry._id));
  const includedIds = included.map((entry) => entry._id);
  const notifications: StoredNotification[] = [];
  for (const entry of included) notifications.push(await ensureNotification(models, entry));
  const unsent: StoredNotification[] = [];
  for (const n of notifications) if ((await mailOutcome(models, n._id)) === null) unsent.push(n);
  if (!user || unsent.length === 0) {
    await models.NotificationDigest.updateOne({ _id: markerId, claim }, { $set: { state: 'empty', claim: null } });
    await settleItems(
      deps,
      unsent.map((n) => n._id),
      includedIds,
      'skipped',
      now,
    );
    return 'done';
  }

  const mail = renderDigestMail(
    unsent.map((n) => toNotificationRecord(n)),
    user.name,
    prefs.locale,
    deps.publicUrl,
    day,
  );
  try {
    await sender.send({ to: { name: user.name, address: user.email }, ...mail, messageId: messageIdFor(`digest:${markerId}`, deps.from) });
  } catch (error) {
    const attempts = (marker.attempts ?? 0) + 1;
    const failure = describeMailError(error);
    deps.logger.warn({ userId, day, attempts, ...failure }, 'digest mail failed; will retry');
    await models.NotificationDigest.updateOne(
      { _id: markerId, claim },
      { $set: { attempts, nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)), claim: null, lastError: failure.code } },
    );
    return 'later';
  }
  // Items first: should we die in between, the marker's retry finds them all sent and sends nothing.
  await settleItems(
    deps,
    unsent.map((n) => n._id),
    includedIds,
    'sent',
    now,
  );
  await models.NotificationDigest.updateOne({ _id: markerId, claim }, { $set: { state: 'sent', sentAt: now, claim: null } });
  deps.logger.debug({ userId, day, items: unsent.length }, 'digest mail sent');
  return 'sent';
}

/** Records the digest's outcome on its notifications, then drops their outbox entries (already settled ones included). */
async function settleItems(deps: MailDeps, ids: string[], outboxIds: string[], state: 'sent' | 'skipped', now: Date): Promise<void> {
  await recordMailOutcome(deps.models, ids, state, now);
  if (ids.length > 0) {
    await deps.models.Notification.updateMany(
      { _id: { $in: ids }, emailState: { $in: ['pending', 'digest'] } },
      { $set: { emailState: state, ...(state === 'sent' ? { emailSentAt: now } : {}) } },
    );
  }
  await deps.models.NotificationOutbox.deleteMany({ _id: { $in: outboxIds }, state: 'digest' });
}
