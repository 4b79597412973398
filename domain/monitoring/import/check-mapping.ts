import { breakdownKey } from '../values';
import {
  DIMENSIONS,
  DIMENSION_NAMES,
  type Dimension,
  type ImportIssue,
  type ImportMapping,
  type IndicatorDefinition,
  type RawTable,
  type ValueColumn,
} from '../types';
import { columnList, DIMENSION_LABELS, fileIssue, formatCount, quote, type ImportIssueCode } from './issues';
import { isBlankRow, tableWidth } from './layout';
import { normalizePeriod } from './periods';

export interface MappingCheck {
  issues: ImportIssue[];
  /** The mapping cannot be applied at all (no rows, no period column, columns outside the file …). */
  fatal: boolean;
  /** Value columns whose cells are checked but give no values (their indicator or breakdown is wrong). */
  blocked: ReadonlySet<number>;
}

const isDimension = (name: string): name is Dimension => (DIMENSION_NAMES as string[]).includes(name);

/** An issue at a column's heading (the header row, or no row when there is none). */
function headingIssue(code: ImportIssueCode, message: string, mapping: ImportMapping, column: number, value?: string): ImportIssue {
  return { row: mapping.headerRow >= 0 ? mapping.headerRow + 1 : null, column: column + 1, code, message, ...(value === undefined ? {} : { value }) };
}

function rowsIssue(table: RawTable, mapping: ImportMapping): ImportIssue | null {
  const { headerRow, firstDataRow, lastDataRow } = mapping;
  const integers = [headerRow, firstDataRow, lastDataRow].every(Number.isInteger);
  if (integers && lastDataRow < firstDataRow && firstDataRow >= 0) {
    return fileIssue('no_values', 'The file has no rows of values: no line holds a number or a statistics sign (-, ., x) beside other cells.');
  }
  if (integers && headerRow >= -1 && headerRow < firstDataRow && firstDataRow >= 0 && lastDataRow < table.rows.length) return null;
  return fileIssue(
    'bad_mapping',
    `The mapping's rows do not fit the file: header row ${headerRow + 1}, data rows ${firstDataRow + 1} to ${lastDataRow + 1}, but the file has ${formatCount(table.rows.length)} rows and the header must stand above the data.`,
  );
}

/** Every column the mapping uses, with what for. */
function usedColumns(mapping: ImportMapping): { column: number; use: string }[] {
  const used = [
    { column: mapping.periodColumn, use: 'period' },
    { column: mapping.indicatorColumn, use: 'indicator' },
    { column: mapping.areaColumn, use: 'area' },
    { column: mapping.caseCountColumn, use: 'case count' },
    ...Object.entries(mapping.breakdownColumns).map(([dimension, column]) => ({ column, use: `${dimension} categories` })),
    ...mapping.valueColumns.map((value) => ({ column: value.column, use: 'values' })),
  ];
  return used.filter((entry): entry is { column: number; use: string } => typeof entry.column === 'number' && entry.column !== -1);
}

function columnIssues(mapping: ImportMapping, width: number): ImportIssue[] {
  const issues: ImportIssue[] = [];
  const seen = new Map<number, string>();
  for (const { column, use } of usedColumns(mapping)) {
    if (!Number.isInteger(column) || column < 0 || column >= width) {
      issues.push(fileIssue('bad_mapping', `Column ${column + 1} (${use}) of the mapping is not in the file, which has ${width} columns.`));
    } else if (seen.has(column)) {
      issues.push(fileIssue('bad_mapping', `Column ${column + 1} is mapped twice, for ${seen.get(column)} and for ${use}; map each column once.`));
    } else seen.set(column, use);
  }
  return issues;
}

function breakdownIssues(mapping: ImportMapping): ImportIssue[] {
  return mapping.valueColumns.flatMap((value) =>
    Object.entries(value.breakdown).flatMap(([dimension, category]): ImportIssue[] => {
      if (!isDimension(dimension)) {
        return [
          headingIssue(
            'bad_mapping',
            `Column ${value.column + 1} has a breakdown by '${dimension}', which is not a dimension (${DIMENSION_NAMES.join(', ')}).`,
            mapping,
            value.column,
          ),
        ];
      }
      const categories: readonly string[] = DIMENSIONS[dimension];
      if (!categories.includes(String(category))) {
        return [
          headingIssue(
            'bad_mapping',
            `Column ${value.column + 1} has the ${dimension} category '${category}', which is not one of ${categories.join(', ')}.`,
            mapping,
            value.column,
          ),
        ];
      }
      const byRow = mapping.breakdownColumns[dimension];
      if (byRow !== undefined) {
        return [
          headingIssue(
            'bad_mapping',
            `Column ${value.column + 1} has a fixed ${dimension}, which column ${byRow + 1} gives row by row; remove one of the two.`,
            mapping,
            value.column,
          ),
        ];
      }
      return [];
    }),
  );
}

function noPeriodColumn(table: RawTable, mapping: ImportMapping): ImportIssue {
  const header = mapping.headerRow < 0 ? [] : table.rows.slice(mapping.headerRow, mapping.firstDataRow);
  const across = header.find((row) => row.filter((cell) => normalizePeriod(cell) !== null).length >= 2);
  if (across) {
    const periods = across.filter((cell) => normalizePeriod(cell) !== null);
    return fileIssue(
      'no_period_column',
      `The periods stand in the header (${periods.join(', ')}) rather than in a column: the import needs one row per period. Transpose the table (in Excel: Paste Special, Transpose) and upload it again.`,
    );
  }
  return fileIssue('no_period_column', 'No column with the period of each row was found; head it Jahr or Schuljahr, or choose it in the mapping.');
}

/** The structure of a mapping against its table; what makes it unusable is fatal. */
function structureIssues(table: RawTable, mapping: ImportMapping): ImportIssue[] {
  const rows = rowsIssue(table, mapping);
  if (rows) return [rows];
  if (mapping.headerRow === -1 && mapping.valueColumns.length === 0) {
    return [
      fileIssue('no_header', 'No header row was found: the file needs a row of column headings (such as Jahr; insgesamt; weiblich) right above its values.'),
    ];
  }
  const width = tableWidth(table.rows, Math.max(0, mapping.headerRow), mapping.lastDataRow);
  const columns = columnIssues(mapping, width);
  if (columns.length > 0) return columns;
  const issues = mapping.periodColumn === -1 ? [noPeriodColumn(table, mapping)] : [];
  if (mapping.valueColumns.length === 0) {
    issues.push(fileIssue('no_values', 'No value columns were found: a value column has a heading (such as insgesamt or weiblich) and numbers below it.'));
  }
  return [...issues, ...breakdownIssues(mapping)];
}

interface IndicatorContext {
  catalogue: readonly IndicatorDefinition[];
  allowed: readonly string[] | undefined;
}

/** Why an indicator key cannot take values, or null. */
function indicatorProblem(key: string, context: IndicatorContext): { code: ImportIssueCode; message: string } | null {
  if (!context.catalogue.some((indicator) => indicator.key === key)) {
    return { code: 'unknown_indicator', message: `${quote(key)} is not an indicator of the catalogue.` };
  }
  if (context.allowed && !context.allowed.includes(key)) {
    return { code: 'indicator_not_requested', message: `The data request asks for ${context.allowed.map(quote).join(', ')}, not for ${quote(key)}.` };
  }
  return null;
}

/** The indicator a value column's cells belong to when it does not change by row, or null. */
export function fixedIndicator(mapping: ImportMapping, value: ValueColumn): string | null {
  return value.indicatorKey ?? (mapping.indicatorColumn === null ? mapping.indicatorKey : null);
}

/** Indicators and breakdowns of the value columns: each problem blocks the columns it concerns. */
function indicatorIssues(mapping: ImportMapping, context: IndicatorContext, blocked: Set<number>): ImportIssue[] {
  const issues: ImportIssue[] = [];
  const mappingProblem = mapping.indicatorKey === null ? null : indicatorProblem(mapping.indicatorKey, context);
  if (mappingProblem) issues.push({ ...fileIssue(mappingProblem.code, mappingProblem.message), value: mapping.indicatorKey! });
  const unnamed: number[] = [];
  const reported = new Set<string>();
  for (const value of mapping.valueColumns) {
    const key = fixedIndicator(mapping, value);
    if (key === null) {
      if (mapping.indicatorColumn === null) unnamed.push(value.column);
      continue;
    }
    if (value.indicatorKey === undefined && mappingProblem) blocked.add(value.column);
    const problem = value.indicatorKey === undefined ? null : indicatorProblem(key, context);
    const indicator = context.catalogue.find((candidate) => candidate.key === key);
    if (problem) issues.push(headingIssue(problem.code, problem.message, mapping, value.column, key));
    const unsupported = indicator ? unsupportedDimensions(value, mapping, indicator) : [];
    for (const { dimension, column } of unsupported) {
      if (reported.has(`${key}|${dimension}|${column}`)) continue;
      reported.add(`${key}|${dimension}|${column}`);
      const where = column === value.column ? `heading ${quote(value.header)}` : `column ${column + 1}`;
      issues.push(headingIssue('breakdown_not_supported', `${quote(key)} has no breakdown by ${DIMENSION_LABELS[dimension]} (${where}).`, mapping, column));
    }
    if (problem || !indicator || unsupported.length > 0) blocked.add(value.column);
  }
  if (unnamed.length > 0) {
    issues.push(
      fileIssue(
        'no_indicator',
        `The file does not say which indicator the values in ${columnList(unnamed)} are for; choose the indicator, or add a column Indikator with the indicator of each row.`,
      ),
    );
    for (const column of unnamed) blocked.add(column);
  }
  return issues;
}

/** Dimensions of a column's heading or of the category columns that the indicator does not have. */
function unsupportedDimensions(value: ValueColumn, mapping: ImportMapping, indicator: IndicatorDefinition): { dimension: Dimension; column: number }[] {
  const fromHeading = (Object.keys(value.breakdown) as Dimension[]).map((dimension) => ({ dimension, column: value.column }));
  const byRow = Object.entries(mapping.breakdownColumns).map(([dimension, column]) => ({ dimension: dimension as Dimension, column }));
  return [...fromHeading, ...byRow].filter(({ dimension }) => !indicator.breakdowns.includes(dimension));
}

function duplicateColumns(mapping: ImportMapping, blocked: Set<number>): ImportIssue[] {
  const issues: ImportIssue[] = [];
  const seen = new Map<string, ValueColumn>();
  for (const value of mapping.valueColumns) {
    if (blocked.has(value.column)) continue;
    const key = `${fixedIndicator(mapping, value) ?? ''}|${breakdownKey(value.breakdown)}`;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, value);
      continue;
    }
    const what = `${fixedIndicator(mapping, value) ? `${quote(fixedIndicator(mapping, value)!)}, ` : ''}${breakdownKey(value.breakdown)}`;
    issues.push(
      headingIssue(
        'duplicate_column',
        `Columns ${first.column + 1} (${quote(first.header)}) and ${value.column + 1} (${quote(value.header)}) both hold ${what}; give each value column its own breakdown in the mapping, or leave one out.`,
        mapping,
        value.column,
      ),
    );
    blocked.add(value.column);
  }
  return issues;
}

/**
 * Checks a mapping (detected or edited by hand) against its table and the
 * catalogue, before any row is read: rows and columns that exist, each
 * column used once, a period column, value columns, known indicators that a
 * data request allows, breakdowns the indicators have, no two columns for
 * the same values.
 */
export function checkMapping(
  table: RawTable,
  mapping: ImportMapping,
  catalogue: readonly IndicatorDefinition[],
  allowedIndicators?: readonly string[],
): MappingCheck {
  if (table.rows.every(isBlankRow)) return { issues: [fileIssue('empty_file', 'The file is empty.')], fatal: true, blocked: new Set() };
  const structure = structureIssues(table, mapping);
  if (structure.length > 0) return { issues: structure, fatal: true, blocked: new Set() };
  const blocked = new Set<number>();
  const issues = indicatorIssues(mapping, { catalogue, allowed: allowedIndicators }, blocked);
  issues.push(...duplicateColumns(mapping, blocked));
  return { issues, fatal: false, blocked };
}
