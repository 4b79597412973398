import type { PersonRef } from '../roles';

/**
 * Education monitoring: the indicator catalogue, its values and what is built
 * from them. The areas follow the municipal education monitoring guideline
 * (Anwendungsleitfaden zum Aufbau eines kommunalen Bildungsmonitorings).
 */
export const MONITORING_AREAS = [
  'framework',
  'early-childhood',
  'general-schools',
  'vocational-training',
  'higher-education',
  'further-education',
  'non-formal-learning',
] as const;
export type MonitoringArea = (typeof MONITORING_AREAS)[number];

/** The breakdowns a value can have, with their categories. A value without a category in a dimension is its total. */
export const DIMENSIONS = {
  sex: ['female', 'male', 'diverse'],
  nationality: ['german', 'foreign'],
  schoolType: ['grundschule', 'hauptschule', 'realschule', 'gymnasium', 'gesamtschule', 'foerderschule', 'berufliche-schule'],
} as const;
export type Dimension = keyof typeof DIMENSIONS;
export const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[];

/** One cell of a breakdown, e.g. `{sex: 'female'}`; `{}` is the total. */
export type Breakdown = Partial<Record<Dimension, string>>;

/** `percent` 0–100, `count` persons or cases, `per-1000` per 1,000 inhabitants (or of the named base), `ratio` a plain number. */
export const UNITS = ['percent', 'count', 'per-1000', 'ratio', 'euro'] as const;
export type Unit = (typeof UNITS)[number];

export interface LocalizedText {
  de: string;
  en: string;
}

export interface IndicatorTarget {
  value: number;
  /** The period the target is meant for (e.g. `2030`); null: always. */
  period: string | null;
}

export interface IndicatorDefinition {
  /** Stable key, lower-case letters, digits and '-': `u3-childcare-rate`. */
  key: string;
  area: MonitoringArea;
  name: LocalizedText;
  definition: LocalizedText;
  unit: Unit;
  /** Decimal places shown. */
  decimals: number;
  /** The usual source (e.g. "Statistisches Landesamt, Kinder- und Jugendhilfestatistik"). */
  source: string;
  breakdowns: Dimension[];
  /** true: more is better; false: less is better; null: neither (context figure). */
  higherIsBetter: boolean | null;
  /** A region's own indicator (false: from the standard set). */
  custom: boolean;
  /** The region's target, if it set one. */
  target: IndicatorTarget | null;
}

/**
 * Status of a value as statistics offices write it: `value` a number;
 * `none` "-" (nothing there, exactly zero cases); `unknown` "." (not known or
 * not yet available); `secret` "x" (withheld by the source).
 */
export const VALUE_STATUSES = ['value', 'none', 'unknown', 'secret'] as const;
export type ValueStatus = (typeof VALUE_STATUSES)[number];

/** Where a value came from. */
export const VALUE_ORIGINS = ['manual', 'import', 'request'] as const;
export type ValueOrigin = (typeof VALUE_ORIGINS)[number];

/**
 * One version of one value: indicator × period × breakdown × area. A
 * correction is a new version; nothing is ever overwritten.
 */
export interface ValueRecord {
  /** `<regionId>|<indicatorKey>|<period>|<breakdownKey>|<area>|<version>` */
  id: string;
  regionId: string;
  indicatorKey: string;
  /** A year (`2024`) or a school year (`2024/25`). */
  period: string;
  breakdown: Breakdown;
  /** Canonical form of the breakdown, dimensions in the order of DIMENSIONS (`total`, `sex=female`, `sex=female;nationality=foreign`). */
  breakdownKey: string;
  /** The territory the value is for (a district or a municipality), by name. */
  area: string;
  version: number;
  value: number | null;
  status: ValueStatus;
  /** The number of cases a rate rests on, when known: small numbers are suppressed by it. */
  caseCount: number | null;
  source: string;
  /** Stichtag, YYYY-MM-DD. */
  referenceDate: string | null;
  /** Gebietsstand: the territorial status the value refers to (e.g. `2021-01-01`). */
  territorialStatus: string | null;
  origin: ValueOrigin;
  enteredBy: PersonRef;
  /** The import batch that wrote it (imports and answered requests), or null. */
  batchId: string | null;
  fileName: string | null;
  /** The data request it answers, or null. */
  taskId: string | null;
  /** Why this version was made (required for a correction). */
  note: string | null;
  createdAt: string;
}

/** A value as it is shown: suppressed values carry no number. */
export interface PresentedValue {
  period: string;
  breakdownKey: string;
  breakdown: Breakdown;
  area: string;
  version: number;
  value: number | null;
  status: ValueStatus;
  suppressed: boolean;
  source: string;
  referenceDate: string | null;
}

export interface MonitoringSettings {
  /** Counts (and rates resting on counts) from 1 up to below this are suppressed. */
  suppressionThreshold: number;
  /** Whether other regions may compare with this region's totals. */
  shareAggregates: boolean;
  /** The region's own territory, used when a value names no area. */
  defaultArea: string;
}

export const DEFAULT_MONITORING_SETTINGS: MonitoringSettings = { suppressionThreshold: 3, shareAggregates: false, defaultArea: 'Kreis' };

// ---------------------------------------------------------------- imports

/** A file as a table of cell texts, before any meaning is given to it. */
export interface RawTable {
  format: 'csv' | 'xlsx';
  encoding: 'utf-8' | 'iso-8859-1' | null;
  delimiter: ';' | ',' | '\t' | null;
  /** Rows of cell texts, exactly as in the file (trimmed); XLSX numbers as plain JS number text (`1234.5`). */
  rows: string[][];
  /** The sheet read (XLSX). */
  sheet: string | null;
}

/** A value column: which cells hold values, for which indicator and breakdown. */
export interface ValueColumn {
  column: number;
  /** The header text, for the preview. */
  header: string;
  breakdown: Breakdown;
  /** Overrides the mapping's indicator for this column. */
  indicatorKey?: string;
}

/** How a table's rows become values. Columns and rows are 0-based indexes into RawTable.rows. */
export interface ImportMapping {
  headerRow: number;
  firstDataRow: number;
  /** Inclusive; footer lines after it are ignored. */
  lastDataRow: number;
  periodColumn: number;
  /** The indicator of all values, unless a column names it. */
  indicatorKey: string | null;
  indicatorColumn: number | null;
  areaColumn: number | null;
  /** Columns that hold a breakdown category per row (long format), e.g. a "Geschlecht" column. */
  breakdownColumns: Partial<Record<Dimension, number>>;
  valueColumns: ValueColumn[];
  /** Optional column with case counts, for suppression. */
  caseCountColumn: number | null;
  /** 'de': 1.234,5 ; 'en': 1,234.5 */
  numberFormat: 'de' | 'en';
}

/** A value read from a file, not yet stored. `row`/`column` are 0-based indexes into the table. */
export interface ParsedValue {
  row: number;
  column: number;
  indicatorKey: string;
  period: string;
  breakdown: Breakdown;
  area: string;
  value: number | null;
  status: ValueStatus;
  caseCount: number | null;
}

/** One problem in a file; `row`/`column` are 1-based as a person counts them in a spreadsheet, null for the whole file. */
export interface ImportIssue {
  row: number | null;
  column: number | null;
  /** Stable code: `not_a_number`, `unknown_indicator`, `bad_period`, `unknown_category`, `duplicate_value`, `empty_file`, `bad_encoding`, `no_header`, `no_values`, `unknown_area`, `too_many_rows`, `unreadable_file`, `negative_value`, `percent_out_of_range`… */
  code: string;
  message: string;
  /** The cell text, when there is one. */
  value?: string;
}

// ---------------------------------------------------------------- charts and reports

export interface ChartPoint {
  period: string;
  /** null: no value or suppressed (a gap in the line, written out in the table). */
  value: number | null;
  suppressed?: boolean;
}

export interface ChartSeries {
  label: string;
  points: ChartPoint[];
}

export interface ChartInput {
  title: string;
  /** One or two sentences: what is shown, for whom, where from. */
  description: string;
  unit: Unit;
  decimals: number;
  series: ChartSeries[];
  target: { value: number; label: string } | null;
  /** Period of a decision, drawn as a vertical marker (evaluation report), or null. */
  marker: { period: string; label: string } | null;
  lang: 'de' | 'en';
}

/** A dossier as frozen when it goes to the board: the numbers the decision rests on. */
export interface DossierContent {
  mandateId: string;
  regionId: string;
  regionName: string;
  title: string;
  actionField: string;
  question: string;
  goals: string[];
  options: { id: string; title: string; description: string; cost: number | null; expectedEffect: string | null }[];
  indicators: {
    definition: IndicatorDefinition;
    /** The value versions used, suppressed ones without their number. */
    values: PresentedValue[];
  }[];
  /** When the content was taken. */
  takenAt: string;
}
