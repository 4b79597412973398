import { chartTable } from '../domain/monitoring/charts';
import type { ReportLang } from '../domain/monitoring/number-format';
import type { ChartInput, DossierContent, IndicatorDefinition, PresentedValue } from '../domain/monitoring/types';
import { comparePeriods } from '../domain/monitoring/values';
import { breakdownLabel, formatChange, formatCost, formatDate, MISSING, pointText, unitName, valueCellText } from './format';
import { ReportDocument, type TableOptions } from './pdf-document';
import type { DossierChart, DossierMeta, EducationReportChapter, EvaluationReport } from './types';
import { evaluationSentences, targetText, TEXTS, trendSentence } from './wording';

/** Value columns per table: more would squeeze the cells of an A4 page below legibility. */
const COLUMNS_PER_TABLE = 5;

const unescapeXml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name]!);

/** The chart's text alternative is the SVG's own `<desc>`, so the web page and the PDF say the same. */
function altText(svg: string, chart: ChartInput): string {
  const desc = /<desc[^>]*>([^<]*)<\/desc>/.exec(svg)?.[1];
  return desc ? unescapeXml(desc) : `${chart.title}. ${chart.description}`;
}

function indicatorFacts(report: ReportDocument, definition: IndicatorDefinition, lang: ReportLang): void {
  const t = TEXTS[lang];
  const rows: [string, string][] = [
    [t.definition, definition.definition[lang]],
    [t.unit, unitName(definition.unit, lang)],
    [t.source, definition.source],
  ];
  const target = targetText(definition, lang);
  if (target) rows.push([t.target, target]);
  report.facts(rows);
}

/** The chart and, beside it for those who cannot see it, the same numbers as a table. */
function chartWithTable(report: ReportDocument, chart: ChartInput, svg: string): void {
  report.chart(svg, altText(svg, chart));
  const table = chartTable(chart);
  if (table.rows.length === 0) return;
  report.table({ caption: `${TEXTS[chart.lang].values}: ${table.caption}`, header: table.columns, rows: table.rows.map((r) => [r.period, ...r.cells]) });
}

/** The stored values of an indicator, period × breakdown (× area when there are several), in tables of a few columns. */
export function valueTables(definition: IndicatorDefinition, values: readonly PresentedValue[], lang: ReportLang): TableOptions[] {
  const areas = [...new Set(values.map((v) => v.area))];
  const columnOf = (v: PresentedValue) => `${v.area}|${v.breakdownKey}`;
  const columns = [...new Map(values.map((v) => [columnOf(v), v])).values()]
    .sort(
      (a, b) =>
        areas.indexOf(a.area) - areas.indexOf(b.area) ||
        Number(b.breakdownKey === 'total') - Number(a.breakdownKey === 'total') ||
        a.breakdownKey.localeCompare(b.breakdownKey),
    )
    .map((v) => ({ key: columnOf(v), label: breakdownLabel(v.breakdown, lang) + (areas.length > 1 ? ` (${v.area})` : '') }));
  const periods = [...new Set(values.map((v) => v.period))].sort(comparePeriods);
  const byCell = new Map(values.map((v) => [`${v.period}|${columnOf(v)}`, v]));
  const periodHeader = lang === 'de' ? 'Zeitraum' : 'Period';
  const chunks: (typeof columns)[] = [];
  for (let i = 0; i < columns.length; i += COLUMNS_PER_TABLE) chunks.push(columns.slice(i, i + COLUMNS_PER_TABLE));
  return chunks.map((chunk, i) => ({
    caption: `${TEXTS[lang].values}: ${definition.name[lang]}${chunks.length > 1 ? ` (${i + 1}/${chunks.length})` : ''}`,
    header: [periodHeader, ...chunk.map((c) => c.label)],
    rows: periods.map((period) => [period, ...chunk.map((c) => valueCellText(byCell.get(`${period}|${c.key}`), definition.unit, definition.decimals, lang))]),
  }));
}

/**
 * The decision dossier as the board receives it: the question, goals and
 * options, and per indicator its definition, chart and values. Every page
 * carries the SHA-256 of the frozen content, so a printout can be checked
 * against the stored dossier.
 */
export function dossierPdf(content: DossierContent, charts: DossierChart[], meta: DossierMeta): Promise<Buffer> {
  const { lang } = meta;
  const t = TEXTS[lang];
  const report = new ReportDocument({
    title: `${t.dossier}: ${content.title}`,
    lang,
    author: content.regionName,
    subject: content.question,
    createdAt: new Date(content.takenAt),
  });
  report.heading(`${t.dossier}: ${content.title}`, 1);
  report.facts([
    [t.region, content.regionName],
    [t.actionField, content.actionField],
    [t.takenAt, formatDate(content.takenAt, lang)],
    [t.status, meta.frozen ? t.frozen : t.draft],
    [t.checksum, meta.hash],
  ]);

  report.heading(t.question, 2);
  report.paragraph(content.question);
  report.heading(t.goals, 2);
  if (content.goals.length > 0) report.list(content.goals);
  else report.paragraph(t.noGoals);

  report.heading(t.options, 2);
  if (content.options.length === 0) report.paragraph(t.noOptions);
  content.options.forEach((option, i) => {
    report.beginSection();
    report.heading(`${t.option} ${i + 1}: ${option.title}`, 3);
    if (option.description) report.paragraph(option.description);
    report.facts([
      [t.cost, option.cost === null ? t.costUnknown : formatCost(option.cost, lang)],
      [t.expectedEffect, option.expectedEffect || t.notStated],
    ]);
    report.endSection();
  });

  // The evidence starts on its own page: it is long, and its first heading would otherwise often stand alone.
  if (content.indicators.length > 0) report.newPage();
  report.heading(t.indicators, 2);
  if (content.indicators.length === 0) report.paragraph(t.noIndicators);
  for (const { definition, values } of content.indicators) {
    report.beginSection();
    report.heading(definition.name[lang], 3);
    indicatorFacts(report, definition, lang);
    const chart = charts.find((c) => c.indicatorKey === definition.key);
    if (chart) report.chart(chart.svg, altText(chart.svg, chart.chart));
    const tables = valueTables(definition, values, lang);
    if (tables.length === 0) report.paragraph(t.noValues);
    for (const table of tables) report.table(table);
    report.endSection();
  }
  return report.finish(() => `${t.checksum}: ${meta.hash}`);
}

/** What became of a decision: per indicator the last value before it against the latest after it. */
export function evaluationReportPdf(data: EvaluationReport): Promise<Buffer> {
  const { lang, mandate } = data;
  const t = TEXTS[lang];
  const title = `${t.evaluation}: ${mandate.title}`;
  const report = new ReportDocument({ title, lang, author: data.regionName, subject: mandate.question, createdAt: new Date(data.generatedAt) });
  report.heading(title, 1);
  report.facts([
    [t.region, data.regionName],
    [t.question, mandate.question],
    [t.decidedAt, mandate.decidedAt ? formatDate(mandate.decidedAt, lang) : t.notDecided],
    [t.decidedPeriod, mandate.decidedPeriod ?? MISSING],
    [t.chosenOption, mandate.chosenOption ?? MISSING],
    [t.generatedAt, formatDate(data.generatedAt, lang)],
  ]);

  report.heading(t.overview, 2);
  if (data.indicators.length === 0) report.paragraph(t.noIndicators);
  else {
    const fmt = (i: (typeof data.indicators)[number], point: (typeof data.indicators)[number]['before']) =>
      point ? `${pointText(point, i.definition.unit, i.definition.decimals, lang)} (${point.period})` : MISSING;
    report.table({
      caption: '',
      header: [t.indicator, t.before, t.after, t.change, t.assessment, t.targetMet],
      rows: data.indicators.map((i) => [
        i.definition.name[lang],
        fmt(i, i.before),
        fmt(i, i.after),
        changeCell(i.change, i.definition, lang),
        t.directions[i.direction],
        i.targetMet === null ? MISSING : i.targetMet ? t.yes : t.no,
      ]),
      align: ['left', 'right', 'right', 'right', 'left', 'left'],
      widths: ['*', 84, 84, 76, 66, 50],
    });
  }

  for (const indicator of data.indicators) {
    report.beginSection();
    report.heading(indicator.definition.name[lang], 2);
    report.paragraph(evaluationSentences(indicator, lang));
    chartWithTable(report, indicator.chart, indicator.svg);
    indicatorFacts(report, indicator.definition, lang);
    report.endSection();
  }
  return report.finish(() => `${title} · ${t.generated} ${formatDate(data.generatedAt, lang)}`);
}

/** In a narrow table cell percentage points are `Pp.`/`pp`. */
function changeCell(change: number | null, definition: IndicatorDefinition, lang: ReportLang): string {
  if (change === null) return MISSING;
  return formatChange(change, definition.unit, definition.decimals, lang).replace(' Prozentpunkte', '\u00a0Pp.').replace(' percentage points', '\u00a0pp');
}

/** A draft chapter of the region's education report: per indicator a sentence from the numbers, the chart and the table. */
export function educationReportPdf(chapter: EducationReportChapter): Promise<Buffer> {
  const { lang } = chapter;
  const t = TEXTS[lang];
  const title = `${t.educationReport} ${chapter.regionName}: ${chapter.areaTitle}`;
  const report = new ReportDocument({
    title,
    lang,
    author: chapter.regionName,
    subject: `${t.chapterDraft}: ${chapter.areaTitle}`,
    createdAt: new Date(chapter.generatedAt),
  });
  report.heading(chapter.areaTitle, 1);
  report.paragraph(`${t.chapterDraft} · ${t.educationReport} ${chapter.regionName} · ${t.takenAt} ${formatDate(chapter.generatedAt, lang)}`, { muted: true });
  const intro =
    lang === 'de'
      ? `Dieses Kapitel stellt ${chapter.indicators.length === 1 ? 'einen Indikator' : `${chapter.indicators.length} Indikatoren`} des Bereichs „${chapter.areaTitle}“ dar.`
      : `This chapter presents ${chapter.indicators.length === 1 ? 'one indicator' : `${chapter.indicators.length} indicators`} of the area “${chapter.areaTitle}”.`;
  report.paragraph(chapter.indicators.length === 0 ? t.noIndicators : intro);

  for (const indicator of chapter.indicators) {
    report.beginSection();
    report.heading(indicator.definition.name[lang], 2);
    report.paragraph(trendSentence(indicator, lang));
    chartWithTable(report, indicator.series, indicator.svg);
    indicatorFacts(report, indicator.definition, lang);
    report.endSection();
  }
  return report.finish(() => `${t.chapterDraft}: ${title}`);
}
