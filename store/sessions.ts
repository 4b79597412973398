import { createHash, randomBytes } from 'node:crypto';
import type { Models } from './models';

export interface SessionRecord {
  userId: string;
  csrfToken: string;
  expiresAt: Date;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Creates a session; the raw token is returned once and only its hash is stored. */
export async function createSession(models: Models, userId: string, ttlMs: number, now = new Date()): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await models.Session.create({ _id: hashToken(token), userId, csrfToken, expiresAt: new Date(now.getTime() + ttlMs) });
  return { token, csrfToken };
}

/**
 * Finds a live session by its token and slides its expiry. The write happens
 * at most once a minute per session so that reads stay reads.
 */
export async function touchSession(models: Models, token: string, ttlMs: number, now = new Date()): Promise<SessionRecord | null> {
  const id = hashToken(token);
  const doc = await models.Session.findById(id).lean();
  if (!doc || doc.expiresAt.getTime() <= now.getTime()) return null;
  const expiresAt = new Date(now.getTime() + ttlMs);
  if (expiresAt.getTime() - doc.expiresAt.getTime() > 60_000) {
    await models.Session.updateOne({ _id: id }, { $set: { expiresAt } });
  }
  return { userId: doc.userId, csrfToken: doc.csrfToken, expiresAt };
}

export async function deleteSession(models: Models, token: string): Promise<void> {
  await models.Session.deleteOne({ _id: hashToken(token) });
}

/** Expired sessions are removed by this scheduled cleanup; FerretDB has no TTL indexes. */
export async function purgeExpiredSessions(models: Models, now = new Date()): Promise<number> {
  const result = await models.Session.deleteMany({ expiresAt: { $lte: now } });
  return result.deletedCount;
}
