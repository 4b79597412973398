import type { Dimension, ImportIssue } from '../types';

/** An import takes at most this many data rows. */
export const MAX_DATA_ROWS = 100_000;
/** Rows a reader accepts: the data rows plus room for title, header and footer lines. */
export const MAX_TABLE_ROWS = MAX_DATA_ROWS + 100;
/** Statistics tables have a few dozen columns; more is a broken or foreign file. */
export const MAX_COLUMNS = 1_000;
/** Issues listed; the rest are counted in one final `too_many_issues`. */
export const MAX_ISSUES = 1_000;

/**
 * Every code an import issue can have, with what it means. The codes are
 * stable (the web client may translate by them); the messages are English.
 */
export const IMPORT_ISSUE_CODES = {
  // the file
  empty_file: 'the file has no content',
  unreadable_file: 'the file is not a table that can be read (binary, damaged or incomplete)',
  unsupported_format: 'a spreadsheet format that cannot be read (.xls, .ods)',
  bad_encoding: 'the text encoding is not UTF-8 or ISO-8859-1',
  unclosed_quote: 'a quoted CSV field is never closed',
  too_many_rows: 'more rows than an import takes',
  too_many_columns: 'more columns than an import takes',
  too_large: 'the workbook unpacks to more than can be read',
  sheet_not_found: 'the workbook has no sheet of the name asked for',
  // the mapping
  no_header: 'no row of column headings above the values',
  no_period_column: 'no column with the period of each row',
  no_indicator: 'the file does not say which indicator its values are for',
  no_values: 'no value columns, or no values in them',
  duplicate_column: 'two value columns hold the same indicator and breakdown',
  bad_mapping: 'the mapping points at columns or rows the file does not have, or uses a column twice',
  // a row or a cell
  ragged_row: 'a row has cells to the right of the last column with a heading',
  missing_period: 'a row with values has no period',
  bad_period: 'a period that is neither a year nor a school year',
  period_not_requested: 'a period the data request did not ask for',
  missing_area: 'a row with values has no area',
  missing_indicator: 'a row with values names no indicator',
  unknown_indicator: 'an indicator that is not in the catalogue',
  indicator_not_requested: 'an indicator the data request did not ask for',
  unknown_category: 'a breakdown category that is not known (e.g. in a "Geschlecht" column)',
  breakdown_not_supported: 'a breakdown the indicator does not have',
  not_a_number: 'a value cell that is neither a number nor a statistics sign',
  not_whole_number: 'a count that is not a whole number',
  negative_value: 'a negative value',
  percent_out_of_range: 'a percentage above 100',
  bad_case_count: 'a case count that is not a whole number of at least 0',
  duplicate_value: 'a second value for the same indicator, period, breakdown and area',
  // the list itself
  too_many_issues: 'more problems than are listed',
} as const;
export type ImportIssueCode = keyof typeof IMPORT_ISSUE_CODES;

/** An issue for the whole file. */
export function fileIssue(code: ImportIssueCode, message: string): ImportIssue {
  return { row: null, column: null, code, message };
}

/** An issue at a cell; `row` and `column` are 0-based table indexes, shown 1-based. */
export function cellIssue(code: ImportIssueCode, message: string, row: number, column: number | null, value?: string): ImportIssue {
  return { row: row + 1, column: column === null ? null : column + 1, code, message, ...(value === undefined ? {} : { value }) };
}

/** Dimensions as messages name them. */
export const DIMENSION_LABELS: Record<Dimension, string> = { sex: 'sex', nationality: 'nationality', schoolType: 'school type' };

/** `column 2`, `columns 2 and 3`, `columns 2, 3 and 5` (0-based indexes, shown 1-based). */
export function columnList(columns: readonly number[]): string {
  const shown = columns.map((column) => String(column + 1));
  if (shown.length === 1) return `column ${shown[0]}`;
  return `columns ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** `100000` → `100,000`: counts in messages read like a person writes them. */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Quoted cell text for a message, shortened so a runaway cell does not flood the list. */
export function quote(text: string): string {
  return `'${text.length > 60 ? `${text.slice(0, 57)}…` : text}'`;
}

export function tooManyRowsIssue(limit: number): ImportIssue {
  return fileIssue(
    'too_many_rows',
    `The file has more than ${formatCount(limit)} rows; an import takes at most ${formatCount(MAX_DATA_ROWS)} rows of values. Split the file, e.g. by year or by area.`,
  );
}

export function tooManyColumnsIssue(): ImportIssue {
  return fileIssue(
    'too_many_columns',
    `The file has more than ${formatCount(MAX_COLUMNS)} columns; a statistics table for import has far fewer. Check that it is the right file.`,
  );
}

/**
 * Collects issues up to MAX_ISSUES and counts the rest, so that a file broken
 * in every row still gets a short, complete answer.
 */
export class IssueList {
  private readonly items: ImportIssue[] = [];
  private dropped = 0;

  constructor(private readonly limit = MAX_ISSUES) {}

  add(...issues: ImportIssue[]): void {
    for (const issue of issues) {
      if (this.items.length < this.limit) this.items.push(issue);
      else this.dropped += 1;
    }
  }

  get size(): number {
    return this.items.length + this.dropped;
  }

  /** The issues, with a final `too_many_issues` when some were left out. */
  list(): ImportIssue[] {
    if (this.dropped === 0) return [...this.items];
    const more = this.dropped === 1 ? '1 more problem is' : `${formatCount(this.dropped)} more problems are`;
    return [
      ...this.items,
      fileIssue('too_many_issues', `Only the first ${formatCount(this.limit)} problems are listed; ${more} not. Fix these and upload the file again.`),
    ];
  }
}
