import type { ImportIssue, RawTable } from '../types';
import { decodeText } from './decode';
import { cellIssue, MAX_COLUMNS, MAX_TABLE_ROWS, tooManyColumnsIssue, tooManyRowsIssue } from './issues';

export type Delimiter = ';' | ',' | '\t';
const DELIMITERS: readonly Delimiter[] = [';', '\t', ','];
/** Lines looked at to find the delimiter: enough to get past title lines. */
const SAMPLE_LINES = 200;

export interface CsvOptions {
  /** Found from the text when not given. */
  delimiter?: Delimiter | null;
  maxRows?: number;
  maxColumns?: number;
}

export interface ParsedCsv {
  /** null when reading stopped (too many rows or columns). */
  rows: string[][] | null;
  delimiter: Delimiter | null;
  issues: ImportIssue[];
}

/** Excel's first-line hint `sep=;`, which Excel itself does not show as a row. */
const SEP_LINE = /^sep=(.)\r?\n/i;

function isDelimiter(char: string | undefined): char is Delimiter {
  return char === ';' || char === ',' || char === '\t';
}

/** Counts of each delimiter per line, outside quotes, over the first lines. */
function delimiterCounts(text: string): Map<Delimiter, number[]> {
  const counts = new Map<Delimiter, number[]>(DELIMITERS.map((delimiter) => [delimiter, [0]]));
  let quoted = false;
  let lines = 1;
  for (let i = 0; i < text.length && lines <= SAMPLE_LINES; i += 1) {
    const char = text[i]!;
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '\n') {
      lines += 1;
      for (const perLine of counts.values()) perLine.push(0);
    } else if (!quoted && isDelimiter(char)) {
      const perLine = counts.get(char)!;
      perLine[perLine.length - 1]! += 1;
    }
  }
  return counts;
}

/**
 * The delimiter that splits the most lines into the same number of cells.
 * Title and footer lines of statistics exports have none or a different
 * count, and German decimal commas vary from line to line, so consistency
 * beats frequency. Ties go to `;` (German Excel), then tab, then `,`.
 */
export function detectDelimiter(text: string): Delimiter | null {
  const hint = SEP_LINE.exec(text)?.[1];
  if (isDelimiter(hint)) return hint;
  let best: { delimiter: Delimiter; lines: number } | null = null;
  for (const [delimiter, perLine] of delimiterCounts(text)) {
    const frequency = new Map<number, number>();
    for (const count of perLine) if (count > 0) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    const lines = Math.max(0, ...frequency.values());
    if (lines > 0 && (best === null || lines > best.lines)) best = { delimiter, lines };
  }
  return best?.delimiter ?? null;
}

/**
 * Splits CSV text into rows of trimmed cell texts (RFC 4180 with the usual
 * leniency: quotes inside unquoted cells are text; CRLF, LF or CR end a row).
 * A row number is the record number, as a spreadsheet shows it; blank lines
 * are kept as rows so that numbers match, trailing blank lines are dropped.
 */
export function parseCsv(source: string, options: CsvOptions = {}): ParsedCsv {
  const maxRows = options.maxRows ?? MAX_TABLE_ROWS;
  const maxColumns = options.maxColumns ?? MAX_COLUMNS;
  const delimiter = options.delimiter === undefined ? detectDelimiter(source) : options.delimiter;
  const text = source.replace(SEP_LINE, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let quoteStart: { row: number; column: number } | null = null;
  let cellStarted = false;

  const endCell = () => {
    row.push(cell.trim());
    cell = '';
    cellStarted = false;
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };

  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char !== '"') cell += char;
      else if (text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else quoted = false;
      continue;
    }
    if (char === '"' && !cellStarted && cell.trim() === '') {
      quoted = true;
      cellStarted = true;
      cell = '';
      quoteStart = { row: rows.length, column: row.length };
    } else if (char === delimiter) {
      endCell();
      // The delimiter starts one more cell.
      if (row.length >= maxColumns) return { rows: null, delimiter, issues: [tooManyColumnsIssue()] };
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      endRow();
      if (rows.length > maxRows) return { rows: null, delimiter, issues: [tooManyRowsIssue(maxRows)] };
    } else {
      cell += char;
      if (char.trim() !== '') cellStarted = true;
    }
  }
  const issues: ImportIssue[] = [];
  if (quoted && quoteStart) {
    issues.push(
      cellIssue('unclosed_quote', 'A quoted cell starts here and is never closed; check the quotes (") in this row.', quoteStart.row, quoteStart.column),
    );
  }
  if (cell !== '' || row.length > 0 || quoted) endRow();
  while (rows.length > 0 && rows[rows.length - 1]!.every((value) => value === '')) rows.pop();
  if (rows.length > maxRows) return { rows: null, delimiter, issues: [tooManyRowsIssue(maxRows)] };
  return { rows, delimiter, issues };
}

/** A CSV file's bytes as a table: decoded, delimiter found, split. */
export function readCsvTable(bytes: Uint8Array, options: Omit<CsvOptions, 'delimiter'> = {}): { table: RawTable | null; issues: ImportIssue[] } {
  const { decoded, issues } = decodeText(bytes);
  if (!decoded) return { table: null, issues };
  const parsed = parseCsv(decoded.text, options);
  if (!parsed.rows) return { table: null, issues: parsed.issues };
  return {
    table: { format: 'csv', encoding: decoded.encoding, delimiter: parsed.delimiter, rows: parsed.rows, sheet: null },
    issues: parsed.issues,
  };
}
