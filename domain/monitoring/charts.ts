// Line charts of indicator time series as SVG, pure so that the API, the PDFs and the tests draw the same
// picture. The SVG uses presentation attributes only (no CSS), which is all svg-to-pdfkit understands.
import { formatValue, type ReportLang } from './number-format';
import type { ChartInput, ChartPoint } from './types';
import { chartPeriods, periodAxis, valueScale } from './chart-scales';
import { markerPath, styleOf, type SeriesStyle } from './chart-styles';
import { comparePeriods } from './values';

export { formatChange, formatNumber, formatValue, isZeroChange, MISSING, type ReportLang } from './number-format';
export { chartPeriods, valueScale } from './chart-scales';
export { SERIES_STYLES, styleOf } from './chart-styles';

export interface ChartOptions {
  /** Prefix of the ids of `<title>` and `<desc>`; by default derived from the chart's content. */
  idPrefix?: string;
}

export interface ChartTable {
  caption: string;
  /** The header row: the period column first, then one column per series. */
  columns: string[];
  /** One row per period, in order; `cells[i]` belongs to `columns[i + 1]`. */
  rows: { period: string; cells: string[] }[];
}

/** Text (#1f1f1f, 16:1) and axis colours; grid lines are decoration and may be light. */
export const TEXT_COLOR = '#1f1f1f';
const AXIS_COLOR = '#595959';
const GRID_COLOR = '#d6d6d6';
const TARGET_COLOR = '#333333';

const WIDTH = 640;
const FONT_SIZE = 14;
const PLOT_HEIGHT = 240;
const INSET = 20;
const LEGEND_ROW = 26;

const WORDS = {
  de: {
    noData: 'Keine Daten vorhanden',
    noValues: 'Keine darstellbaren Werte (gesperrt oder nicht vorhanden)',
    gapNote: 'Lücken in einer Linie: kein Wert oder gesperrt (kleine Fallzahl).',
    suppressed: 'gesperrt (kleine Fallzahl)',
    period: 'Zeitraum',
    year: 'Jahr',
    schoolYear: 'Schuljahr',
    to: 'bis',
    noSeriesValues: 'keine Werte',
    target: 'Zielwert',
    marker: 'Markierung',
  },
  en: {
    noData: 'No data available',
    noValues: 'No values to show (suppressed or missing)',
    gapNote: 'Gaps in a line: no value, or suppressed (small numbers).',
    suppressed: 'suppressed (small numbers)',
    period: 'Period',
    year: 'Year',
    schoolYear: 'School year',
    to: 'to',
    noSeriesValues: 'no values',
    target: 'Target',
    marker: 'Marker',
  },
} as const;

/** The wording for a suppressed value, shared by tables, PDFs and CSV notes. */
export function suppressedText(lang: ReportLang): string {
  return WORDS[lang].suppressed;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A suppressed point never shows its number, even if one was passed by mistake. */
function shownValue(point: ChartPoint | undefined): number | null {
  if (!point || point.suppressed || point.value === null || !Number.isFinite(point.value)) return null;
  return point.value;
}

function pointAt(points: readonly ChartPoint[], period: string): ChartPoint | undefined {
  return points.find((p) => p.period === period);
}

/** Helvetica advance widths, roughly: enough to keep labels from overlapping. */
function textWidth(text: string, size = FONT_SIZE): number {
  let em = 0;
  for (const c of text) em += /[il.,:;|!'jtf\s\u00a0]/.test(c) ? 0.28 : /[mwMW%‰@]/.test(c) ? 0.87 : /[A-ZÄÖÜ]/.test(c) ? 0.68 : 0.56;
  return em * size;
}

/** FNV-1a, so that the same chart always gets the same ids and different charts rarely share one. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(36);
}

function idPrefixOf(input: ChartInput, options: ChartOptions): string {
  const given = options.idPrefix?.replace(/[^A-Za-z0-9_-]/g, '');
  if (given) return /^[A-Za-z]/.test(given) ? given : `c${given}`;
  const key = [input.title, input.unit, input.lang, ...input.series.map((s) => `${s.label}:${s.points.map((p) => `${p.period}=${shownValue(p)}`).join(',')}`)];
  return `chart-${hash(key.join('|'))}`;
}

const round = (n: number) => Math.round(n * 10) / 10;

function periodHeader(periods: readonly string[], lang: ReportLang): string {
  const words = WORDS[lang];
  if (periods.length > 0 && periods.every((p) => /^\d{4}$/.test(p))) return words.year;
  if (periods.length > 0 && periods.every((p) => /^\d{4}\/\d{2}$/.test(p))) return words.schoolYear;
  return words.period;
}

/** The chart's numbers as a table: what a screen reader and a printout without the picture need. */
export function chartTable(input: ChartInput): ChartTable {
  const periods = chartPeriods(input);
  return {
    caption: input.title,
    columns: [periodHeader(periods, input.lang), ...input.series.map((s) => s.label)],
    rows: periods.map((period) => ({
      period,
      cells: input.series.map((s) => {
        const point = pointAt(s.points, period);
        if (point?.suppressed) return WORDS[input.lang].suppressed;
        return formatValue(shownValue(point), input.unit, input.decimals, input.lang);
      }),
    })),
  };
}

/** The text alternative: the caller's description, then the range of each series, the target and the marker. */
function describe(input: ChartInput, hasGaps: boolean): string {
  const words = WORDS[input.lang];
  const fmt = (v: number) => formatValue(v, input.unit, input.decimals, input.lang);
  const parts = [input.description.trim()];
  for (const s of input.series) {
    const shown = [...s.points].sort((a, b) => comparePeriods(a.period, b.period)).filter((p) => shownValue(p) !== null);
    const first = shown[0];
    const last = shown[shown.length - 1];
    if (!first || !last) parts.push(`${s.label}: ${words.noSeriesValues}.`);
    else if (first === last) parts.push(`${s.label}: ${fmt(first.value!)} (${first.period}).`);
    else parts.push(`${s.label}: ${fmt(first.value!)} (${first.period}) ${words.to} ${fmt(last.value!)} (${last.period}).`);
  }
  if (input.target) parts.push(`${words.target}: ${input.target.label} ${fmt(input.target.value)}.`);
  if (input.marker) parts.push(`${words.marker}: ${input.marker.label} (${input.marker.period}).`);
  if (hasGaps) parts.push(words.gapNote);
  return parts.filter(Boolean).join(' ');
}

function svgOpen(id: string, height: number, input: ChartInput, description: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" ` +
    `font-family="Helvetica, Arial, sans-serif" font-size="${FONT_SIZE}">` +
    `<title id="${id}-title">${escapeXml(input.title)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>` +
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#ffffff"/>`
  );
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${round(x)}" y="${round(y)}" fill="${TEXT_COLOR}"${attrs ? ` ${attrs}` : ''}>${escapeXml(content)}</text>`;
}

function marker(style: SeriesStyle, index: number, x: number, y: number): string {
  const open = style.marker === 'cross' || style.marker === 'plus';
  const fill = open ? 'none' : style.filled ? style.color : '#ffffff';
  const width = open ? 2.5 : 1.5;
  return `<path class="series-marker" data-series="${index}" d="${markerPath(style, x, y)}" fill="${fill}" stroke="${style.color}" stroke-width="${width}"/>`;
}

function emptyChart(input: ChartInput, id: string, message: string): string {
  const height = 160;
  const description = `${input.description.trim()} ${message}.`.trim();
  return `${svgOpen(id, height, input, description)}${text(WIDTH / 2, height / 2 + 5, message, 'text-anchor="middle"')}</svg>`;
}

/**
 * An accessible SVG line chart of the input: one line per series, gaps where
 * a value is missing or suppressed, an optional target line and decision
 * marker, and a legend. Scales to its container (`width="100%"`, viewBox).
 */
export function renderChartSvg(input: ChartInput, options: ChartOptions = {}): string {
  const id = idPrefixOf(input, options);
  const words = WORDS[input.lang];
  const fmt = (v: number, decimals = input.decimals) => formatValue(v, input.unit, decimals, input.lang);
  const periods = chartPeriods(input);
  const values = input.series.flatMap((s) => s.points.map(shownValue)).filter((v): v is number => v !== null);
  if (periods.length === 0) return emptyChart(input, id, words.noData);
  if (values.length === 0) return emptyChart(input, id, words.noValues);

  const scale = valueScale(input.target ? [...values, input.target.value] : values, input.unit);
  const tickLabels = scale.ticks.map((t) => fmt(t, scale.tickDecimals));
  const left = Math.max(48, Math.ceil(Math.max(...tickLabels.map((l) => textWidth(l)))) + 16);
  const right = WIDTH - 28;
  // Room above the plot for the marker's label, when there is one.
  const plotTop = input.marker ? 64 : 28;
  const bottom = plotTop + PLOT_HEIGHT;
  const y = (v: number) => bottom - ((v - scale.min) / (scale.max - scale.min)) * PLOT_HEIGHT;

  const innerLeft = left + INSET;
  const innerWidth = right - INSET - innerLeft;
  const axis = periodAxis(periods, input.marker?.period ?? null, innerLeft, innerWidth);
  const x = (period: string) => axis.x.get(period)!;

  const parts: string[] = [];
  scale.ticks.forEach((tick, i) => {
    const ty = round(y(tick));
    if (tick !== scale.min) parts.push(`<line x1="${left}" y1="${ty}" x2="${right}" y2="${ty}" stroke="${GRID_COLOR}" stroke-width="1"/>`);
    parts.push(text(left - 8, ty + 5, tickLabels[i]!, 'text-anchor="end"'));
  });
  parts.push(`<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="${AXIS_COLOR}" stroke-width="1.5"/>`);

  // Label every period when they fit, otherwise every n-th counting back from the latest.
  const slot = Math.max(...periods.map((p) => textWidth(p))) + 12;
  const every = Math.max(1, Math.ceil(periods.length / (Math.floor(innerWidth / slot) + 1)));
  periods.forEach((period, i) => {
    const px = round(x(period));
    parts.push(`<line x1="${px}" y1="${bottom}" x2="${px}" y2="${bottom + 5}" stroke="${AXIS_COLOR}" stroke-width="1.5"/>`);
    if ((periods.length - 1 - i) % every === 0) parts.push(text(px, bottom + 24, period, 'text-anchor="middle"'));
  });

  if (input.marker && axis.markerX !== null) {
    const mx = round(axis.markerX);
    parts.push(
      `<line class="decision-marker" x1="${mx}" y1="${plotTop - 52}" x2="${mx}" y2="${bottom}" stroke="${TARGET_COLOR}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
    );
    const label = input.marker.label;
    const fitsRight = mx + 4 + textWidth(label) <= WIDTH - 4;
    parts.push(text(fitsRight ? mx + 5 : mx - 5, plotTop - 38, label, fitsRight ? '' : 'text-anchor="end"'));
  }

  // The target is a solid dark line without markers and with its label, so it is not mistaken for a series.
  if (input.target) {
    const ty = round(y(input.target.value));
    const label = `${input.target.label}: ${fmt(input.target.value)}`;
    parts.push(`<line class="target-line" x1="${left}" y1="${ty}" x2="${right}" y2="${ty}" stroke="${TARGET_COLOR}" stroke-width="2"/>`);
    const labelWidth = textWidth(label, FONT_SIZE) + 8;
    parts.push(`<rect x="${round(right - labelWidth)}" y="${ty - 22}" width="${round(labelWidth)}" height="18" fill="#ffffff"/>`);
    parts.push(text(right - 4, ty - 8, label, 'text-anchor="end" font-weight="bold"'));
  }

  let hasGaps = false;
  input.series.forEach((series, index) => {
    const style = styleOf(index);
    const points = [...series.points].sort((a, b) => comparePeriods(a.period, b.period));
    // A missing or suppressed value ends a run: the line is never drawn through it.
    const runs: ChartPoint[][] = [[]];
    for (const point of points) {
      if (shownValue(point) === null) {
        hasGaps = true;
        if (runs[runs.length - 1]!.length > 0) runs.push([]);
      } else runs[runs.length - 1]!.push(point);
    }
    const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
    for (const run of runs.filter((r) => r.length > 1)) {
      const coords = run.map((p) => `${round(x(p.period))},${round(y(p.value!))}`).join(' ');
      parts.push(
        `<polyline class="series-line" data-series="${index}" points="${coords}" fill="none" stroke="${style.color}" stroke-width="2.5"${dash} stroke-linejoin="round"/>`,
      );
    }
    for (const point of runs.flat()) parts.push(marker(style, index, x(point.period), y(point.value!)));
  });

  let next = bottom + 24;
  if (hasGaps) {
    next += 24;
    parts.push(text(left, next, words.gapNote, 'font-size="13"'));
  }

  // The legend flows in rows below the axis: a line sample with the series' dash and marker, then its label.
  next += 34;
  let lx = left;
  for (const [index, series] of input.series.entries()) {
    const style = styleOf(index);
    const entryWidth = 44 + textWidth(series.label) + 24;
    if (lx > left && lx + entryWidth > WIDTH - 8) {
      lx = left;
      next += LEGEND_ROW;
    }
    const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
    parts.push(
      `<line class="legend-line" data-series="${index}" x1="${lx}" y1="${next - 5}" x2="${lx + 36}" y2="${next - 5}" stroke="${style.color}" stroke-width="2.5"${dash}/>`,
    );
    parts.push(marker(style, index, lx + 18, next - 5).replace('class="series-marker"', 'class="legend-marker"'));
    parts.push(text(lx + 44, next, series.label));
    lx += entryWidth;
  }
  const height = next + 16;
  return `${svgOpen(id, height, input, describe(input, hasGaps))}${parts.join('')}</svg>`;
}
