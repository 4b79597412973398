import { createHash, randomBytes } from 'node:crypto';
import type { PersonRef } from '../domain/roles';
import type { Models } from './models';
import type { Target, TargetKind, TargetRef } from './targets';

/**
 * Attachments live in this database (metadata in `attachments`, bytes in
 * `attachment_chunks`), so one backup covers them.
 *
 * Why not GridFS: it works on FerretDB 1.24, but it reads a file's chunks with
 * `find({files_id}).sort({n})`, and FerretDB's SQLite backend pushes down only
 * `_id` lookups, so every download decodes every stored chunk: measured 1.2 s
 * for a 100 KiB file with 50 MB stored (12 ms with nothing else stored), and
 * growing with the store. Here each chunk has the _id `<attachmentId>:<n>` and
 * is read by it: 35 ms for the same file at the same size, whatever is stored.
 * The layout is GridFS's (≤ 255 KiB per chunk, unique (attachmentId, n)).
 */
export const CHUNK_SIZE = 255 * 1024;
/** Chunks per insert: about 2 MiB per round trip. */
const CHUNKS_PER_WRITE = 8;
/** An upload that has not finished after this long was interrupted (the API process died). */
const INCOMPLETE_AFTER_MS = 60 * 60 * 1000;

export interface AttachmentRecord {
  id: string;
  regionId: string;
  target: TargetRef;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  chunkCount: number;
  uploadedBy: PersonRef;
  uploadedAt: string;
  /** A confidential paper of its matter: members recused from the matter cannot open it. */
  confidential: boolean;
}

export interface NewAttachment {
  target: Target;
  fileName: string;
  contentType: string;
  content: Buffer;
  uploadedBy: PersonRef;
  confidential?: boolean;
}

interface AttachmentDocLike {
  _id: string;
  regionId: string;
  target?: { kind?: string | null; id?: string | null } | null;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  chunkCount: number;
  uploadedBy: unknown;
  uploadedAt: string;
  confidential?: boolean | null;
}

function toAttachment(doc: AttachmentDocLike): AttachmentRecord {
  const uploadedBy = doc.uploadedBy as PersonRef;
  return {
    id: doc._id,
    regionId: doc.regionId,
    target: { kind: doc.target?.kind as TargetKind, id: doc.target?.id as string },
    fileName: doc.fileName,
    contentType: doc.contentType,
    size: doc.size,
    sha256: doc.sha256,
    chunkCount: doc.chunkCount,
    uploadedBy: { id: uploadedBy.id, name: uploadedBy.name },
    uploadedAt: doc.uploadedAt,
    confidential: doc.confidential === true,
  };
}

const chunkId = (attachmentId: string, n: number) => `${attachmentId}:${n}`;

/** Removes an attachment's chunks and then its metadata; safe to repeat. */
async function removeAttachment(models: Models, id: string): Promise<void> {
  await deleteChunks(models, id);
  await models.Attachment.deleteOne({ _id: id });
}

/**
 * Stores a validated file. The metadata is written first as 'uploading', then
 * the chunks, then it becomes 'stored': until then no list or download sees it.
 * If a write fails, whatever was written is removed before the error goes on;
 * if the process dies instead, purgeIncompleteAttachments removes it later.
 */
export async function storeAttachment(models: Models, input: NewAttachment, now = new Date()): Promise<AttachmentRecord> {
  const { content, target } = input;
  const id = `a${randomBytes(10).toString('hex')}`;
  const record: AttachmentRecord = {
    id,
    regionId: target.regionId,
    target: { kind: target.kind, id: target.id },
    fileName: input.fileName,
    contentType: input.contentType,
    size: content.length,
    sha256: createHash('sha256').update(content).digest('hex'),
    chunkCount: Math.ceil(content.length / CHUNK_SIZE),
    uploadedBy: { id: input.uploadedBy.id, name: input.uploadedBy.name },
    uploadedAt: now.toISOString(),
    confidential: input.confidential ?? false,
  };
  const { id: _id, ...fields } = record;
  await models.Attachment.create({ _id, ...fields, chunkSize: CHUNK_SIZE, status: 'uploading' });
  try {
    await writeChunks(models, id, content);
    await models.Attachment.updateOne({ _id: id, status: 'uploading' }, { $set: { status: 'stored' } });
  } catch (error) {
    await removeAttachment(models, id).catch(() => undefined);
    throw error;
  }
  return record;
}

/** A stored attachment by id (not one being uploaded or deleted). */
export async function findAttachment(models: Models, id: string): Promise<AttachmentRecord | null> {
  const doc = await models.Attachment.findById(id).lean();
  return doc && doc.status === 'stored' ? toAttachment(doc) : null;
}

/** A target's stored attachments, oldest first. */
export async function listAttachments(models: Models, target: TargetRef): Promise<AttachmentRecord[]> {
  const docs = await models.Attachment.find({ 'target.id': target.id, 'target.kind': target.kind, status: 'stored' }).sort({ uploadedAt: 1, _id: 1 }).lean();
  return docs.map(toAttachment);
}

/** Number of stored attachments per target id, for lists that show a count (targets without any are absent). */
export async function countAttachments(models: Models, kind: TargetKind, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await models.Attachment.aggregate<{ _id: string; count: number }>([
    { $match: { 'target.kind': kind, 'target.id': { $in: ids }, status: 'stored' } },
    { $group: { _id: '$target.id', count: { $sum: 1 } } },
  ]);
  return new Map(rows.map((row) => [row._id, row.count]));
}

/**
 * Writes a file's bytes as chunks `<ownerId>:<n>` (attachments, and uploaded
 * import files under their import's id). The owner's metadata says when they count.
 */
export async function writeChunks(models: Models, ownerId: string, content: Buffer): Promise<number> {
  const chunkCount = Math.ceil(content.length / CHUNK_SIZE);
  for (let first = 0; first < chunkCount; first += CHUNKS_PER_WRITE) {
    const batch = [];
    for (let n = first; n < Math.min(first + CHUNKS_PER_WRITE, chunkCount); n += 1) {
      batch.push({ _id: chunkId(ownerId, n), attachmentId: ownerId, n, data: content.subarray(n * CHUNK_SIZE, (n + 1) * CHUNK_SIZE) });
    }
    await models.AttachmentChunk.insertMany(batch, { ordered: true });
  }
  return chunkCount;
}

export async function deleteChunks(models: Models, ownerId: string): Promise<void> {
  await models.AttachmentChunk.deleteMany({ attachmentId: ownerId });
}

/** A whole file from its chunks. */
export async function readChunks(models: Models, ownerId: string, chunkCount: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of readAttachmentContent(models, { id: ownerId, chunkCount })) parts.push(part);
  return Buffer.concat(parts);
}

/** The content, chunk by chunk, each read by _id. Throws if a chunk is missing (the file is damaged). */
export async function* readAttachmentContent(models: Models, attachment: Pick<AttachmentRecord, 'id' | 'chunkCount'>): AsyncGenerator<Buffer> {
  for (let n = 0; n < attachment.chunkCount; n += 1) {
    const chunk = await models.AttachmentChunk.findById(chunkId(attachment.id, n)).lean();
    if (!chunk) throw new Error(`attachment ${attachment.id} lacks chunk ${n}`);
    // A lean read gives BSON Binary, not a Buffer.
    const data = chunk.data as unknown as Buffer | { value(): Uint8Array };
    if (Buffer.isBuffer(data)) yield data;
    else {
      const bytes = data.value();
      yield Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
  }
}

/** Deletes an attachment: hidden at once ('deleting'), then its chunks and metadata are removed. */
export async function deleteAttachment(models: Models, id: string): Promise<void> {
  await models.Attachment.updateOne({ _id: id }, { $set: { status: 'deleting' } });
  await removeAttachment(models, id);
}

/**
 * Removes what interrupted uploads and deletions left behind. Runs on the
 * API's cleanup schedule; returns how many attachments it removed.
 */
export async function purgeIncompleteAttachments(models: Models, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - INCOMPLETE_AFTER_MS).toISOString();
  const docs = await models.Attachment.find({ $or: [{ status: 'deleting' }, { status: 'uploading', uploadedAt: { $lt: cutoff } }] }, { _id: 1 }).lean();
  for (const doc of docs) await removeAttachment(models, doc._id);
  return docs.length;
}
