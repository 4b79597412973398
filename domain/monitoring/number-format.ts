import type { Unit } from './types';

export type ReportLang = 'de' | 'en';

/** Written where a table cell has no value at all. */
export const MISSING = '–';

/**
 * A number in the reader's notation, rounded half away from zero to
 * `decimals` places: `1.234,5` (de), `1,234.5` (en). Written by hand rather
 * than with Intl so that reports look the same on every ICU build.
 */
export function formatNumber(value: number, decimals: number, lang: ReportLang): string {
  const places = Math.min(6, Math.max(0, Math.trunc(decimals)));
  const factor = 10 ** places;
  const scaled = Math.abs(value) * factor;
  // The relative nudge turns 1.005 × 100 = 100.49999… into the 101 a person expects.
  const rounded = Math.round(scaled + scaled * Number.EPSILON);
  const whole = Math.floor(rounded / factor);
  const fraction = rounded - whole * factor;
  const [group, point] = lang === 'de' ? ['.', ','] : [',', '.'];
  const wholeText = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const fractionText = places > 0 ? point + String(fraction).padStart(places, '0') : '';
  return (value < 0 && rounded !== 0 ? '-' : '') + wholeText + fractionText;
}

/**
 * A value with its unit: `12,5 %`, `1.234 €`, `4,2 ‰` (de) or `12.5%`, `€1,234`,
 * `4.2‰` (en); null is `–`. German puts a no-break space (U+00A0) before the
 * unit so that a line never breaks between number and sign.
 */
export function formatValue(value: number | null, unit: Unit, decimals: number, lang: ReportLang): string {
  if (value === null || !Number.isFinite(value)) return MISSING;
  const number = formatNumber(value, decimals, lang);
  const space = lang === 'de' ? '\u00a0' : '';
  switch (unit) {
    case 'percent':
      return `${number}${space}%`;
    case 'per-1000':
      return `${number}${space}‰`;
    case 'euro':
      return lang === 'de' ? `${number}\u00a0€` : number.startsWith('-') ? `-€${number.slice(1)}` : `€${number}`;
    case 'count':
    case 'ratio':
      return number;
  }
}

/**
 * A difference between two values, signed unless told otherwise:
 * `+8,3 Prozentpunkte` for percentages (a difference of rates is not a
 * percent change), otherwise the value format with a sign (`-120`, `+1,5 ‰`).
 */
export function formatChange(change: number, unit: Unit, decimals: number, lang: ReportLang, options: { signed?: boolean } = {}): string {
  const magnitude = formatValue(Math.abs(change), unit === 'percent' ? 'ratio' : unit, decimals, lang);
  const zero = /^[^1-9]*$/.test(magnitude);
  const sign = options.signed === false ? '' : zero ? '±' : change > 0 ? '+' : '-';
  if (unit !== 'percent') return sign + magnitude;
  return `${sign}${magnitude} ${lang === 'de' ? 'Prozentpunkte' : 'percentage points'}`;
}

/** Whether a change is zero as written with `decimals` places. */
export function isZeroChange(change: number, decimals: number): boolean {
  return /^[^1-9]*$/.test(formatNumber(change, decimals, 'en'));
}
