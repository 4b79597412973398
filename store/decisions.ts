import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import type { DecisionRecord } from '../domain/board/types';
import { ConflictError, NotFoundError } from '../domain/errors';
import type { PersonRef } from '../domain/roles';
import { berlinDate } from '../domain/time';
import type { Models } from './models';
import { isDuplicateKey } from './writes';

/**
 * Decision records (Beschlüsse) and their implementation items. A record is
 * inserted once and never changed; a correction is a record of its own.
 *
 * `_id` is `<regionId>:<id>`: every region's board numbers from BB-<year>-001,
 * so the number alone is not unique across regions. `voteKey` carries a
 * unique index: the vote's id, or the record's own `_id` for a correction
 * (FerretDB has no partial indexes, and several nulls would collide). One
 * insert thus claims both the number and the vote, atomically.
 */
const decisionSchema = new Schema(
  {
    _id: { type: String, required: true },
    id: { type: String, required: true },
    number: { type: String, required: true },
    regionId: { type: String, required: true },
    boardCode: { type: String, required: true },
    year: { type: Number, required: true },
    seq: { type: Number, required: true },
    voteId: { type: String, default: null },
    voteKey: { type: String, required: true },
    mandateId: { type: String, default: null },
    meetingId: { type: String, default: null },
    corrects: { type: String, default: null },
    /** The whole record but its dossier, as written. */
    record: { type: Schema.Types.Mixed, required: true },
    /** The dossier as JSON text: its content may hold arrays in arrays, which FerretDB cannot store. */
    dossier: { type: String, default: null },
  },
  { versionKey: false, minimize: false },
);
decisionSchema.index({ voteKey: 1 }, { unique: true });
decisionSchema.index({ regionId: 1, year: 1, seq: 1 });

/** An implementation item (Umsetzungsschritt) of a decision; `_id` is the item's id. */
const implementationItemSchema = new Schema(
  {
    _id: { type: String, required: true },
    regionId: { type: String, required: true },
    decisionId: { type: String, required: true },
    title: { type: String, required: true },
    responsible: { type: Schema.Types.Mixed, required: true },
    dueDate: { type: String, required: true },
    taskId: { type: String, required: true },
    delayReason: { type: String, default: null },
    createdAt: { type: String, required: true },
    createdBy: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false, minimize: false },
);
implementationItemSchema.index({ regionId: 1, decisionId: 1 });

export type DecisionDoc = InferSchemaType<typeof decisionSchema>;
export type ImplementationItemDoc = InferSchemaType<typeof implementationItemSchema>;

/** The models of this module, spread into store/models.ts's createModels (so openStore creates their indexes). */
export function decisionModels(connection: Connection) {
  return {
    Decision: connection.model('Decision', decisionSchema, 'decisions') as Model<DecisionDoc>,
    ImplementationItem: connection.model('ImplementationItem', implementationItemSchema, 'implementation_items') as Model<ImplementationItemDoc>,
  };
}

/** What the vote's closing hands in; number, year and sequence are allocated here. */
export type NewDecisionRecord = Omit<DecisionRecord, 'id' | 'number' | 'year' | 'seq' | 'recordedAt'> & { recordedAt: string };

export type DecisionCorrection = {
  text?: string;
  rationale?: string | null;
  dissent?: DecisionRecord['dissent'];
  reason: string;
};

const docId = (regionId: string, id: string) => `${regionId}:${id}`;
const pad = (seq: number) => String(seq).padStart(3, '0');

/** `BB-2026-007` and `BB-2026/007`. */
export function decisionNumber(code: string, year: number, seq: number): { id: string; number: string } {
  return { id: `${code}-${year}-${pad(seq)}`, number: `${code}-${year}/${pad(seq)}` };
}

function toRecord(doc: Pick<DecisionDoc, 'record' | 'dossier'>): DecisionRecord {
  return { ...(doc.record as Omit<DecisionRecord, 'dossier'>), dossier: doc.dossier ? (JSON.parse(doc.dossier) as DecisionRecord['dossier']) : null };
}

async function highestSeq(models: Models, regionId: string, boardCode: string, year: number): Promise<number> {
  const [top] = await models.Decision.find({ regionId, boardCode, year }, { seq: 1 }).sort({ seq: -1 }).limit(1).lean();
  return top?.seq ?? 0;
}

async function findByVote(models: Models, voteId: string): Promise<DecisionRecord | null> {
  const doc = await models.Decision.findOne({ voteKey: voteId }, { record: 1, dossier: 1 }).lean();
  return doc ? toRecord(doc) : null;
}

/** Enough for hundreds of records allocated at the same moment; each retry means another one got the number. */
const MAX_ATTEMPTS = 500;

/**
 * Records a decision under the next number of its board and year (the Berlin
 * year of `decidedAt`). Numbers have no gaps and no duplicates under
 * concurrency: each attempt inserts highest + 1, and the unique `_id` lets only
 * one of several racers have it; the others read again. Idempotent per vote:
 * when the vote already has a record (the unique `voteKey`), that one is returned.
 */
export async function createDecisionRecord(models: Models, input: NewDecisionRecord): Promise<DecisionRecord> {
  const year = Number(berlinDate(input.decidedAt).slice(0, 4));
  const { dossier, ...rest } = input;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const seq = (await highestSeq(models, input.regionId, input.boardCode, year)) + 1;
    const record: DecisionRecord = { ...rest, ...decisionNumber(input.boardCode, year, seq), year, seq, dossier };
    const _id = docId(input.regionId, record.id);
    try {
      const { dossier: _dossier, ...stored } = record;
      await models.Decision.insertMany(
        [
          {
            _id,
            id: record.id,
            number: record.number,
            regionId: record.regionId,
            boardCode: record.boardCode,
            year,
            seq,
            voteId: record.voteId,
            // Unique: one record per vote, and one correction per record (two racing corrections cannot both land).
            voteKey: record.voteId ?? (record.corrects ? `corrects:${docId(record.regionId, record.corrects)}` : _id),
            mandateId: record.subject.mandateId,
            meetingId: record.subject.meetingId,
            corrects: record.corrects,
            record: stored,
            dossier: dossier ? JSON.stringify(dossier) : null,
          },
        ],
        { lean: true },
      );
      return record;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Either the vote has its record already (a retry, or a racing call for the same vote), or the number was taken.
      const existing = record.voteId ? await findByVote(models, record.voteId) : null;
      if (existing) return existing;
      if (record.corrects) {
        const newer = await correctionsOf(models, record.regionId, record.corrects);
        if (newer.length > 0) {
          throw new ConflictError('decision_corrected', `The decision ${record.corrects} has been corrected already; correct the latest version.`, {
            correctedBy: newer,
          });
        }
      }
    }
  }
  throw new Error(`No decision number for ${input.boardCode}-${year} after ${MAX_ATTEMPTS} attempts.`);
}

export async function findDecision(models: Models, regionId: string, id: string): Promise<DecisionRecord | null> {
  const doc = await models.Decision.findById(docId(regionId, id), { record: 1, dossier: 1 }).lean();
  return doc ? toRecord(doc) : null;
}

/** A region's decision, 404 when it has none by that id (also for another region's). */
export async function loadDecision(models: Models, regionId: string, id: string): Promise<DecisionRecord> {
  const record = await findDecision(models, regionId, id);
  if (!record) throw new NotFoundError(`No decision '${id}' in region '${regionId}'.`);
  return record;
}

export interface DecisionFilter {
  year?: number;
  mandateId?: string;
  meetingId?: string;
}

/** A region's decisions, newest number first (corrections included: they are decisions of their own). */
export async function listDecisions(models: Models, regionId: string, filter: DecisionFilter = {}): Promise<DecisionRecord[]> {
  const query: Record<string, unknown> = { regionId };
  if (filter.year !== undefined) query.year = filter.year;
  if (filter.mandateId !== undefined) query.mandateId = filter.mandateId;
  if (filter.meetingId !== undefined) query.meetingId = filter.meetingId;
  const docs = await models.Decision.find(query, { record: 1, dossier: 1, year: 1, seq: 1, boardCode: 1 }).lean();
  // Sorted here: the year, then the number within it; a board that changed its code keeps its numbers apart.
  docs.sort((a, b) => b.year - a.year || b.seq - a.seq || (a.boardCode < b.boardCode ? 1 : -1));
  return docs.map(toRecord);
}

/** The ids of the records that correct this one, oldest first. */
export async function correctionsOf(models: Models, regionId: string, id: string): Promise<string[]> {
  const docs = await models.Decision.find({ regionId, corrects: id }, { id: 1, year: 1, seq: 1 }).lean();
  return docs.sort((a, b) => a.year - b.year || a.seq - b.seq).map((d) => d.id);
}

/**
 * Corrects a decision by a new record: the same vote data, the patched text,
 * rationale or dissent, `corrects` naming the old one, which stays as it was.
 * The new record is numbered in the decision's year (decidedAt is kept). Only
 * the latest version may be corrected, so corrections form a chain, not a tree.
 */
export async function correctDecision(
  models: Models,
  regionId: string,
  id: string,
  patch: DecisionCorrection,
  by: PersonRef,
  at: string,
): Promise<DecisionRecord> {
  const old = await loadDecision(models, regionId, id);
  const newer = await correctionsOf(models, regionId, id);
  if (newer.length > 0) {
    throw new ConflictError('decision_corrected', `The decision ${old.number} has been corrected already; correct the latest version.`, { correctedBy: newer });
  }
  const { id: _id, number: _number, year: _year, seq: _seq, ...kept } = old;
  return createDecisionRecord(models, {
    ...kept,
    text: patch.text ?? old.text,
    rationale: patch.rationale !== undefined ? patch.rationale : old.rationale,
    dissent: patch.dissent ?? old.dissent,
    voteId: null,
    recordedAt: at,
    recordedBy: by,
    corrects: old.id,
    correctionReason: patch.reason,
  });
}
