import { z } from 'zod';
import { calendarDate, optionalText, text } from '../../domain/fields';
import { DIMENSION_NAMES, MONITORING_AREAS, type Dimension } from '../../domain/monitoring/types';
import { breakdownSchema, periodSchema, refineValueOrPlaceholder, valuePointFields } from '../../domain/monitoring/values';

const dimension = z.enum(DIMENSION_NAMES as [Dimension, ...Dimension[]]);
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
export const langSchema = z.enum(['de', 'en']).default('de');

export const chartQuerySchema = z.strictObject({
  dimension: dimension.optional(),
  compare: flag.default(false),
  lang: langSchema,
  area: text(200).optional(),
});

export const historyQuerySchema = z.strictObject({
  period: periodSchema,
  breakdownKey: text(200).default('total'),
  area: text(200).optional(),
});

export const langQuerySchema = z.strictObject({ lang: langSchema });
export const areaQuerySchema = z.strictObject({ area: z.enum(MONITORING_AREAS), lang: langSchema });

const column = z.number({ error: 'must be a column number' }).int().min(0).max(500);
const row = z.number({ error: 'must be a row number' }).int().min(0).max(1_000_000);

/** A mapping as the preview page sends it back, changed by a person. */
export const mappingSchema = z.strictObject({
  /** -1: the file has no header row. */
  headerRow: z.number({ error: 'must be a row number' }).int().min(-1).max(1_000_000),
  firstDataRow: row,
  lastDataRow: row,
  periodColumn: column,
  indicatorKey: z.string().trim().min(1).max(60).nullable(),
  indicatorColumn: column.nullable(),
  areaColumn: column.nullable(),
  breakdownColumns: z.partialRecord(dimension, column),
  valueColumns: z
    .array(
      z.strictObject({
        column,
        header: z.string().max(500),
        breakdown: breakdownSchema,
        indicatorKey: z.string().trim().min(1).max(60).optional(),
      }),
    )
    .min(1, { error: 'must name at least one value column' })
    .max(200),
  caseCountColumn: column.nullable(),
  numberFormat: z.enum(['de', 'en']),
});

export const provenanceSchema = z.strictObject({
  source: text(300),
  referenceDate: calendarDate.optional(),
  territorialStatus: calendarDate.optional(),
});

/** Committing a data request's file: the source is optional (the provider's own by default). */
export const importAnswerSchema = z.strictObject({ source: optionalText(200) });

export const remapSchema = z.strictObject({ mapping: mappingSchema });

export const importQuerySchema = z.strictObject({
  fileName: text(255),
  taskId: text(100).optional(),
});

export const dataRequestSchema = z.strictObject({
  indicatorKey: text(60),
  providerId: text(100),
  dueDate: calendarDate,
  periods: z.array(periodSchema).min(1, { error: 'must name at least one period' }).max(30),
  note: optionalText(2000),
  mandateId: text(100).optional(),
});

export const answerSchema = z.strictObject({
  points: z.array(z.strictObject(valuePointFields).superRefine(refineValueOrPlaceholder)).min(1, { error: 'must contain at least one value' }).max(2000),
  source: optionalText(300),
  note: optionalText(2000),
});
