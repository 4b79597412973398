import type { RawTable } from '../types';
import { isValueText } from './numbers';
import { normalizePeriod } from './periods';

/** Where the header and the data of a table are (0-based rows; lastDataRow inclusive). */
export interface TableLayout {
  /** -1 when no header line stands above the data. */
  headerRow: number;
  firstDataRow: number;
  /** Below firstDataRow when the table has no row of values. */
  lastDataRow: number;
}

/** A header of two, three lines is common (GENESIS writes three); more is not a header. */
const MAX_HEADER_LINES = 5;

export const cellAt = (row: readonly string[] | undefined, column: number): string => row?.[column] ?? '';
export const isBlankRow = (row: readonly string[]) => row.every((cell) => cell === '');
const filledCells = (row: readonly string[]) => row.filter((cell) => cell !== '').length;

/** Lines that are notes whatever follows them. */
const NOTE_START = /^(?:©|\(c\)|copyright|zeichenerkl|datenlizenz|\d{1,2}\)\s|\*)/i;
/** Words that begin a note line only when a colon follows (`Quelle: …`), since they may also head a column. */
const NOTE_LABEL = /^(?:quelle|source|stand|hinweise?|anmerkungen?|fu(?:ß|ss)noten?|erläuterungen?|notes?|lizenz)\s*:/i;
const SEPARATOR = /^[_\-=–—*]{3,}$/;

/**
 * A title, note or footer line: one text in the first column (`Tabelle 21111-01: …`,
 * `Stand: 12.03.2025`), or a line that begins like a source or copyright note.
 */
export function isNoteRow(row: readonly string[]): boolean {
  const first = row.findIndex((cell) => cell !== '');
  if (first !== 0) return false;
  const text = row[0]!;
  return filledCells(row) === 1 || NOTE_START.test(text) || NOTE_LABEL.test(text) || SEPARATOR.test(text);
}

const periodColumns = (row: readonly string[]) => row.flatMap((cell, column) => (normalizePeriod(cell) === null ? [] : [column]));

/**
 * A header line that names periods across the columns (`;2021;2022;2023`):
 * two or more periods in ascending order, no other numbers, and no periods
 * below them in the next row of values (which tells it from a data row
 * `Musterstadt;2023;2031` under a column `Jahr`). Such a table has its periods
 * in the header, which an import cannot read (see checkMapping).
 */
function isPeriodHeaderRow(row: readonly string[], next?: readonly string[]): boolean {
  if (normalizePeriod(cellAt(row, 0)) !== null) return false;
  const values = row.filter((cell) => cell !== '' && (isValueText(cell) || normalizePeriod(cell) !== null));
  const years = values.map((cell) => Number(normalizePeriod(cell)?.slice(0, 4) ?? Number.NaN));
  const ascending = values.length >= 2 && years.every((year, i) => Number.isFinite(year) && (i === 0 || year > years[i - 1]!));
  return ascending && (next === undefined || periodColumns(row).every((column) => normalizePeriod(cellAt(next, column)) === null));
}

/** A row of values: not a note, two cells or more, at least one of them a number or a statistics sign. */
function isValueRow(row: readonly string[]): boolean {
  return !isNoteRow(row) && filledCells(row) >= 2 && row.some((cell) => cell !== '' && isValueText(cell));
}

/** The first row of values; a row of periods across above the values is a header line. */
function firstValueRow(rows: readonly (readonly string[])[]): number {
  for (let r = 0; r < rows.length; r += 1) {
    if (!isValueRow(rows[r]!)) continue;
    const next = rows.slice(r + 1).find(isValueRow);
    if (!next || !isPeriodHeaderRow(rows[r]!, next)) return r;
  }
  return -1;
}

const isHeaderLine = (row: readonly string[]) => !isBlankRow(row) && !isNoteRow(row);

/**
 * The data block of a table: from the first row of values to the last one
 * (notes and blank lines between are skipped when the mapping is applied),
 * with the header lines right above it; title lines above and footer lines
 * below are left out.
 */
export function findLayout(rows: readonly (readonly string[])[]): TableLayout {
  const firstDataRow = firstValueRow(rows);
  if (firstDataRow < 0) return { headerRow: -1, firstDataRow: 0, lastDataRow: -1 };
  let lastDataRow = firstDataRow;
  for (let r = rows.length - 1; r > firstDataRow; r -= 1) {
    if (isValueRow(rows[r]!)) {
      lastDataRow = r;
      break;
    }
  }
  let headerRow = -1;
  let r = firstDataRow - 1;
  while (r >= 0 && isBlankRow(rows[r]!)) r -= 1;
  for (let lines = 0; r >= 0 && lines < MAX_HEADER_LINES && isHeaderLine(rows[r]!); r -= 1, lines += 1) headerRow = r;
  return { headerRow, firstDataRow, lastDataRow };
}

/** The data rows of a layout that hold anything: blank lines and notes between them are skipped. */
export function dataRows(table: Pick<RawTable, 'rows'>, layout: Pick<TableLayout, 'firstDataRow' | 'lastDataRow'>): number[] {
  const rows: number[] = [];
  for (let r = Math.max(0, layout.firstDataRow); r <= layout.lastDataRow && r < table.rows.length; r += 1) {
    const row = table.rows[r]!;
    if (!isBlankRow(row) && !isNoteRow(row)) rows.push(r);
  }
  return rows;
}

/** Columns a table has: the widest of its header and data rows. */
export function tableWidth(rows: readonly (readonly string[])[], from: number, to: number): number {
  let width = 0;
  for (let r = Math.max(0, from); r <= to && r < rows.length; r += 1) {
    const row = rows[r]!;
    for (let c = row.length - 1; c >= width; c -= 1) {
      if (row[c] !== '') {
        width = c + 1;
        break;
      }
    }
  }
  return width;
}

/**
 * The heading of each column, its header lines joined (`Ausländer` over
 * `weiblich` is `Ausländer weiblich`). A blank cell in an upper line of a
 * value column takes the text to its left, as merged or spanning headings
 * (`Ausländer` over `männlich` and `weiblich`) are written once.
 */
export function headerTexts(
  rows: readonly (readonly string[])[],
  headerRow: number,
  firstDataRow: number,
  width: number,
  valueColumns: ReadonlySet<number>,
): string[] {
  if (headerRow < 0) return Array.from({ length: width }, () => '');
  const lines = rows.slice(headerRow, firstDataRow).filter((row) => !isBlankRow(row));
  const filled = lines.map((line, l) => {
    const cells: string[] = [];
    for (let c = 0; c < width; c += 1) {
      const own = cellAt(line, c);
      const spans = own === '' && l < lines.length - 1 && valueColumns.has(c) && valueColumns.has(c - 1);
      cells.push(spans ? cells[c - 1]! : own);
    }
    return cells;
  });
  return Array.from({ length: width }, (_, c) => {
    const parts: string[] = [];
    for (const line of filled) {
      const text = line[c]!;
      if (text !== '' && text !== parts[parts.length - 1]) parts.push(text);
    }
    return parts.join(' ');
  });
}
