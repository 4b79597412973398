import { createHash } from 'node:crypto';
import type { Models } from './models';

/**
 * Slows down password guessing per account: after MAX_FAILURES wrong
 * passwords within WINDOW_MS, logins to that email are refused for LOCK_MS,
 * whatever the password. Kept in MongoDB so every API process sees it.
 */
export const MAX_FAILURES = 10;
const WINDOW_MS = 15 * 60 * 1000;
const LOCK_MS = 15 * 60 * 1000;

const keyOf = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

/** Milliseconds until the account may try again, or 0. */
export async function loginLockRemaining(models: Models, email: string, now = new Date()): Promise<number> {
  const doc = await models.LoginAttempt.findById(keyOf(email)).lean();
  const lockedUntil = doc?.lockedUntil?.getTime() ?? 0;
  return Math.max(0, lockedUntil - now.getTime());
}

export async function recordLoginFailure(models: Models, email: string, now = new Date()): Promise<void> {
  const _id = keyOf(email);
  const doc = await models.LoginAttempt.findById(_id).lean();
  const windowOpen = doc && now.getTime() - doc.windowStart.getTime() < WINDOW_MS;
  const failures = windowOpen ? doc.failures + 1 : 1;
  const lockedUntil = failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MS) : null;
  await models.LoginAttempt.updateOne(
    { _id },
    { $set: { failures: lockedUntil ? 0 : failures, windowStart: windowOpen && !lockedUntil ? doc.windowStart : now, lockedUntil, updatedAt: now } },
    { upsert: true },
  );
}

export async function clearLoginFailures(models: Models, email: string): Promise<void> {
  await models.LoginAttempt.deleteOne({ _id: keyOf(email) });
}

/** Part of the scheduled cleanup: attempts older than a window and a lock are forgotten. */
export async function purgeOldLoginAttempts(models: Models, now = new Date()): Promise<number> {
  const result = await models.LoginAttempt.deleteMany({ updatedAt: { $lte: new Date(now.getTime() - WINDOW_MS - LOCK_MS) } });
  return result.deletedCount;
}
