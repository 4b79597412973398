import type { ValueStatus } from '../types';

/** 'de': `1.234,5`; 'en': `1,234.5`. */
export type NumberFormat = 'de' | 'en';

/** What a value cell holds. */
export type CellContent = { kind: 'empty' } | { kind: 'number'; value: number } | { kind: 'sign'; status: Exclude<ValueStatus, 'value'> } | { kind: 'invalid' };

/**
 * The signs of official statistics (Zeichenerklärung): `-` nothing there;
 * `.` unknown or not yet available, as are `…` (later) and `/` (too uncertain
 * to state); `x` withheld.
 */
const SIGNS: Record<string, Exclude<ValueStatus, 'value'>> = {
  '-': 'none',
  '–': 'none',
  '—': 'none',
  '.': 'unknown',
  '…': 'unknown',
  '...': 'unknown',
  '·': 'unknown',
  '/': 'unknown',
  x: 'secret',
  X: 'secret',
  '×': 'secret',
};

const PATTERNS: Record<NumberFormat, readonly RegExp[]> = {
  de: [/^\d+(,\d+)?$/, /^[1-9]\d{0,2}(\.\d{3})+(,\d+)?$/],
  en: [/^\d+(\.\d+)?(e[+-]?\d+)?$/i, /^[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/],
};
/** Spaces as thousands separators (`1 234,5`, with a no-break or thin space too). */
const SPACE_GROUPED = /^\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?$/;
const UNIT_SUFFIX = /\s*[%‰€]$/;

interface Numeral {
  negative: boolean;
  digits: string;
}

/**
 * The number part of a cell: sign, unit suffix and spaces between digit
 * groups taken off. Parentheses, which statistics offices put around values
 * of limited reliability (`(12,3)`), are taken off too: the value stands.
 */
function numeral(text: string): Numeral | null {
  let rest = text.trim().replace(UNIT_SUFFIX, '');
  const parenthesised = /^\((.+)\)$/.exec(rest);
  if (parenthesised) rest = parenthesised[1]!.trim();
  const signed = /^([+\-−])\s*(.+)$/.exec(rest);
  const negative = signed !== null && signed[1] !== '+';
  if (signed) rest = signed[2]!;
  if (/\s/.test(rest)) {
    if (!SPACE_GROUPED.test(rest)) return null;
    rest = rest.replace(/\s/g, '');
  }
  return rest === '' ? null : { negative, digits: rest };
}

function valueIn(digits: string, format: NumberFormat): number | null {
  if (!PATTERNS[format].some((pattern) => pattern.test(digits))) return null;
  const plain = format === 'de' ? digits.replace(/\./g, '').replace(',', '.') : digits.replace(/,/g, '');
  const value = Number(plain);
  return Number.isFinite(value) ? value : null;
}

/**
 * A number written in `format`, or, when it cannot be read that way, in the
 * other format (`12,5` in an English table, `0.5` in a German one). Only
 * `1.234` and `1,234` read differently in the two; the format decides them.
 */
export function parseNumber(text: string, format: NumberFormat): number | null {
  const parts = numeral(text);
  if (!parts) return null;
  const other: NumberFormat = format === 'de' ? 'en' : 'de';
  const value = valueIn(parts.digits, format) ?? valueIn(parts.digits, other);
  if (value === null) return null;
  return parts.negative && value !== 0 ? -value : value;
}

export function statisticsSign(text: string): Exclude<ValueStatus, 'value'> | null {
  return SIGNS[text.trim()] ?? null;
}

export function readCell(text: string, format: NumberFormat): CellContent {
  if (text.trim() === '') return { kind: 'empty' };
  const status = statisticsSign(text);
  if (status) return { kind: 'sign', status };
  const value = parseNumber(text, format);
  return value === null ? { kind: 'invalid' } : { kind: 'number', value };
}

/** A number (in either format) or a statistics sign. */
export function isValueText(text: string): boolean {
  return statisticsSign(text) !== null || parseNumber(text, 'de') !== null;
}

/**
 * The number format of a table's value cells: each cell that reads in only
 * one format (`12,5`, `1.234.567`, `0.25`) is a vote; `1.234`, `1,234` and
 * whole numbers read either way and do not vote. A tie keeps `fallback`.
 */
export function detectNumberFormat(cells: Iterable<string>, fallback: NumberFormat): NumberFormat {
  const votes = { de: 0, en: 0 };
  for (const cell of cells) {
    const parts = numeral(cell);
    if (!parts) continue;
    const de = valueIn(parts.digits, 'de') !== null;
    const en = valueIn(parts.digits, 'en') !== null;
    if (de && !en) votes.de += 1;
    if (en && !de) votes.en += 1;
  }
  if (votes.de === votes.en) return fallback;
  return votes.de > votes.en ? 'de' : 'en';
}
