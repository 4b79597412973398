import { z } from 'zod';
import { ValidationError, type FieldError } from '../errors';
import { effectiveRoles, type Role } from '../roles';
import { calendarDate, optionalText, text } from '../fields';
import {
  DIMENSIONS,
  DIMENSION_NAMES,
  VALUE_STATUSES,
  type Breakdown,
  type Dimension,
  type IndicatorDefinition,
  type MonitoringSettings,
  type PresentedValue,
  type ValueRecord,
  type ValueStatus,
} from './types';

/** `2024` or the school year `2024/25`. */
export const PERIOD_PATTERN = /^(\d{4})(?:\/(\d{2}))?$/;

export const periodSchema = z
  .string()
  .trim()
  .regex(PERIOD_PATTERN, { error: 'must be a year (2024) or a school year (2024/25)' })
  .refine((period) => {
    const [, first, second] = PERIOD_PATTERN.exec(period) ?? [];
    return second === undefined || Number(second) === (Number(first) + 1) % 100;
  }, 'a school year runs into the next year (2024/25)');

/** The first year of a period: periods sort by it, a year before the school year that starts in it. */
export function periodYear(period: string): number {
  return Number(PERIOD_PATTERN.exec(period)?.[1] ?? Number.NaN);
}

export function comparePeriods(a: string, b: string): number {
  return periodYear(a) - periodYear(b) || a.length - b.length || a.localeCompare(b);
}

/** The canonical text of a breakdown: `total`, or its categories in the order of DIMENSIONS (`sex=female;nationality=foreign`). */
export function breakdownKey(breakdown: Breakdown): string {
  const parts = DIMENSION_NAMES.filter((dimension) => breakdown[dimension] !== undefined).map((dimension) => `${dimension}=${breakdown[dimension]}`);
  return parts.length === 0 ? 'total' : parts.join(';');
}

export function parseBreakdownKey(key: string): Breakdown | null {
  if (key === 'total') return {};
  const breakdown: Breakdown = {};
  for (const part of key.split(';')) {
    const [dimension, category] = part.split('=') as [string, string | undefined];
    if (!category || !(DIMENSION_NAMES as string[]).includes(dimension)) return null;
    if (!(DIMENSIONS[dimension as Dimension] as readonly string[]).includes(category)) return null;
    breakdown[dimension as Dimension] = category;
  }
  return breakdownKey(breakdown) === key ? breakdown : null;
}

/** Field errors for a breakdown the indicator does not have (unknown dimension or category). */
export function breakdownErrors(indicator: Pick<IndicatorDefinition, 'breakdowns'>, breakdown: Breakdown, field: string): FieldError[] {
  return Object.entries(breakdown).flatMap(([dimension, category]): FieldError[] => {
    if (!indicator.breakdowns.includes(dimension as Dimension)) {
      return [{ field: `${field}.${dimension}`, code: 'breakdown_not_supported', message: `the indicator has no breakdown by ${dimension}` }];
    }
    if (!(DIMENSIONS[dimension as Dimension] as readonly string[]).includes(String(category))) {
      const allowed = DIMENSIONS[dimension as Dimension].join(', ');
      return [{ field: `${field}.${dimension}`, code: 'invalid_value', message: `must be one of ${allowed}`, params: { allowed } }];
    }
    return [];
  });
}

/** One cell of an indicator's table: the unit that has versions. */
export function cellKey(value: Pick<ValueRecord, 'period' | 'breakdownKey' | 'area'>): string {
  return `${value.period}|${value.breakdownKey}|${value.area}`;
}

/**
 * Small-number suppression (statistical confidentiality): a count from 1 up to
 * below the threshold, or a rate resting on such a count, is not shown. Zero
 * is shown: it names no one.
 */
export function isSuppressed(
  value: Pick<ValueRecord, 'value' | 'caseCount' | 'status'>,
  indicator: Pick<IndicatorDefinition, 'unit'>,
  threshold: number,
): boolean {
  if (value.status !== 'value') return false;
  const small = (n: number | null) => n !== null && n > 0 && n < threshold;
  return (indicator.unit === 'count' && small(value.value)) || small(value.caseCount);
}

/**
 * Who may see the raw numbers of data requests' answers, small ones included:
 * the office, which checks them, and those overseeing it (manager, admin).
 * Board members see values only as presented, suppressed where small.
 */
export function readsRawAnswers(roles: readonly Role[]): boolean {
  const own = effectiveRoles(roles);
  return own.has('office_staff') || own.has('manager') || own.has('admin');
}

export function presentValue(
  record: ValueRecord,
  indicator: Pick<IndicatorDefinition, 'unit'>,
  settings: Pick<MonitoringSettings, 'suppressionThreshold'>,
): PresentedValue {
  const suppressed = isSuppressed(record, indicator, settings.suppressionThreshold);
  return {
    period: record.period,
    breakdownKey: record.breakdownKey,
    breakdown: record.breakdown,
    area: record.area,
    version: record.version,
    value: suppressed ? null : record.value,
    status: record.status,
    suppressed,
    source: record.source,
    referenceDate: record.referenceDate,
  };
}

/**
 * Numbers the versions of each cell (of each indicator) in the order they were
 * made (1, 2, …) and returns them with the latest version per cell, sorted by
 * indicator, period, breakdown and area. `records` must be in the order they were made.
 */
export function numberVersions(records: readonly ValueRecord[]): { all: ValueRecord[]; current: ValueRecord[] } {
  const counts = new Map<string, number>();
  const latest = new Map<string, ValueRecord>();
  const all = records.map((record) => {
    const key = `${record.indicatorKey}|${cellKey(record)}`;
    const version = (counts.get(key) ?? 0) + 1;
    counts.set(key, version);
    const numbered = { ...record, version };
    latest.set(key, numbered);
    return numbered;
  });
  const current = [...latest.values()].sort(
    (a, b) =>
      a.indicatorKey.localeCompare(b.indicatorKey) ||
      comparePeriods(a.period, b.period) ||
      a.breakdownKey.localeCompare(b.breakdownKey) ||
      a.area.localeCompare(b.area),
  );
  return { all, current };
}

export interface TargetCheck {
  missed: boolean;
  target: number;
}

/**
 * Whether a value misses the indicator's target: below it when more is
 * better, above it when less is better. Only totals are checked, and only for
 * the target's period (or any period when the target names none).
 */
export function targetCheck(
  indicator: Pick<IndicatorDefinition, 'target' | 'higherIsBetter'>,
  value: Pick<ValueRecord, 'period' | 'breakdownKey' | 'value' | 'status'>,
): TargetCheck | null {
  const { target, higherIsBetter } = indicator;
  if (!target || higherIsBetter === null || value.status !== 'value' || value.value === null || value.breakdownKey !== 'total') return null;
  if (target.period !== null && target.period !== value.period) return null;
  const missed = higherIsBetter ? value.value < target.value : value.value > target.value;
  return { missed, target: target.value };
}

/** A breakdown as sent: any of the dimensions, each with a category (checked against the indicator separately). */
export const breakdownSchema = z.partialRecord(z.enum(DIMENSION_NAMES as [Dimension, ...Dimension[]]), z.string().trim().min(1).max(50));

/** A number, or a statistics placeholder instead (`none` "-", `unknown` ".", `secret` "x"), never both. */
export function refineValueOrPlaceholder(point: { value?: number; status?: ValueStatus }, ctx: z.RefinementCtx): void {
  const status = point.status ?? 'value';
  if (status === 'value' && point.value === undefined) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'is required unless status says there is no value', params: { code: 'required' } });
  }
  if (status !== 'value' && point.value !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: `must be left out when status is "${status}"`, params: { code: 'not_allowed' } });
  }
}

/** A value entered by hand. Either a number, or a status that stands for none (`none`, `unknown`, `secret`). */
/** The fields of one value as people send it: a hand entry, a point of a data request's answer. */
export const valuePointFields = {
  period: periodSchema,
  breakdown: breakdownSchema.optional(),
  area: optionalText(200),
  value: z.number({ error: 'must be a number' }).finite().optional(),
  status: z.enum(VALUE_STATUSES).optional(),
  caseCount: z.number({ error: 'must be a number' }).int().min(0).optional(),
};

export const valueEntrySchema = z
  .strictObject({
    ...valuePointFields,
    source: text(300),
    referenceDate: calendarDate.optional(),
    territorialStatus: calendarDate.optional(),
    note: optionalText(1000),
  })
  .superRefine(refineValueOrPlaceholder);
export type ValueEntry = z.infer<typeof valueEntrySchema>;

/** Checks a value against what its indicator allows: no negative figures, percentages up to 100. */
export function valueErrors(
  indicator: Pick<IndicatorDefinition, 'unit' | 'breakdowns'>,
  entry: Pick<ValueEntry, 'value' | 'breakdown'>,
  prefix = '',
): FieldError[] {
  const errors = breakdownErrors(indicator, entry.breakdown ?? {}, `${prefix}breakdown`);
  if (entry.value !== undefined && entry.value < 0) {
    errors.push({ field: `${prefix}value`, code: 'too_small', message: 'must not be negative', params: { minimum: 0, origin: 'number' } });
  }
  if (entry.value !== undefined && indicator.unit === 'percent' && entry.value > 100) {
    errors.push({ field: `${prefix}value`, code: 'too_big', message: 'a percentage is at most 100', params: { maximum: 100, origin: 'number' } });
  }
  if (indicator.unit === 'count' && entry.value !== undefined && !Number.isInteger(entry.value)) {
    errors.push({ field: `${prefix}value`, code: 'invalid_type', message: 'a count is a whole number', params: { expected: 'int' } });
  }
  return errors;
}

export function assertValue(indicator: Pick<IndicatorDefinition, 'unit' | 'breakdowns'>, entry: Pick<ValueEntry, 'value' | 'breakdown'>): void {
  const errors = valueErrors(indicator, entry);
  if (errors.length > 0) throw new ValidationError(errors);
}

export const monitoringSettingsSchema = z.strictObject({
  suppressionThreshold: z.number({ error: 'must be a number' }).int().min(0).max(100),
  shareAggregates: z.boolean({ error: 'must be true or false' }),
  defaultArea: text(200),
});

export const targetSchema = z.strictObject({
  value: z.number({ error: 'must be a number' }).finite(),
  period: periodSchema.nullable().optional(),
});
