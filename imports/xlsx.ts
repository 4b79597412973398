import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { fileIssue, formatCount, MAX_COLUMNS, MAX_TABLE_ROWS, tooManyColumnsIssue, tooManyRowsIssue } from '../domain/monitoring/import/issues';
import type { ImportIssue, RawTable } from '../domain/monitoring/types';
import { entriesFirst, zipEntries, zipIsIntact, type ZipEntry } from './zip';

const SHARED_STRINGS = 'xl/sharedStrings.xml';
/**
 * Parts the streaming reader needs before any sheet. Excel writes the shared
 * strings after the sheets, and then the reader spools each sheet to a
 * temporary file, removed only if reading ends well; read first, the sheets
 * stream straight from memory and the sheet list is known when they come.
 */
const WORKBOOK_PARTS = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', SHARED_STRINGS, 'xl/styles.xml'];

/** What the workbook may unpack to; a 100,000-row sheet is some 50 MB of XML. */
export const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;
/** Time without a row after which reading gives up (the archive is checked first, so this is a last guard). */
const STALL_MS = 30_000;

export interface XlsxOptions {
  /** The sheet to read; the first visible one when not given. */
  sheet?: string;
  maxRows?: number;
  maxColumns?: number;
  maxUnpackedBytes?: number;
  /** Milliseconds without progress before reading gives up. */
  stallMs?: number;
}

type Result = { table: RawTable | null; issues: ImportIssue[] };
const failed = (...issues: ImportIssue[]): Result => ({ table: null, issues });

/** The sheets as the workbook lists them (tab order), known once `xl/workbook.xml` is read. */
interface SheetInfo {
  name: string;
  state?: string;
}
type StreamedWorkbook = { model?: { sheets?: SheetInfo[] } };
type StreamedSheet = ExcelJS.stream.xlsx.WorksheetReader & { name: string };

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${formatCount(Math.ceil(bytes / 1024))} KB` : `${formatCount(Math.round(bytes / (1024 * 1024)))} MB`);

/** Before streaming: a ZIP that is complete, an Excel workbook and not a bomb. */
function checkArchive(entries: ZipEntry[] | null, maxUnpacked: number): ImportIssue | null {
  if (!entries) {
    return fileIssue(
      'unreadable_file',
      'The Excel file is damaged or incomplete (it may have been cut off on the way); save it again and upload it once more.',
    );
  }
  const names = new Set(entries.map((entry) => entry.name));
  if (!names.has('xl/workbook.xml') && names.has('content.xml')) {
    return fileIssue('unsupported_format', 'OpenDocument spreadsheets (.ods) cannot be read; save the table as an Excel workbook (.xlsx) or as CSV.');
  }
  if (!names.has('xl/workbook.xml')) return fileIssue('unreadable_file', 'The file is a ZIP archive but not an Excel workbook (.xlsx).');
  const unpacked = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (unpacked > maxUnpacked) {
    return fileIssue('too_large', `The workbook unpacks to ${size(unpacked)}; at most ${size(maxUnpacked)} can be read. Save the sheet as CSV, or split it.`);
  }
  return null;
}

/** Number formats that show a date (`dd.mm.yyyy`) or a percentage (`0.0%`), quoted text and [colours] aside. */
const formatCodes = (numFmt: string | undefined) => (numFmt ?? '').replace(/"[^"]*"|\[[^\]]*]|\\./g, '');
const isPercentFormat = (numFmt: string | undefined) => formatCodes(numFmt).includes('%');
const isDateFormat = (numFmt: string | undefined) => /[ymdhs]/i.test(formatCodes(numFmt)) && !/general/i.test(formatCodes(numFmt));

const dateText = (date: Date) => (Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10));
/** Excel's day count (1900 system) as a date: formula results are not converted by the reader. */
const serialDate = (serial: number) => new Date(Math.round((serial - 25569) * 86_400_000));

/**
 * A number as RawTable wants it: plain JS text (`1234.5`). A cell shown as a
 * percentage holds the fraction (0.123 for 12.3 %), so it becomes `12.3%`.
 */
function numberText(value: number, numFmt: string | undefined): string {
  if (!Number.isFinite(value)) return '';
  if (isPercentFormat(numFmt)) return `${Number((value * 100).toPrecision(12))}%`;
  return String(value);
}

function formulaText(formula: string | undefined, result: unknown, numFmt: string | undefined): string {
  if (typeof result === 'number' && Number.isFinite(result)) return isDateFormat(numFmt) ? dateText(serialDate(result)) : numberText(result, numFmt);
  if (typeof result === 'string' || typeof result === 'boolean') return String(result).trim();
  if (result instanceof Date) return dateText(result);
  // No saved result (or an error): the formula itself, so that the cell is reported, not silently empty.
  return `=${formula ?? ''}`;
}

/** The text of a cell: numbers as JS number text, dates as YYYY-MM-DD, formulas by their saved result. */
function cellText(cell: Pick<ExcelJS.Cell, 'value' | 'numFmt'>): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return numberText(value, cell.numFmt);
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) {
    const text = value.richText.map((part) => part.text).join('');
    return text.trim();
  }
  if ('formula' in value || 'sharedFormula' in value) return formulaText('formula' in value ? value.formula : value.sharedFormula, value.result, cell.numFmt);
  if ('error' in value) return value.error;
  if ('text' in value) return String(value.text).trim();
  return '';
}

function chooseSheet(workbook: StreamedWorkbook, streamed: StreamedSheet, wanted: string | undefined): boolean {
  const sheets = workbook.model?.sheets;
  if (wanted !== undefined) return streamed.name === wanted;
  // The reader may meet a sheet before the sheet list (unusual part order): then the first it meets.
  const first = sheets?.find((sheet) => sheet.state !== 'hidden' && sheet.state !== 'veryHidden') ?? sheets?.[0];
  return first === undefined || streamed.name === first.name;
}

const DAMAGED = 'The Excel file is damaged and cannot be read; open it in Excel, save it again, and upload it once more.';

/**
 * Reads one sheet of an XLSX workbook into rows of cell texts, streaming:
 * exceljs's WorkbookReader parses the sheet XML row by row from memory and
 * only the cell texts are kept; reading stops at the row or column limit.
 * The archive is checked first: complete, a workbook, not unpacking to more
 * than maxUnpackedBytes, every part intact (its CRC-32). Merged cells arrive
 * as their first cell with blanks beside it (the streaming reader does not
 * report merges); the mapping reads a blank upper header cell as spanning.
 */
export async function readXlsx(bytes: Uint8Array, options: XlsxOptions = {}): Promise<Result> {
  const entries = zipEntries(bytes);
  const problem = checkArchive(entries, options.maxUnpackedBytes ?? MAX_UNPACKED_BYTES);
  if (problem || !entries) return failed(problem!);
  if (!(await zipIsIntact(bytes, entries))) return failed(fileIssue('unreadable_file', DAMAGED));
  const guard = watchdog(options.stallMs ?? STALL_MS, () => failed(fileIssue('unreadable_file', DAMAGED)));
  try {
    return await Promise.race([streamSheet(bytes, entries, options, guard.touch), guard.stalled]);
  } finally {
    guard.stop();
  }
}

/** Settles `stalled` with `onStall()` when `touch` has not been called for `ms` milliseconds. */
function watchdog<T>(ms: number, onStall: () => T): { stalled: Promise<T>; touch: () => void; stop: () => void } {
  let timer: NodeJS.Timeout | undefined;
  let settle: (value: T) => void = () => {};
  const stalled = new Promise<T>((resolve) => {
    settle = resolve;
  });
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => settle(onStall()), ms);
  };
  touch();
  return { stalled, touch, stop: () => clearTimeout(timer) };
}

async function streamSheet(bytes: Uint8Array, entries: ZipEntry[], options: XlsxOptions, progress: () => void): Promise<Result> {
  const maxRows = options.maxRows ?? MAX_TABLE_ROWS;
  const maxColumns = options.maxColumns ?? MAX_COLUMNS;
  const parts = entriesFirst(bytes, entries, WORKBOOK_PARTS).map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(parts, { objectMode: false }), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  // Without any shared strings the reader would wait for them and spool every sheet to a temporary file.
  if (!entries.some((entry) => entry.name === SHARED_STRINGS)) (reader as unknown as { sharedStrings: string[] }).sharedStrings = [];
  const workbook = reader as unknown as StreamedWorkbook;
  const rows: string[][] = [];
  let sheet: string | null = null;
  try {
    for await (const streamed of reader as AsyncIterable<StreamedSheet>) {
      // A sheet that is not read is skipped over unparsed.
      if (!chooseSheet(workbook, streamed, options.sheet)) continue;
      sheet = streamed.name;
      for await (const row of streamed) {
        progress();
        if (row.number > maxRows) return failed(tooManyRowsIssue(maxRows));
        const texts = rowTexts(row, maxColumns);
        if (texts.length > maxColumns) return failed(tooManyColumnsIssue());
        rows[row.number - 1] = texts;
      }
      break;
    }
  } catch {
    return failed(fileIssue('unreadable_file', DAMAGED));
  }
  if (sheet === null) return failed(sheetNotFound(workbook, options.sheet));
  const table = Array.from(rows, (row) => trimEnd(row ?? []));
  while (table.length > 0 && table[table.length - 1]!.length === 0) table.pop();
  return { table: { format: 'xlsx', encoding: null, delimiter: null, rows: table, sheet }, issues: [] };
}

/** The texts of a row's cells; a cell beyond maxColumns makes the row one longer than allowed, which stops the reading. */
function rowTexts(row: ExcelJS.Row, maxColumns: number): string[] {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    cells[Math.min(column, maxColumns + 1) - 1] = cellText(cell);
  });
  return Array.from(cells, (text) => text ?? '');
}

function trimEnd(row: string[]): string[] {
  let end = row.length;
  while (end > 0 && row[end - 1] === '') end -= 1;
  return row.slice(0, end);
}

function sheetNotFound(workbook: StreamedWorkbook, wanted: string | undefined): ImportIssue {
  const names = (workbook.model?.sheets ?? []).map((sheet) => `'${sheet.name}'`);
  if (wanted === undefined || names.length === 0) return fileIssue('unreadable_file', 'The workbook has no worksheet to read.');
  return fileIssue('sheet_not_found', `The workbook has no sheet '${wanted}'; its sheets are ${names.join(', ')}.`);
}
