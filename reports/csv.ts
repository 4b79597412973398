import { comparePeriods } from '../domain/monitoring/values';
import { csvNumber, unitName } from './format';
import type { EducationReportChapter } from './types';

/**
 * One CSV field for `;`-separated files: quoted when it holds the separator,
 * a quote, a line break or edge spaces. Text that a spreadsheet would run as
 * a formula (`=`, `+`, `-`, `@` at the start, and not a number) gets a leading
 * apostrophe, as OWASP advises for CSV that officials open in Excel.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^[-+]?\d[\d.,]*$/.test(value) ? `'${value}` : value;
  return /[;"\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows as a CSV file for Excel: UTF-8 with byte-order mark (so umlauts survive), `;`, CRLF. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

/**
 * The numbers of an education report chapter: one row per indicator, period
 * and series. Suppressed and missing values are left out, never written as 0.
 * German files take a decimal comma, so that Excel reads them as numbers.
 */
export function educationReportCsv(chapter: EducationReportChapter): string {
  const { lang } = chapter;
  const header =
    lang === 'de'
      ? ['Bereich', 'Indikator', 'Schlüssel', 'Einheit', 'Zeitraum', 'Reihe', 'Wert', 'Quelle']
      : ['Area', 'Indicator', 'Key', 'Unit', 'Period', 'Series', 'Value', 'Source'];
  const rows = chapter.indicators.flatMap(({ definition, series }) =>
    series.series.flatMap((s) =>
      s.points
        .filter((p) => !p.suppressed && p.value !== null && Number.isFinite(p.value))
        .sort((a, b) => comparePeriods(a.period, b.period))
        .map((p) => [
          chapter.areaTitle,
          definition.name[lang],
          definition.key,
          unitName(definition.unit, lang),
          p.period,
          s.label,
          csvNumber(p.value!, definition.decimals, lang),
          definition.source,
        ]),
    ),
  );
  return toCsv([header, ...rows]);
}
