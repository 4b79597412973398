import { createHash, randomBytes } from 'node:crypto';
import { ConflictError, NotFoundError } from '../domain/errors';
import type { PersonRef } from '../domain/roles';
import { STANDARD_INDICATORS } from '../domain/monitoring/catalogue';
import { breakdownKey, monitoringSettingsSchema, numberVersions } from '../domain/monitoring/values';
import {
  DEFAULT_MONITORING_SETTINGS,
  type Breakdown,
  type DossierContent,
  type ImportIssue,
  type ImportMapping,
  type IndicatorDefinition,
  type IndicatorTarget,
  type MonitoringSettings,
  type ParsedValue,
  type ValueOrigin,
  type ValueRecord,
  type ValueStatus,
} from '../domain/monitoring/types';
import type { Models } from './models';
import { isDuplicateKey } from './writes';

// ---------------------------------------------------------------- settings and catalogue

export async function getMonitoringSettings(models: Models, regionId: string): Promise<MonitoringSettings> {
  const region = await models.Region.findById(regionId, { monitoringSettings: 1 }).lean();
  const parsed = monitoringSettingsSchema.safeParse(region?.monitoringSettings);
  return parsed.success ? parsed.data : { ...DEFAULT_MONITORING_SETTINGS };
}

export async function setMonitoringSettings(models: Models, regionId: string, settings: MonitoringSettings): Promise<void> {
  await models.Region.updateOne({ _id: regionId }, { $set: { monitoringSettings: settings } });
}

/** The regions that let others compare with their totals, except `regionId` itself. */
export async function sharingRegions(models: Models, regionId: string): Promise<{ id: string; name: string }[]> {
  const regions = await models.Region.find({}, { name: 1, monitoringSettings: 1 }).lean();
  return regions
    .filter((region) => region._id !== regionId && monitoringSettingsSchema.safeParse(region.monitoringSettings).data?.shareAggregates === true)
    .map((region) => ({ id: region._id, name: region.name }));
}

const indicatorDocId = (regionId: string, key: string) => `${regionId}|${key}`;

/** The region's catalogue: the standard set with the region's targets, then its own indicators. */
export async function listIndicators(models: Models, regionId: string): Promise<IndicatorDefinition[]> {
  const docs = await models.Indicator.find({ regionId }).lean();
  const byKey = new Map(docs.map((doc) => [doc.key, doc]));
  const standard = STANDARD_INDICATORS.map((indicator) => ({ ...indicator, target: (byKey.get(indicator.key)?.target as IndicatorTarget | null) ?? null }));
  const custom = docs
    .filter((doc) => doc.definition)
    .map((doc) => ({ ...(doc.definition as IndicatorDefinition), custom: true, target: (doc.target as IndicatorTarget | null) ?? null }))
    .sort((a, b) => a.key.localeCompare(b.key));
  return [...standard, ...custom];
}

export async function findIndicator(models: Models, regionId: string, key: string): Promise<IndicatorDefinition> {
  const indicator = (await listIndicators(models, regionId)).find((candidate) => candidate.key === key);
  if (!indicator) throw new NotFoundError(`No indicator '${key}' in the catalogue of region '${regionId}'.`);
  return indicator;
}

export async function createCustomIndicator(models: Models, regionId: string, definition: IndicatorDefinition, now: string): Promise<void> {
  if (STANDARD_INDICATORS.some((indicator) => indicator.key === definition.key)) {
    throw new ConflictError('indicator_exists', `'${definition.key}' is a standard indicator.`);
  }
  const existing = await models.Indicator.findById(indicatorDocId(regionId, definition.key)).lean();
  if (existing?.definition) throw new ConflictError('indicator_exists', `The region already has an indicator '${definition.key}'.`);
  try {
    if (existing) await models.Indicator.updateOne({ _id: existing._id }, { $set: { definition, updatedAt: now } });
    else
      await models.Indicator.create({ _id: indicatorDocId(regionId, definition.key), regionId, key: definition.key, definition, target: null, updatedAt: now });
  } catch (error) {
    if (isDuplicateKey(error)) throw new ConflictError('indicator_exists', `The region already has an indicator '${definition.key}'.`);
    throw error;
  }
}

export async function setIndicatorTarget(models: Models, regionId: string, key: string, target: IndicatorTarget | null, now: string): Promise<void> {
  const id = indicatorDocId(regionId, key);
  const updated = await models.Indicator.updateOne({ _id: id }, { $set: { target, updatedAt: now } });
  if (updated.matchedCount > 0) return;
  try {
    await models.Indicator.create({ _id: id, regionId, key, definition: null, target, updatedAt: now });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await models.Indicator.updateOne({ _id: id }, { $set: { target, updatedAt: now } });
  }
}

// ---------------------------------------------------------------- values

interface StoredValue {
  period: string;
  breakdown?: unknown;
  breakdownKey: string;
  area: string;
  value?: number | null;
  status: string;
  caseCount?: number | null;
}

interface ValueSetDocLike {
  _id: string;
  regionId: string;
  indicatorKey: string;
  source: string;
  referenceDate?: string | null;
  territorialStatus?: string | null;
  origin: string;
  enteredBy: unknown;
  batchId?: string | null;
  fileName?: string | null;
  taskId?: string | null;
  note?: string | null;
  createdAt: string;
  values?: StoredValue[] | null;
}

/** The values of a set as records, dated `effectiveAt` (a batch's commit, a hand entry's creation). */
function toRecords(doc: ValueSetDocLike, effectiveAt: string): ValueRecord[] {
  const enteredBy = doc.enteredBy as PersonRef;
  return (doc.values ?? []).map((value, index) => ({
    id: `${doc._id}#${index}`,
    regionId: doc.regionId,
    indicatorKey: doc.indicatorKey,
    period: value.period,
    breakdown: (value.breakdown ?? {}) as Breakdown,
    breakdownKey: value.breakdownKey,
    area: value.area,
    version: 0,
    value: value.value ?? null,
    status: value.status as ValueStatus,
    caseCount: value.caseCount ?? null,
    source: doc.source,
    referenceDate: doc.referenceDate ?? null,
    territorialStatus: doc.territorialStatus ?? null,
    origin: doc.origin as ValueOrigin,
    enteredBy: { id: enteredBy.id, name: enteredBy.name },
    batchId: doc.batchId ?? null,
    fileName: doc.fileName ?? null,
    taskId: doc.taskId ?? null,
    note: doc.note ?? null,
    createdAt: effectiveAt,
  }));
}

export interface ValueSet {
  /** Every version that counts, numbered per cell, oldest first. */
  all: ValueRecord[];
  /** The latest version of each cell. */
  current: ValueRecord[];
}

/**
 * The values that count, of one indicator or all: hand entries, and the
 * values of committed batches (dated by their commit). Versions are numbered
 * here, in the order they came to count, so two writers never clash over a
 * version number.
 */
export async function loadValues(models: Models, regionId: string, indicatorKey?: string): Promise<ValueSet> {
  const docs = (await models.IndicatorValue.find(indicatorKey ? { regionId, indicatorKey } : { regionId }).lean()) as ValueSetDocLike[];
  const batchIds = [...new Set(docs.map((doc) => doc.batchId).filter((id): id is string => Boolean(id)))];
  const batches = batchIds.length > 0 ? await models.ImportBatch.find({ _id: { $in: batchIds } }, { status: 1, committedAt: 1 }).lean() : [];
  const committed = new Map(batches.filter((b) => b.status === 'committed' && b.committedAt).map((b) => [b._id, b.committedAt as string]));
  const sets = docs.flatMap((doc) => {
    const at = doc.batchId ? committed.get(doc.batchId) : doc.createdAt;
    return at ? [{ doc, at }] : [];
  });
  // Set by set in the order they came to count; within a set, in the file's order.
  sets.sort((a, b) => a.at.localeCompare(b.at) || a.doc._id.localeCompare(b.doc._id, 'en', { numeric: true }));
  return numberVersions(sets.flatMap(({ doc, at }) => toRecords(doc, at)));
}

/** A value to be written: a parsed one without its place in the file. */
export type NewValue = Omit<ParsedValue, 'row' | 'column'>;

export interface Provenance {
  source: string;
  referenceDate: string | null;
  territorialStatus: string | null;
  origin: ValueOrigin;
  enteredBy: PersonRef;
  fileName: string | null;
  taskId: string | null;
  note: string | null;
}

/** Values per set: a few hundred KB per document, far below MongoDB's 16 MB. */
const VALUES_PER_SET = 2000;

/** The value sets of one write: per indicator, in parts of VALUES_PER_SET, ids derived from the write's id. */
function valueSets(regionId: string, entryId: string, batchId: string | null, values: readonly NewValue[], provenance: Provenance, at: string) {
  const byIndicator = new Map<string, NewValue[]>();
  for (const value of values) byIndicator.set(value.indicatorKey, [...(byIndicator.get(value.indicatorKey) ?? []), value]);
  return [...byIndicator.entries()].flatMap(([indicatorKey, ofIndicator]) => {
    const parts = [];
    for (let first = 0; first < ofIndicator.length; first += VALUES_PER_SET) {
      parts.push({
        _id: `${entryId}|${indicatorKey}|${first / VALUES_PER_SET}`,
        regionId,
        indicatorKey,
        ...provenance,
        enteredBy: { id: provenance.enteredBy.id, name: provenance.enteredBy.name },
        batchId,
        createdAt: at,
        values: ofIndicator.slice(first, first + VALUES_PER_SET).map((value) => ({
          period: value.period,
          breakdown: value.breakdown,
          breakdownKey: breakdownKey(value.breakdown),
          area: value.area,
          value: value.value,
          status: value.status,
          caseCount: value.caseCount,
        })),
      });
    }
    return parts;
  });
}

/** A value entered by hand: it counts at once, as the next version of its cell. Returns the value's id. */
export async function insertManualValue(
  models: Models,
  regionId: string,
  value: NewValue,
  provenance: Provenance,
  at: string,
  entryId = manualEntryId(),
): Promise<string> {
  const sets = valueSets(regionId, entryId, null, [value], provenance, at);
  try {
    await models.IndicatorValue.insertMany(sets, { lean: true });
  } catch (error) {
    // The retry of an entry already made (the same Idempotency-Key): no second version.
    if (!isDuplicateKey(error)) throw error;
  }
  return `${sets[0]?._id}#0`;
}

/** A hand entry's id; from an Idempotency-Key it is derived, so a retry finds the first entry. */
export function manualEntryId(key?: { regionId: string; userId: string; idempotencyKey: string }): string {
  if (!key) return `m${randomBytes(8).toString('hex')}`;
  return `m${createHash('sha256').update(`value\n${key.regionId}\n${key.userId}\n${key.idempotencyKey}`).digest('hex').slice(0, 16)}`;
}

/** Whether a hand entry of this id exists (a retried request). */
export async function manualEntryExists(models: Models, entryId: string, indicatorKey: string): Promise<boolean> {
  return (await models.IndicatorValue.exists({ _id: `${entryId}|${indicatorKey}|0` })) !== null;
}

// ---------------------------------------------------------------- batches (imports and answered requests)

export interface ImportPreviewData {
  format: 'csv' | 'xlsx' | null;
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  rowCount: number;
  rows: string[][];
  headers: string[];
  valueCount: number;
  sample: ParsedValue[];
  issues: ImportIssue[];
}

export interface ImportRecord {
  id: string;
  regionId: string;
  status: 'preview' | 'committing' | 'committed' | 'discarded';
  fileName: string;
  contentType: string;
  size: number;
  chunkCount: number;
  taskId: string | null;
  mapping: ImportMapping | null;
  preview: ImportPreviewData;
  createdBy: PersonRef;
  createdAt: string;
  committedAt: string | null;
  written: number;
}

export const newImportId = () => `imp${randomBytes(10).toString('hex')}`;

type BatchDocLike = {
  _id: string;
  regionId: string;
  status: string;
  fileName?: string | null;
  contentType?: string | null;
  size?: number | null;
  chunkCount?: number | null;
  taskId?: string | null;
  mapping?: unknown;
  preview?: string | null;
  createdBy: unknown;
  createdAt: string;
  committedAt?: string | null;
  written?: number | null;
};

function toImport(doc: BatchDocLike): ImportRecord {
  const createdBy = doc.createdBy as PersonRef;
  return {
    id: doc._id,
    regionId: doc.regionId,
    status: doc.status as ImportRecord['status'],
    fileName: doc.fileName ?? '',
    contentType: doc.contentType ?? '',
    size: doc.size ?? 0,
    chunkCount: doc.chunkCount ?? 0,
    taskId: doc.taskId ?? null,
    mapping: (doc.mapping as ImportMapping | null) ?? null,
    preview: JSON.parse(doc.preview ?? 'null') as ImportPreviewData,
    createdBy: { id: createdBy.id, name: createdBy.name },
    createdAt: doc.createdAt,
    committedAt: doc.committedAt ?? null,
    written: doc.written ?? 0,
  };
}

export async function createImport(models: Models, record: Omit<ImportRecord, 'status' | 'committedAt' | 'written'>): Promise<ImportRecord> {
  const { id, preview, ...fields } = record;
  await models.ImportBatch.create({ _id: id, kind: 'file', status: 'preview', ...fields, preview: JSON.stringify(preview) });
  return { ...record, status: 'preview', committedAt: null, written: 0 };
}

export async function findImport(models: Models, regionId: string, id: string): Promise<ImportRecord> {
  const doc = await models.ImportBatch.findById(id).lean();
  if (!doc || doc.regionId !== regionId || doc.kind !== 'file') throw new NotFoundError(`No import '${id}' in region '${regionId}'.`);
  return toImport(doc as BatchDocLike);
}

export async function listImports(models: Models, regionId: string, limit = 50): Promise<ImportRecord[]> {
  const docs = await models.ImportBatch.find({ regionId, kind: 'file' }).sort({ createdAt: -1 }).limit(limit).lean();
  return docs.map((doc) => toImport(doc as BatchDocLike));
}

export async function updateImportPreview(models: Models, id: string, mapping: ImportMapping | null, preview: ImportPreviewData): Promise<void> {
  await models.ImportBatch.updateOne({ _id: id, status: 'preview' }, { $set: { mapping, preview: JSON.stringify(preview) } });
}

/** Discards a preview: only the holder of the import's claim gets here, so no commit can be under way. */
export async function discardImport(models: Models, id: string): Promise<void> {
  await claimImport(models, id, 'discard');
  await models.IndicatorValue.deleteMany({ batchId: id });
}

/** Value sets per insert: a few MB per round trip. */
const SETS_PER_WRITE = 8;

/**
 * Writes a batch's values, then marks the batch committed: that one write is
 * the moment they all count. A failure before it leaves values no read sees;
 * they are removed before the error goes on (or by the next attempt, which
 * starts by removing what an earlier one left).
 */
export async function commitBatch(
  models: Models,
  batchId: string,
  regionId: string,
  values: readonly NewValue[],
  provenance: Provenance,
  at: string,
  stage: { afterWrite?: (written: number) => Promise<void> } = {},
): Promise<number> {
  await models.IndicatorValue.deleteMany({ batchId });
  const sets = valueSets(regionId, batchId, batchId, values, provenance, at);
  try {
    let written = 0;
    for (let first = 0; first < sets.length; first += SETS_PER_WRITE) {
      const part = sets.slice(first, first + SETS_PER_WRITE);
      await models.IndicatorValue.insertMany(part, { ordered: true, lean: true });
      written += part.reduce((sum, set) => sum + set.values.length, 0);
      await stage.afterWrite?.(written);
    }
    const marked = await models.ImportBatch.updateOne(
      { _id: batchId, status: 'committing' },
      { $set: { status: 'committed', committedAt: at, written: values.length } },
    );
    if (marked.matchedCount === 0) throw new ConflictError('import_not_open', 'The import was discarded or committed meanwhile; nothing was stored.');
  } catch (error) {
    await models.IndicatorValue.deleteMany({ batchId }).catch(() => undefined);
    throw error;
  }
  return values.length;
}

/** A claim older than this belongs to a request that died mid-commit: another may take it over. */
const CLAIM_EXPIRES_MS = 15 * 60 * 1000;

/**
 * Claims an import for committing or discarding; 409 when it is no longer a
 * preview or another request holds it. The claim is a unique insert, so of
 * two concurrent requests exactly one gets it.
 */
export async function claimImport(models: Models, id: string, action: 'commit' | 'discard', now = new Date()): Promise<void> {
  const refuse = (status: string | null) =>
    new ConflictError('import_not_open', `The import is ${status ?? 'gone'}; only a preview can be committed or discarded.`, { importStatus: status });
  const doc = await models.ImportBatch.findById(id, { status: 1 }).lean();
  if (doc?.status !== 'preview' && doc?.status !== 'committing') throw refuse(doc?.status ?? null);
  const stale = await models.ImportClaim.findById(id).lean();
  if (stale && now.getTime() - Date.parse(stale.at) > CLAIM_EXPIRES_MS) await models.ImportClaim.deleteOne({ _id: id, at: stale.at });
  try {
    await models.ImportClaim.create({ _id: id, action, at: now.toISOString() });
  } catch (error) {
    if (isDuplicateKey(error)) throw refuse('being committed or discarded');
    throw error;
  }
  await models.ImportBatch.updateOne({ _id: id }, { $set: { status: action === 'commit' ? 'committing' : 'discarded' } });
}

/** After a failed commit: the import is a preview again, and may be committed or discarded. */
export async function releaseImport(models: Models, id: string): Promise<void> {
  await models.ImportBatch.updateOne({ _id: id, status: 'committing' }, { $set: { status: 'preview' } });
  await models.ImportClaim.deleteOne({ _id: id });
}

/**
 * The values of an approved data request, as a batch of its own
 * (`request:<taskId>`). Idempotent: a retry finds the batch committed and
 * writes nothing; returns whether this call committed it.
 */
export async function commitRequestValues(
  models: Models,
  regionId: string,
  taskId: string,
  values: readonly NewValue[],
  provenance: Provenance,
  at: string,
): Promise<boolean> {
  const batchId = `request:${taskId}`;
  const existing = await models.ImportBatch.findById(batchId, { status: 1 }).lean();
  if (existing?.status === 'committed') return false;
  if (!existing) {
    try {
      await models.ImportBatch.create({
        _id: batchId,
        regionId,
        kind: 'request',
        status: 'committing',
        fileName: provenance.fileName,
        taskId,
        createdBy: provenance.enteredBy,
        createdAt: at,
      });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  await commitBatch(models, batchId, regionId, values, provenance, at);
  return true;
}

// ---------------------------------------------------------------- dossiers

/** Canonical JSON: keys sorted, so the same content always has the same hash. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash covers what the dossier says, not when it was taken: the same dossier submitted twice has one hash. */
export function dossierHash(content: DossierContent): string {
  const { takenAt: _takenAt, ...said } = content;
  return createHash('sha256').update(canonicalJson(said)).digest('hex');
}

/** Stores a dossier under its hash; storing the same content again changes nothing. */
export async function saveDossier(models: Models, content: DossierContent, at: string): Promise<string> {
  const hash = dossierHash(content);
  try {
    await models.Dossier.create({ _id: hash, regionId: content.regionId, mandateId: content.mandateId, content, createdAt: at });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  return hash;
}

export async function findDossier(models: Models, hash: string): Promise<DossierContent | null> {
  const doc = await models.Dossier.findById(hash).lean();
  return doc ? (doc.content as DossierContent) : null;
}
