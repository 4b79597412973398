import type { Model } from 'mongoose';

const DUPLICATE_KEY = 11000;

/** Whether a write failed only on a unique key: the document (or each one in a bulk insert) is already there. */
export function isDuplicateKey(error: unknown): boolean {
  type WriteError = { code?: number; err?: { code?: number } };
  const e = error as { code?: number; writeErrors?: WriteError[] };
  const duplicate = (w: WriteError) => (w.code ?? w.err?.code) === DUPLICATE_KEY;
  if (Array.isArray(e?.writeErrors) && e.writeErrors.length > 0) return e.writeErrors.every(duplicate);
  return e?.code === DUPLICATE_KEY;
}

/**
 * Inserts documents by `_id`, keeping those already there: idempotent appends
 * (audit events) without upserts. An upsert whose filter matches nothing makes
 * FerretDB's embedded backend scan the whole collection; an insert is checked
 * against the `_id` key only.
 */
export async function insertMissing<T>(model: Model<T>, docs: Record<string, unknown>[]): Promise<void> {
  if (docs.length === 0) return;
  try {
    await model.insertMany(docs, { ordered: false, lean: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

/**
 * Writes a read model document with compare-and-set on `version`: inserted
 * when it is new, replaced when the stored one is older, left alone when it
 * is as new or newer (a retry). `stored` is the version read before, if any.
 */
export async function writeVersioned<T>(model: Model<T>, id: string, doc: Record<string, unknown> & { version: number }, stored: number | null): Promise<void> {
  if (stored !== null && stored >= doc.version) return;
  if (stored === null) {
    try {
      await model.insertMany([{ _id: id, ...doc }], { lean: true });
      return;
    } catch (error) {
      // Someone wrote it meanwhile: fall through to the compare-and-set.
      if (!isDuplicateKey(error)) throw error;
    }
  }
  await model.updateOne({ _id: id, version: { $lt: doc.version } } as never, { $set: doc } as never);
}
