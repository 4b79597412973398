import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import type { Recusal } from '../domain/board/types';
import type { PersonRef } from '../domain/roles';
import type { Models } from './models';
import { insertMissing } from './writes';

/**
 * Recusals (Befangenheit) per matter: a mandate, an agenda item, or a vote
 * on its own. One document per matter and member (`_id` = `<matter>|<memberId>`),
 * inserted once: declaring twice keeps the first declaration. A recusal is
 * never withdrawn; the minutes and decision records rest on it.
 */
export const recusalSchema = new Schema(
  {
    _id: { type: String, required: true },
    regionId: { type: String, required: true },
    matter: { type: String, required: true },
    memberId: { type: String, required: true },
    name: { type: String, required: true },
    reason: { type: String, default: null },
    declaredAt: { type: String, required: true },
    recordedBy: { type: Schema.Types.Mixed, required: true },
  },
  { versionKey: false },
);

export function recusalModel(connection: Connection) {
  return connection.model('Recusal', recusalSchema, 'recusals') as Model<InferSchemaType<typeof recusalSchema>>;
}

/** The matter a vote or agenda item is about: a mandate's recusal holds for every vote and item on it. */
export function matterOf(subject: { mandateId?: string | null; meetingId?: string | null; itemId?: string | null; voteId?: string | null }): string {
  if (subject.mandateId) return `mandate:${subject.mandateId}`;
  if (subject.meetingId && subject.itemId) return `item:${subject.meetingId}:${subject.itemId}`;
  if (subject.voteId) return `vote:${subject.voteId}`;
  throw new Error('A matter needs a mandate, an agenda item or a vote.');
}

export interface NewRecusal {
  regionId: string;
  matter: string;
  member: PersonRef;
  reason: string | null;
  recordedBy: PersonRef;
  at: string;
}

interface RecusalDoc {
  memberId: string;
  name: string;
  reason: string | null;
  declaredAt: string;
  recordedBy: PersonRef;
}

const toRecusal = (doc: RecusalDoc): Recusal => ({
  memberId: doc.memberId,
  name: doc.name,
  reason: doc.reason ?? null,
  declaredAt: doc.declaredAt,
  recordedBy: doc.recordedBy,
});

export async function declareRecusal(models: Models, input: NewRecusal): Promise<Recusal> {
  const id = `${input.matter}|${input.member.id}`;
  await insertMissing(models.Recusal, [
    {
      _id: id,
      regionId: input.regionId,
      matter: input.matter,
      memberId: input.member.id,
      name: input.member.name,
      reason: input.reason,
      declaredAt: input.at,
      recordedBy: input.recordedBy,
    },
  ]);
  return toRecusal((await models.Recusal.findById(id).lean<RecusalDoc>()) as RecusalDoc);
}

export async function listRecusals(models: Models, matter: string): Promise<Recusal[]> {
  const docs = await models.Recusal.find({ matter }).sort({ declaredAt: 1 }).lean<RecusalDoc[]>();
  return docs.map(toRecusal);
}

/** Read by `_id`: cheap on every download of a confidential attachment. */
export async function isRecused(models: Models, matter: string, userId: string): Promise<boolean> {
  return (await models.Recusal.exists({ _id: `${matter}|${userId}` })) !== null;
}
