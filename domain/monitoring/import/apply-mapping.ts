import { breakdownKey } from '../values';
import type { Breakdown, Dimension, ImportIssue, ImportMapping, IndicatorDefinition, ParsedValue, RawTable, ValueColumn } from '../types';
import { checkMapping, fixedIndicator } from './check-mapping';
import { cellIssue, DIMENSION_LABELS, fileIssue, formatCount, IssueList, MAX_DATA_ROWS, quote } from './issues';
import { cellAt, dataRows, tableWidth } from './layout';
import { readCell } from './numbers';
import { normalizePeriod } from './periods';
import { findIndicator, readCategoryCell } from './vocabulary';

export interface ApplyOptions {
  /** The area of values in files without an area column. */
  defaultArea: string;
  /** A data request restricts the import to its indicator. */
  allowedIndicators?: readonly string[];
  /** A data request restricts the import to its periods (`2024`, `2023/24`). */
  allowedPeriods?: readonly string[];
}

/** How the categories are written in the files (German statistics), for the messages. */
const CATEGORY_HINTS: Record<Dimension, string> = {
  sex: 'männlich, weiblich, divers or insgesamt',
  nationality: 'deutsch, ausländisch or insgesamt',
  schoolType: 'Grundschule, Hauptschule, Realschule, Gymnasium, Gesamtschule, Förderschule, berufliche Schule or insgesamt',
};
const NUMBER_EXAMPLES = { de: '1.234,5', en: '1,234.5' };

/** What a row says besides its values; `null` where a cell had a problem. */
interface RowKey {
  period: string | null;
  area: string | null;
  /** undefined: the mapping has no indicator column. */
  indicator: IndicatorDefinition | null | undefined;
  categories: Breakdown | null;
  caseCount: number | null;
}

/** Reads the data rows of a table under a mapping: one instance per application. */
class RowReader {
  readonly values: ParsedValue[] = [];
  private readonly seen = new Map<string, ParsedValue>();
  private readonly rowWidth: number;

  constructor(
    private readonly table: RawTable,
    private readonly mapping: ImportMapping,
    private readonly catalogue: readonly IndicatorDefinition[],
    private readonly opts: ApplyOptions,
    private readonly blocked: ReadonlySet<number>,
  ) {
    const used = [mapping.periodColumn, mapping.indicatorColumn, mapping.areaColumn, mapping.caseCountColumn, ...Object.values(mapping.breakdownColumns)];
    const widest = Math.max(...used.map((column) => column ?? -1), ...mapping.valueColumns.map((value) => value.column)) + 1;
    this.rowWidth = mapping.headerRow < 0 ? Number.POSITIVE_INFINITY : Math.max(widest, tableWidth(table.rows, mapping.headerRow, mapping.firstDataRow - 1));
  }

  /** The issues of one row, left to right. */
  read(r: number): ImportIssue[] {
    const row = this.table.rows[r]!;
    if (this.mapping.valueColumns.every((value) => cellAt(row, value.column) === '')) return [];
    const extra = row.findIndex((cell, c) => c >= this.rowWidth && cell !== '');
    if (extra >= 0) return [this.raggedRow(r, extra, row[extra]!)];
    const issues: ImportIssue[] = [];
    const key = this.rowKey(r, row, issues);
    const keyIsGood = issues.length === 0;
    for (const value of this.mapping.valueColumns) issues.push(...this.readValue(r, row, value, key, keyIsGood));
    // Two value columns may find the same fault in one category cell; it is one problem.
    const unique = new Map(issues.map((issue) => [`${issue.column}|${issue.code}`, issue]));
    return [...unique.values()].sort((a, b) => (a.column ?? 0) - (b.column ?? 0));
  }

  private raggedRow(r: number, column: number, text: string): ImportIssue {
    const hint = this.table.delimiter === ',' ? ' In a comma-separated file a decimal comma must stand inside quotes ("12,5").' : '';
    return cellIssue(
      'ragged_row',
      `This row has a cell to the right of the last column with a heading; its values cannot be matched to the headings.${hint}`,
      r,
      column,
      text,
    );
  }

  private rowKey(r: number, row: string[], issues: ImportIssue[]): RowKey {
    const categories: Breakdown = {};
    let categoriesGood = true;
    for (const [dimension, column] of Object.entries(this.mapping.breakdownColumns) as [Dimension, number][]) {
      const category = this.category(r, row, dimension, column, issues);
      if (category === null) categoriesGood = false;
      else if (category !== 'total') categories[dimension] = category;
    }
    return {
      period: this.period(r, row, issues),
      area: this.area(r, row, issues),
      indicator: this.rowIndicator(r, row, issues),
      categories: categoriesGood ? categories : null,
      caseCount: this.caseCount(r, row, issues),
    };
  }

  private period(r: number, row: string[], issues: ImportIssue[]): string | null {
    const column = this.mapping.periodColumn;
    const text = cellAt(row, column);
    const period = normalizePeriod(text);
    const allowed = this.opts.allowedPeriods;
    if (text === '') {
      issues.push(cellIssue('missing_period', 'This row has values but no period.', r, column));
      return null;
    }
    if (period === null) {
      issues.push(cellIssue('bad_period', `${quote(text)} is not a period; write a year (2024) or a school year (2023/24).`, r, column, text));
      return null;
    }
    if (allowed && !allowed.includes(period)) {
      issues.push(cellIssue('period_not_requested', `${period} is not a period the data request asks for (${allowed.join(', ')}).`, r, column, text));
      return null;
    }
    return period;
  }

  /** The area as written (AGS codes and all), or the default area without an area column. */
  private area(r: number, row: string[], issues: ImportIssue[]): string | null {
    const column = this.mapping.areaColumn;
    if (column === null) return this.opts.defaultArea;
    const text = cellAt(row, column);
    if (text !== '') return text;
    issues.push(cellIssue('missing_area', 'This row has values but no area.', r, column));
    return null;
  }

  private rowIndicator(r: number, row: string[], issues: ImportIssue[]): IndicatorDefinition | null | undefined {
    const { indicatorColumn: column, indicatorKey } = this.mapping;
    if (column === null) return undefined;
    const text = cellAt(row, column);
    // A blank cell falls back to the mapping's indicator; if that is wrong, checkMapping said so.
    if (text === '' && indicatorKey !== null) return this.catalogue.find((indicator) => indicator.key === indicatorKey) ?? null;
    if (text === '') {
      issues.push(cellIssue('missing_indicator', 'This row has values but names no indicator.', r, column));
      return null;
    }
    const indicator = findIndicator(text, this.catalogue);
    const allowed = this.opts.allowedIndicators;
    if (!indicator) {
      issues.push(
        cellIssue('unknown_indicator', `${quote(text)} is not an indicator of the catalogue (by key or by German or English name).`, r, column, text),
      );
      return null;
    }
    if (allowed && !allowed.includes(indicator.key)) {
      issues.push(
        cellIssue('indicator_not_requested', `The data request asks for ${allowed.map(quote).join(', ')}, not for ${quote(indicator.key)}.`, r, column, text),
      );
      return null;
    }
    return indicator;
  }

  private category(r: number, row: string[], dimension: Dimension, column: number, issues: ImportIssue[]): string | null {
    const text = cellAt(row, column);
    const category = readCategoryCell(text, dimension);
    if (category !== null) return category;
    const label = DIMENSION_LABELS[dimension];
    const message =
      text === ''
        ? `This row has values but no ${label} category; write insgesamt for the total.`
        : `${quote(text)} is not a ${label} category; write ${CATEGORY_HINTS[dimension]}.`;
    issues.push(cellIssue('unknown_category', message, r, column, text));
    return null;
  }

  /** A case count: `-` is none (0); `.`, `x` and an empty cell are not known. */
  private caseCount(r: number, row: string[], issues: ImportIssue[]): number | null {
    const column = this.mapping.caseCountColumn;
    if (column === null) return null;
    const text = cellAt(row, column);
    const content = readCell(text, this.mapping.numberFormat);
    if (content.kind === 'sign') return content.status === 'none' ? 0 : null;
    if (content.kind === 'empty') return null;
    if (content.kind === 'number' && Number.isInteger(content.value) && content.value >= 0) return content.value;
    issues.push(
      cellIssue('bad_case_count', `${quote(text)} is not a case count; write a whole number of at least 0, or leave the cell empty.`, r, column, text),
    );
    return null;
  }

  private readValue(r: number, row: string[], column: ValueColumn, key: RowKey, keyIsGood: boolean): ImportIssue[] {
    const text = cellAt(row, column.column);
    const content = readCell(text, this.mapping.numberFormat);
    if (content.kind === 'empty') return [];
    if (content.kind === 'invalid') return [this.notANumber(r, column.column, text)];
    const fixed = fixedIndicator(this.mapping, column);
    const indicator = fixed === null ? key.indicator : this.catalogue.find((candidate) => candidate.key === fixed);
    const value = content.kind === 'number' ? content.value : null;
    if (indicator && value !== null) {
      const problem = valueProblem(value, text, indicator);
      if (problem) return [cellIssue(problem.code, problem.message, r, column.column, text)];
    }
    if (!keyIsGood || !indicator || this.blocked.has(column.column) || key.period === null || key.area === null || key.categories === null) return [];
    const breakdown: Breakdown = { ...column.breakdown, ...key.categories };
    if (fixed === null) {
      const unsupported = this.unsupported(r, column, indicator, breakdown);
      if (unsupported) return unsupported;
    }
    const parsed: ParsedValue = {
      row: r,
      column: column.column,
      indicatorKey: indicator.key,
      period: key.period,
      breakdown,
      area: key.area,
      value,
      status: content.kind === 'number' ? 'value' : content.status,
      caseCount: key.caseCount,
    };
    return this.keep(parsed, text);
  }

  private notANumber(r: number, column: number, text: string): ImportIssue {
    const message = text.startsWith('=')
      ? `${quote(text)} is a formula without a saved number as its result; open the workbook in Excel, save it, and upload it again.`
      : `${quote(text)} is not a number; write a number (${NUMBER_EXAMPLES[this.mapping.numberFormat]}) or a sign: - nothing there, . unknown, x withheld.`;
    return cellIssue('not_a_number', message, r, column, text);
  }

  /** For an indicator named row by row: the breakdowns it lacks, at the cell that gives each. */
  private unsupported(r: number, column: ValueColumn, indicator: IndicatorDefinition, breakdown: Breakdown): ImportIssue[] | null {
    const missing = (Object.keys(breakdown) as Dimension[]).filter((dimension) => !indicator.breakdowns.includes(dimension));
    if (missing.length === 0) return null;
    return missing.map((dimension) => {
      const at = this.mapping.breakdownColumns[dimension] ?? column.column;
      return cellIssue(
        'breakdown_not_supported',
        `${quote(indicator.key)} has no breakdown by ${DIMENSION_LABELS[dimension]}.`,
        r,
        at,
        cellAt(this.table.rows[r], at),
      );
    });
  }

  private keep(parsed: ParsedValue, text: string): ImportIssue[] {
    const key = `${parsed.indicatorKey}|${parsed.period}|${breakdownKey(parsed.breakdown)}|${parsed.area}`;
    const first = this.seen.get(key);
    if (first) {
      const what = `${quote(parsed.indicatorKey)}, ${parsed.period}, ${breakdownKey(parsed.breakdown)}, ${parsed.area}`;
      return [
        cellIssue(
          'duplicate_value',
          `A second value for ${what}; the first is in row ${first.row + 1}, column ${first.column + 1}.`,
          parsed.row,
          parsed.column,
          text,
        ),
      ];
    }
    this.seen.set(key, parsed);
    this.values.push(parsed);
    return [];
  }
}

/** The rules of manual entry (values.ts valueErrors): nothing negative, percentages up to 100, counts whole. */
function valueProblem(
  value: number,
  text: string,
  indicator: IndicatorDefinition,
): { code: 'negative_value' | 'percent_out_of_range' | 'not_whole_number'; message: string } | null {
  const key = quote(indicator.key);
  if (value < 0) return { code: 'negative_value', message: `${quote(text)} is negative; values of ${key} cannot be below 0.` };
  if (indicator.unit === 'percent' && value > 100) return { code: 'percent_out_of_range', message: `${quote(text)} is more than 100; ${key} is a percentage.` };
  if (indicator.unit === 'count' && !Number.isInteger(value)) {
    return { code: 'not_whole_number', message: `${quote(text)} is not a whole number; ${key} is a count.` };
  }
  return null;
}

/**
 * The values of a table under a mapping, and every problem of the file:
 * the mapping's own (see checkMapping) and each row's and cell's, in the
 * order of the file, up to MAX_ISSUES. An empty value cell is no value and
 * no problem (statistics offices write `-`, `.` or `x`); a row whose value
 * cells are all empty is skipped, period or not. Values come only from cells
 * without problems, but an import with any issue must not be stored.
 */
export function applyMapping(
  table: RawTable,
  mapping: ImportMapping,
  catalogue: readonly IndicatorDefinition[],
  opts: ApplyOptions,
): { values: ParsedValue[]; issues: ImportIssue[] } {
  const issues = new IssueList();
  const check = checkMapping(table, mapping, catalogue, opts.allowedIndicators);
  issues.add(...check.issues);
  if (check.fatal) return { values: [], issues: issues.list() };
  const rows = dataRows(table, mapping);
  if (rows.length > MAX_DATA_ROWS) {
    issues.add(
      fileIssue(
        'too_many_rows',
        `The file has ${formatCount(rows.length)} rows of values; an import takes at most ${formatCount(MAX_DATA_ROWS)}. Split the file, e.g. by year or by area.`,
      ),
    );
    return { values: [], issues: issues.list() };
  }
  const reader = new RowReader(table, mapping, catalogue, opts, check.blocked);
  for (const r of rows) issues.add(...reader.read(r));
  if (reader.values.length === 0 && issues.size === 0) {
    issues.add(fileIssue('no_values', 'The file has no values: every value cell is empty.'));
  }
  return { values: reader.values, issues: issues.list() };
}
