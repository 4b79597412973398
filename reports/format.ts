import { suppressedText } from '../domain/monitoring/charts';
import { formatNumber, formatValue, MISSING, type ReportLang } from '../domain/monitoring/number-format';
import { DIMENSION_NAMES, type Breakdown, type PresentedValue, type Unit, type ValueStatus } from '../domain/monitoring/types';
import { berlinDate } from '../domain/time';

/** The number formats of charts and reports are one: these are re-exported, never redefined. */
export { formatChange, formatNumber, formatValue, MISSING, type ReportLang } from '../domain/monitoring/number-format';
export { suppressedText } from '../domain/monitoring/charts';

const CATEGORY_LABELS: Record<ReportLang, Record<string, string>> = {
  de: {
    female: 'weiblich',
    male: 'männlich',
    diverse: 'divers',
    german: 'deutsch',
    foreign: 'ausländisch',
    grundschule: 'Grundschule',
    hauptschule: 'Hauptschule',
    realschule: 'Realschule',
    gymnasium: 'Gymnasium',
    gesamtschule: 'Gesamtschule',
    foerderschule: 'Förderschule',
    'berufliche-schule': 'Berufliche Schule',
  },
  en: {
    female: 'female',
    male: 'male',
    diverse: 'diverse',
    german: 'German',
    foreign: 'foreign',
    grundschule: 'primary school',
    hauptschule: 'Hauptschule',
    realschule: 'Realschule',
    gymnasium: 'Gymnasium',
    gesamtschule: 'comprehensive school',
    foerderschule: 'special needs school',
    'berufliche-schule': 'vocational school',
  },
};

/** `Insgesamt`, `weiblich`, `ausländisch, weiblich`: a breakdown as a column header. */
export function breakdownLabel(breakdown: Breakdown, lang: ReportLang): string {
  const parts = DIMENSION_NAMES.map((d) => breakdown[d])
    .filter((c): c is string => c !== undefined)
    .map((c) => CATEGORY_LABELS[lang][c] ?? c);
  return parts.length === 0 ? (lang === 'de' ? 'Insgesamt' : 'Total') : parts.join(', ');
}

const UNIT_NAMES: Record<ReportLang, Record<Unit, string>> = {
  de: { percent: 'Prozent', count: 'Anzahl', 'per-1000': 'je 1.000', ratio: 'Verhältniszahl', euro: 'Euro' },
  en: { percent: 'percent', count: 'count', 'per-1000': 'per 1,000', ratio: 'ratio', euro: 'euro' },
};

export function unitName(unit: Unit, lang: ReportLang): string {
  return UNIT_NAMES[lang][unit];
}

const STATUS_TEXTS: Record<ReportLang, Record<Exclude<ValueStatus, 'value'>, string>> = {
  de: { none: 'nichts vorhanden', unknown: 'unbekannt', secret: 'geheim (Quelle)' },
  en: { none: 'none', unknown: 'not known', secret: 'withheld by source' },
};

/** A status written out in words: a screen reader reads `nichts vorhanden`, not `-`. */
export function statusText(status: Exclude<ValueStatus, 'value'>, lang: ReportLang): string {
  return STATUS_TEXTS[lang][status];
}

/** A stored value as a table cell: its number, or why there is none. A suppressed value never shows a number. */
export function valueCellText(
  value: Pick<PresentedValue, 'value' | 'status' | 'suppressed'> | undefined,
  unit: Unit,
  decimals: number,
  lang: ReportLang,
): string {
  if (!value) return MISSING;
  if (value.suppressed) return suppressedText(lang);
  if (value.status !== 'value') return statusText(value.status, lang);
  return formatValue(value.value, unit, decimals, lang);
}

/** A report point (before/after, latest) as text. */
export function pointText(point: { value: number | null; suppressed: boolean } | null, unit: Unit, decimals: number, lang: ReportLang): string {
  if (!point) return MISSING;
  return point.suppressed ? suppressedText(lang) : formatValue(point.value, unit, decimals, lang);
}

/** A cost in euros: whole euros unless it has cents. */
export function formatCost(cost: number, lang: ReportLang): string {
  return formatValue(cost, 'euro', Number.isInteger(cost) ? 0 : 2, lang);
}

/** An instant or calendar date as the Berlin calendar date: `05.03.2025` (de) or `2025-03-05` (en). */
export function formatDate(instantOrDate: string, lang: ReportLang): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(instantOrDate) ? instantOrDate : berlinDate(instantOrDate);
  if (lang === 'en') return date;
  const [year, month, day] = date.split('-');
  return `${day}.${month}.${year}`;
}

/** A number for a spreadsheet: rounded like the report, decimal comma in German, no thousands separator. */
export function csvNumber(value: number, decimals: number, lang: ReportLang): string {
  return formatNumber(value, decimals, lang).replace(lang === 'de' ? /\./g : /,/g, '');
}
