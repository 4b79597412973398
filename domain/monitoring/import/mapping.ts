import type { Breakdown, Dimension, ImportIssue, ImportMapping, IndicatorDefinition, RawTable, ValueColumn } from '../types';
import { DIMENSION_NAMES } from '../types';
import { checkMapping } from './check-mapping';
import { fileIssue } from './issues';
import { cellAt, dataRows, findLayout, headerTexts, isBlankRow, tableWidth, type TableLayout } from './layout';
import { detectNumberFormat, isValueText, type NumberFormat } from './numbers';
import { normalizePeriod } from './periods';
import { findIndicator, findIndicatorInHeader, headerRole, readCategories, readCategoryCell, withoutIndicatorName, type HeaderRole } from './vocabulary';

export { applyMapping, type ApplyOptions } from './apply-mapping';

export interface DetectOptions {
  /** The indicator of all values when the import is for one (a data request, or chosen on upload). */
  indicatorKey?: string;
  /** The region's own territory. Detection does not need it (applyMapping gives it to rows without an area); taken so both get the same options. */
  defaultArea: string;
}

/** Share of a column's filled data cells that decides what the column holds. */
const MAJORITY = 0.5;
const NEARLY_ALL = 0.8;

/** What the filled data cells of a column look like. */
interface ColumnFacts {
  column: number;
  header: string;
  role: HeaderRole | null;
  filled: number;
  values: number;
  periods: number;
  indicators: number;
  categories: Record<Dimension, number>;
}

const share = (count: number, facts: Pick<ColumnFacts, 'filled'>) => (facts.filled === 0 ? 0 : count / facts.filled);

/** Rows looked at to tell what columns hold: enough for any table, few enough for a 100,000-row file. */
const SAMPLE_ROWS = 2_000;

/** Up to `size` rows spread evenly over the data, first and last included. */
function sample(rows: number[], size = SAMPLE_ROWS): number[] {
  if (rows.length <= size) return rows;
  return Array.from({ length: size }, (_, i) => rows[Math.round((i * (rows.length - 1)) / (size - 1))]!);
}

function cellFacts(table: RawTable, rows: number[], width: number, catalogue: readonly IndicatorDefinition[]): Omit<ColumnFacts, 'header' | 'role'>[] {
  return Array.from({ length: width }, (_, column) => {
    const facts = { column, filled: 0, values: 0, periods: 0, indicators: 0, categories: { sex: 0, nationality: 0, schoolType: 0 } };
    for (const r of rows) {
      const text = cellAt(table.rows[r], column);
      if (text === '') continue;
      facts.filled += 1;
      if (isValueText(text)) facts.values += 1;
      if (normalizePeriod(text) !== null) facts.periods += 1;
      if (findIndicator(text, catalogue)) facts.indicators += 1;
      for (const dimension of DIMENSION_NAMES) if (readCategoryCell(text, dimension) !== null) facts.categories[dimension] += 1;
    }
    return facts;
  });
}

const EMPTY_MAPPING: ImportMapping = {
  headerRow: -1,
  firstDataRow: 0,
  lastDataRow: -1,
  periodColumn: -1,
  indicatorKey: null,
  indicatorColumn: null,
  areaColumn: null,
  breakdownColumns: {},
  valueColumns: [],
  caseCountColumn: null,
  numberFormat: 'de',
};

/**
 * A tie in the number format goes to English for XLSX (numbers arrive as
 * `1234.5`) and for `,` as delimiter, to German for `;` and tab.
 */
function fallbackFormat(table: RawTable): NumberFormat {
  return table.format === 'xlsx' || table.delimiter === ',' ? 'en' : 'de';
}

/** Columns with a heading that says what they are; the first of each kind wins, a second one (and a code column) is left out. */
function assignByHeading(mapping: ImportMapping, columns: ColumnFacts[]): ColumnFacts[] {
  const rest: ColumnFacts[] = [];
  for (const facts of columns) {
    const { role, column } = facts;
    if (role === null) rest.push(facts);
    else if (role === 'caseCount') mapping.caseCountColumn ??= column;
    else if (role === 'area') mapping.areaColumn ??= column;
    else if (role === 'indicator') mapping.indicatorColumn ??= column;
    else if (role === 'sex' || role === 'nationality' || role === 'schoolType') mapping.breakdownColumns[role] ??= column;
  }
  return rest;
}

/** Columns without such a heading, by their cells: indicators, categories, values, and a nameless text column as the area. */
function assignByCells(mapping: ImportMapping, columns: ColumnFacts[]): ColumnFacts[] {
  const values: ColumnFacts[] = [];
  for (const facts of columns) {
    const numeric = share(facts.values, facts) >= MAJORITY;
    const dimension = numeric ? undefined : DIMENSION_NAMES.find((name) => share(facts.categories[name], facts) >= NEARLY_ALL);
    if (mapping.indicatorColumn === null && share(facts.indicators, facts) >= MAJORITY) mapping.indicatorColumn = facts.column;
    else if (dimension && mapping.breakdownColumns[dimension] === undefined) mapping.breakdownColumns[dimension] = facts.column;
    else if (facts.header !== '' && (numeric || (facts.filled === 0 && hasCategory(facts.header)))) values.push(facts);
    else if (facts.header === '' && facts.filled > 0 && !numeric) mapping.areaColumn ??= facts.column;
  }
  return values;
}

function hasCategory(header: string): boolean {
  const reading = readCategories(header);
  return reading.total || Object.keys(reading.breakdown).length > 0;
}

/** A value column: its breakdown from the heading, and its indicator when the heading names one and nothing else does. */
function valueColumn(facts: ColumnFacts, mapping: ImportMapping, catalogue: readonly IndicatorDefinition[]): ValueColumn {
  const fixed = mapping.indicatorKey === null ? undefined : catalogue.find((indicator) => indicator.key === mapping.indicatorKey);
  const named = mapping.indicatorKey === null && mapping.indicatorColumn === null ? findIndicatorInHeader(facts.header, catalogue) : null;
  const rest = fixed ? withoutIndicatorName(facts.header, fixed) : (named?.rest ?? facts.header);
  const breakdown: Breakdown = { ...readCategories(rest).breakdown };
  // A category column says it row by row; the heading does not add to it.
  for (const dimension of DIMENSION_NAMES) if (mapping.breakdownColumns[dimension] !== undefined) delete breakdown[dimension];
  return { column: facts.column, header: facts.header, breakdown, ...(named ? { indicatorKey: named.indicator.key } : {}) };
}

/**
 * Reads what a table's columns are: where the header and the data are, the
 * period column, an indicator column or indicators named in headings, the
 * area column, category columns (long format), value columns with their
 * breakdowns (wide format), a case count column, and the number format.
 *
 * The issues say what could not be found; applyMapping reports them again
 * (with everything else), so a preview shows applyMapping's issues only.
 */
export function detectMapping(
  table: RawTable,
  catalogue: readonly IndicatorDefinition[],
  opts: DetectOptions,
): { mapping: ImportMapping; issues: ImportIssue[] } {
  if (table.rows.every(isBlankRow)) return { mapping: { ...EMPTY_MAPPING, breakdownColumns: {} }, issues: [fileIssue('empty_file', 'The file is empty.')] };
  const layout = findLayout(table.rows);
  const mapping: ImportMapping = { ...EMPTY_MAPPING, ...layout, breakdownColumns: {}, indicatorKey: opts.indicatorKey ?? null };
  const rows = sample(dataRows(table, layout));
  const width = tableWidth(table.rows, layout.headerRow >= 0 ? layout.headerRow : layout.firstDataRow, layout.lastDataRow);
  const cells = cellFacts(table, rows, width, catalogue);
  const spanning = new Set(cells.filter((facts) => share(facts.values, facts) >= MAJORITY).map((facts) => facts.column));
  const headers = headerTexts(table.rows, layout.headerRow, layout.firstDataRow, width, spanning);
  const columns: ColumnFacts[] = cells.map((facts) => ({
    ...facts,
    header: headers[facts.column]!,
    role: headers[facts.column] ? headerRole(headers[facts.column]!) : null,
  }));

  if (!periodsInHeader(table, layout)) {
    const period = columns.find((facts) => facts.role === 'period') ?? columns.find((facts) => facts.filled > 0 && share(facts.periods, facts) >= NEARLY_ALL);
    mapping.periodColumn = period?.column ?? -1;
  }
  const others = columns.filter((facts) => facts.column !== mapping.periodColumn);
  const valueFacts = assignByCells(mapping, assignByHeading(mapping, others));
  mapping.valueColumns = valueFacts.map((facts) => valueColumn(facts, mapping, catalogue));

  const numberColumns = [...mapping.valueColumns.map((value) => value.column), ...(mapping.caseCountColumn === null ? [] : [mapping.caseCountColumn])];
  const numberCells = rows.flatMap((r) => numberColumns.map((column) => cellAt(table.rows[r], column)));
  mapping.numberFormat = detectNumberFormat(numberCells, fallbackFormat(table));
  return { mapping, issues: checkMapping(table, mapping, catalogue).issues };
}

/** Periods across the header (`;2021;2022;2023`): see checkMapping. */
function periodsInHeader(table: RawTable, layout: TableLayout): boolean {
  if (layout.headerRow < 0) return false;
  return table.rows.slice(layout.headerRow, layout.firstDataRow).some((row) => row.filter((cell) => normalizePeriod(cell) !== null).length >= 2);
}

/** The heading of each column under a mapping, for the preview. */
export function columnHeaders(table: RawTable, mapping: ImportMapping): string[] {
  const width = tableWidth(table.rows, mapping.headerRow >= 0 ? mapping.headerRow : mapping.firstDataRow, mapping.lastDataRow);
  return headerTexts(table.rows, mapping.headerRow, mapping.firstDataRow, width, new Set(mapping.valueColumns.map((value) => value.column)));
}
