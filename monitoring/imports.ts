import { applyMapping, columnHeaders, detectMapping } from '../domain/monitoring/import/mapping';
import { readTable } from '../imports/read-table';
import { ValidationError } from '../domain/errors';
import type { PersonRef } from '../domain/roles';
import type { ImportIssue, ImportMapping, IndicatorDefinition, MonitoringSettings, ParsedValue, RawTable } from '../domain/monitoring/types';
import { readChunks, writeChunks, deleteChunks } from '../store/attachments';
import type { Models } from '../store/models';
import {
  claimImport,
  commitBatch,
  createImport,
  newImportId,
  releaseImport,
  updateImportPreview,
  type ImportPreviewData,
  type ImportRecord,
  type NewValue,
  type Provenance,
} from '../store/monitoring';

/** Rows of the file shown in the preview; the issues list is complete regardless. */
const PREVIEW_ROWS = 30;
const SAMPLE_VALUES = 50;

/** What restricts an import: a data request takes only its indicator and periods. */
export interface ImportScope {
  catalogue: IndicatorDefinition[];
  settings: MonitoringSettings;
  indicatorKey: string | null;
  allowedPeriods: string[] | null;
}

interface Applied {
  table: RawTable | null;
  mapping: ImportMapping | null;
  values: ParsedValue[];
  preview: ImportPreviewData;
}

/** Reads the file and applies the mapping (detected when none is given): everything the preview shows, nothing stored. */
export async function analyse(content: Buffer, fileName: string, contentType: string, scope: ImportScope, mapping: ImportMapping | null): Promise<Applied> {
  const read = await readTable(content, fileName, contentType);
  const table = read.table;
  const issues: ImportIssue[] = [...read.issues];
  let used: ImportMapping | null = mapping;
  let values: ParsedValue[] = [];
  if (table) {
    // Detection's issues are reported again by applying its mapping, with everything else.
    used ??= detectMapping(table, scope.catalogue, { indicatorKey: scope.indicatorKey ?? undefined, defaultArea: scope.settings.defaultArea }).mapping;
    const applied = applyMapping(table, used, scope.catalogue, {
      defaultArea: scope.settings.defaultArea,
      allowedIndicators: scope.indicatorKey ? [scope.indicatorKey] : undefined,
      allowedPeriods: scope.allowedPeriods ?? undefined,
    });
    values = applied.values;
    issues.push(...applied.issues);
  }
  const headers = table && used ? columnHeaders(table, used) : [];
  const preview: ImportPreviewData = {
    format: table?.format ?? null,
    encoding: table?.encoding ?? null,
    delimiter: table?.delimiter ?? null,
    sheet: table?.sheet ?? null,
    rowCount: table?.rows.length ?? 0,
    rows: (table?.rows ?? []).slice(0, PREVIEW_ROWS),
    headers,
    valueCount: values.length,
    sample: values.slice(0, SAMPLE_VALUES),
    issues,
  };
  return { table, mapping: used, values, preview };
}

/** Stores an uploaded file and its preview; nothing of it counts until it is committed. */
export async function startImport(
  models: Models,
  input: { regionId: string; fileName: string; contentType: string; content: Buffer; taskId: string | null; createdBy: PersonRef },
  scope: ImportScope,
  at: string,
): Promise<ImportRecord> {
  const applied = await analyse(input.content, input.fileName, input.contentType, scope, null);
  const id = newImportId();
  const chunkCount = await writeChunks(models, id, input.content);
  try {
    return await createImport(models, {
      id,
      regionId: input.regionId,
      fileName: input.fileName,
      contentType: input.contentType,
      size: input.content.length,
      chunkCount,
      taskId: input.taskId,
      mapping: applied.mapping,
      preview: applied.preview,
      createdBy: input.createdBy,
      createdAt: at,
    });
  } catch (error) {
    await deleteChunks(models, id).catch(() => undefined);
    throw error;
  }
}

/** The file of an import, read again: the mapping may change, the bytes never do. */
export async function reanalyse(models: Models, record: ImportRecord, scope: ImportScope, mapping: ImportMapping | null): Promise<Applied> {
  const content = await readChunks(models, record.id, record.chunkCount);
  return analyse(content, record.fileName, record.contentType, scope, mapping ?? record.mapping);
}

export async function remap(models: Models, record: ImportRecord, scope: ImportScope, mapping: ImportMapping): Promise<ImportPreviewData> {
  const applied = await reanalyse(models, record, scope, mapping);
  await updateImportPreview(models, record.id, applied.mapping, applied.preview);
  return applied.preview;
}

export function toNewValues(values: readonly ParsedValue[]): NewValue[] {
  return values.map(({ row: _row, column: _column, ...value }) => value);
}

/**
 * Commits an import, all or nothing: the file is read and checked again; with
 * any issue nothing is written (422 listing them); otherwise every value is
 * written and the batch marked committed in one last write.
 */
export async function commitImport(
  models: Models,
  record: ImportRecord,
  scope: ImportScope,
  provenance: Omit<Provenance, 'fileName' | 'origin' | 'taskId' | 'note'>,
  at: string,
): Promise<{ written: number; values: ParsedValue[] }> {
  await claimImport(models, record.id, 'commit');
  try {
    const applied = await reanalyse(models, record, scope, null);
    if (applied.preview.issues.length > 0 || applied.values.length === 0) {
      await updateImportPreview(models, record.id, applied.mapping, applied.preview);
      throw new ImportRefusedError(applied.preview.issues.length > 0 ? applied.preview.issues : [noValues()]);
    }
    const written = await commitBatch(
      models,
      record.id,
      record.regionId,
      toNewValues(applied.values),
      {
        ...provenance,
        origin: 'import',
        fileName: record.fileName,
        taskId: null,
        note: null,
      },
      at,
    );
    return { written, values: applied.values };
  } catch (error) {
    await releaseImport(models, record.id).catch(() => undefined);
    throw error;
  }
}

const noValues = (): ImportIssue => ({ row: null, column: null, code: 'no_values', message: 'The file holds no values to import.' });

/** 422: the file has problems; nothing was stored. */
export class ImportRefusedError extends ValidationError {
  constructor(readonly issues: ImportIssue[]) {
    super(
      [{ field: 'file', code: 'import_has_issues', message: `the file has ${issues.length} problem(s); nothing was stored`, params: { count: issues.length } }],
      'The file has problems; nothing was stored.',
    );
    Object.assign(this.extras, { issues });
  }
}
