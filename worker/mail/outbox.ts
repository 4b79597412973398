import type { Logger } from 'pino';
import { claimOnce, mailOutcome, recordMailOutcome } from '../../store/mail-marks';
import type { Models } from '../../store/models';
import { getNotificationPreferences, insertNotificationDocs, toNotificationRecord, type EmailState, type StoredNotification } from '../../store/notifications';
import { findUserById } from '../../store/users';
import { meetingCalendarPart } from './calendar';
import { renderNotificationMail } from './render';
import { describeMailError, messageIdFor, SEND_TIMEOUT_MS, type MailSender } from './transport';

/** What sending needs; built once per dispatcher (createMailDeps). */
export interface MailDeps {
  models: Models;
  /** Null: e-mail is off (no SMTP_HOST); mail is then skipped, never queued up for later. */
  sender: MailSender | null;
  from: string;
  publicUrl: string;
  logger: Logger;
}

/** A claim holds an entry this long; after it (a crashed dispatcher) the entry is due again. Longer than a send may take. */
export const LEASE_MS = 2 * SEND_TIMEOUT_MS;
const BATCH = 20;
/** A server that refuses a recipient (5xx) is asked this many times before the mail counts as failed; other errors are retried without end. */
const PERMANENT_FAILURE_ATTEMPTS = 5;

/** 30 s, 1 min, 2 min, … up to an hour between attempts. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}

interface OutboxEntry {
  _id: string;
  userId: string;
  attempts?: number | null;
  nextAttemptAt: Date;
  notification: StoredNotification;
}

/**
 * Sends what is due in the outbox, one batch. Each entry is claimed first
 * (a unique insert keyed by the entry and its due time), and the winner pushes
 * the due time past the lease: two dispatchers never send the same mail, and a
 * dispatcher that dies mid-send leaves an entry that becomes due again. Before
 * sending, the recorded outcome is checked, so a mail is never sent twice —
 * except if a process dies between the SMTP server's acceptance and the
 * record, which no SMTP client can rule out; the repeat then has the same
 * Message-ID.
 */
export async function sendPendingMail(deps: MailDeps, now: Date): Promise<{ sent: number; more: boolean }> {
  const due = await deps.models.NotificationOutbox.find({ state: 'pending', nextAttemptAt: { $lte: now } })
    .sort({ nextAttemptAt: 1 })
    .limit(BATCH)
    .lean<OutboxEntry[]>();
  let sent = 0;
  for (const entry of due) {
    try {
      if (await deliver(deps, entry, now)) sent += 1;
    } catch (error) {
      // One broken entry must not hold up the others; its claim lapses and it is tried again after the lease.
      deps.logger.error({ err: error, userId: entry.userId, notificationId: entry._id }, 'notification mail could not be processed');
    }
  }
  return { sent, more: due.length === BATCH };
}

/** The notification of an outbox entry; recreated from the entry if its insert was lost. */
export async function ensureNotification(models: Models, entry: { _id: string; notification: StoredNotification }): Promise<StoredNotification> {
  const found = await models.Notification.findById(entry._id).lean<StoredNotification>();
  if (found) return found;
  await insertNotificationDocs(models, [{ ...entry.notification, _id: entry._id }]);
  return (await models.Notification.findById(entry._id).lean<StoredNotification>()) as StoredNotification;
}

/** Records the outcome (the insert-only mark is the record of truth, the notification's emailState shows it), then drops the outbox entry. */
async function finish(models: Models, id: string, state: Extract<EmailState, 'sent' | 'skipped' | 'failed'>, now: Date): Promise<void> {
  await recordMailOutcome(models, [id], state, now);
  await models.Notification.updateOne(
    { _id: id, emailState: { $in: ['pending', 'digest'] } },
    { $set: { emailState: state, ...(state === 'sent' ? { emailSentAt: now } : {}) } },
  );
  // By _id alone: once the outcome is recorded, any entry for this notification is done.
  await models.NotificationOutbox.deleteOne({ _id: id });
}

async function deliver(deps: MailDeps, entry: OutboxEntry, now: Date): Promise<boolean> {
  const { models, logger } = deps;
  const claim = `mail:${entry._id}:${new Date(entry.nextAttemptAt).getTime()}`;
  if (!(await claimOnce(models, claim, now))) return false;
  await models.NotificationOutbox.updateOne({ _id: entry._id }, { $set: { nextAttemptAt: new Date(now.getTime() + LEASE_MS), claim } });

  const notification = await ensureNotification(models, entry);
  // Dealt with before (a repeated createNotifications, or a crash after the outcome was recorded).
  if ((await mailOutcome(models, entry._id)) !== null) {
    await models.NotificationOutbox.deleteOne({ _id: entry._id });
    return false;
  }
  const user = await findUserById(models, entry.userId);
  const prefs = await getNotificationPreferences(models, entry.userId);
  if (!deps.sender || !user || prefs.email === 'off') {
    await finish(models, entry._id, 'skipped', now);
    return false;
  }
  if (prefs.email === 'digest') {
    await models.NotificationOutbox.updateOne({ _id: entry._id, claim }, { $set: { state: 'digest', claim: null, nextAttemptAt: now } });
    await models.Notification.updateOne({ _id: entry._id, emailState: 'pending' }, { $set: { emailState: 'digest' } });
    return false;
  }

  const mail = renderNotificationMail(toNotificationRecord(notification), user.name, prefs.locale, deps.publicUrl);
  const calendar = await meetingCalendarPart(deps, notification, now);
  try {
    await deps.sender.send({
      to: { name: user.name, address: user.email },
      ...mail,
      messageId: messageIdFor(`notification:${entry._id}`, deps.from),
      ...(calendar ? { calendar } : {}),
    });
  } catch (error) {
    await recordFailure(deps, entry, claim, error, now);
    return false;
  }
  await finish(models, entry._id, 'sent', now);
  logger.debug({ userId: entry.userId, notificationId: entry._id }, 'notification mail sent');
  return true;
}

async function recordFailure(deps: MailDeps, entry: OutboxEntry, claim: string, error: unknown, now: Date): Promise<void> {
  const attempts = (entry.attempts ?? 0) + 1;
  const failure = describeMailError(error);
  const refused = failure.responseCode !== undefined && failure.responseCode >= 500;
  if (refused && attempts >= PERMANENT_FAILURE_ATTEMPTS) {
    deps.logger.error({ userId: entry.userId, notificationId: entry._id, attempts, ...failure }, 'notification mail refused by the server; giving up');
    await finish(deps.models, entry._id, 'failed', now);
    return;
  }
  const nextAttemptAt = new Date(now.getTime() + backoffMs(attempts));
  deps.logger.warn({ userId: entry.userId, notificationId: entry._id, attempts, nextAttemptAt, ...failure }, 'notification mail failed; will retry');
  await deps.models.NotificationOutbox.updateOne(
    { _id: entry._id, claim },
    { $set: { attempts, nextAttemptAt, claim: null, lastError: [failure.code, failure.responseCode].filter(Boolean).join(' ') } },
  );
}
