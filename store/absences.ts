import { randomUUID } from 'node:crypto';
import type { AbsencePeriod } from '../domain/tasks/absences';
import type { PersonRef } from '../domain/roles';
import type { Models } from './models';

export interface AbsenceRecord extends AbsencePeriod {
  id: string;
  regionId: string;
  note: string | null;
  createdBy: PersonRef;
  createdAt: string;
}

function toRecord(doc: Record<string, unknown>): AbsenceRecord {
  return {
    id: doc._id as string,
    regionId: doc.regionId as string,
    user: doc.user as PersonRef,
    substitute: doc.substitute as PersonRef,
    from: doc.from as string,
    until: doc.until as string,
    note: (doc.note as string | null) ?? null,
    createdBy: doc.createdBy as PersonRef,
    createdAt: doc.createdAt as string,
  };
}

/** The region's absences that have not ended before `today` (current and planned): a small set. */
export async function listCurrentAbsences(models: Models, regionId: string, today: string): Promise<AbsenceRecord[]> {
  const docs = await models.Absence.find({ regionId, until: { $gte: today } })
    .sort({ from: 1, _id: 1 })
    .lean();
  return docs.map((doc) => toRecord(doc as unknown as Record<string, unknown>));
}

export async function findAbsence(models: Models, id: string): Promise<AbsenceRecord | null> {
  const doc = await models.Absence.findById(id).lean();
  return doc ? toRecord(doc as unknown as Record<string, unknown>) : null;
}

export async function createAbsence(models: Models, input: Omit<AbsenceRecord, 'id'>): Promise<AbsenceRecord> {
  const record: AbsenceRecord = { ...input, id: `a${randomUUID().replaceAll('-', '').slice(0, 20)}` };
  const { id, ...rest } = record;
  await models.Absence.create({ _id: id, ...rest });
  return record;
}

export async function deleteAbsence(models: Models, id: string): Promise<void> {
  await models.Absence.deleteOne({ _id: id });
}
