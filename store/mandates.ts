import type { MandateEvent, MandateSnapshot } from '../domain/mandate';

export type { MandateSnapshot };
import type { Phase } from '../domain/phases';
import type { Models } from './models';
import { insertMissing, writeVersioned } from './writes';

/**
 * Writes the read model of a mandate. Idempotent, so the activity may be
 * retried: events are inserted by (mandate, seq) first, keeping those already
 * there, then the mandate document is written only if its stored version is
 * older (compare-and-set).
 */
export async function saveMandateProjection(models: Models, snapshot: MandateSnapshot, newEvents: MandateEvent[], updateId: string | null): Promise<void> {
  await insertMissing(
    models.MandateEvent,
    newEvents.map((event) => ({
      ...event,
      _id: `${snapshot.id}:${event.seq}`,
      mandateId: snapshot.id,
      regionId: snapshot.regionId,
      updateId: updateId && event.action !== 'close-vote' ? updateId : null,
    })),
  );
  const doc = {
    regionId: snapshot.regionId,
    title: snapshot.title,
    actionField: snapshot.actionField,
    phase: snapshot.phase,
    outcome: snapshot.outcome,
    version: snapshot.version,
    dueDate: snapshot.dueDate,
    updatedAt: snapshot.updatedAt,
    snapshot,
  };
  const stored = await models.Mandate.findById(snapshot.id, { version: 1 }).lean();
  await writeVersioned(models.Mandate, snapshot.id, doc, stored?.version ?? null);
}

export async function findMandate(models: Models, mandateId: string): Promise<MandateSnapshot | null> {
  const doc = await models.Mandate.findById(mandateId, { snapshot: 1 }).lean();
  return doc ? (doc.snapshot as MandateSnapshot) : null;
}

export interface MandateListQuery {
  phase?: Phase;
  q?: string;
  page: number;
  pageSize: number;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One region's mandates, newest change first, one page at a time. */
export async function listMandates(models: Models, regionId: string, query: MandateListQuery): Promise<{ items: MandateSnapshot[]; total: number }> {
  const filter: Record<string, unknown> = { regionId };
  if (query.phase) filter.phase = query.phase;
  if (query.q) filter.title = { $regex: escapeRegex(query.q), $options: 'i' };
  const [docs, total] = await Promise.all([
    models.Mandate.find(filter, { snapshot: 1 })
      .sort({ updatedAt: -1, _id: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    models.Mandate.countDocuments(filter),
  ]);
  return { items: docs.map((doc) => doc.snapshot as MandateSnapshot), total };
}

/** The audit trail, read event by event by `_id` (`<mandateId>:<seq>` up to its version): no scan of every mandate's events. */
export async function listMandateEvents(models: Models, mandateId: string, version: number): Promise<MandateEvent[]> {
  const found = await Promise.all(Array.from({ length: version }, (_, i) => models.MandateEvent.findById(`${mandateId}:${i + 1}`).lean()));
  const docs = found.filter((doc) => doc !== null);
  return docs.map((d) => ({
    seq: d.seq,
    at: d.at,
    actor: (d.actor as MandateEvent['actor']) ?? null,
    action: d.action as MandateEvent['action'],
    phaseBefore: (d.phaseBefore as Phase | null) ?? null,
    phaseAfter: d.phaseAfter as Phase,
    details: (d.details as Record<string, unknown>) ?? {},
  }));
}

/** Whether an update id (from an Idempotency-Key) has already produced an event. */
export async function hasAppliedUpdate(models: Models, mandateId: string, updateId: string): Promise<boolean> {
  return (await models.MandateEvent.exists({ mandateId, updateId })) !== null;
}
