import type { TrafficLight } from '../../domain/board/types';
import type { ReportLang } from '../../domain/monitoring/number-format';
import { formatDate, MISSING } from '../format';
import { ReportDocument } from '../pdf-document';
import type { StatusReport } from './types';
import { BOARD_TEXTS, byUrgency, lightMeaning, lightText, taskStatusText } from './wording';

const TEXTS = {
  de: {
    asOf: 'Stichtag',
    generatedAt: 'Erstellt am',
    overview: 'Übersicht',
    count: 'Anzahl',
    meaning: 'Bedeutung',
    summary: (c: Record<TrafficLight, number>) =>
      `Offene Umsetzungsmaßnahmen: ${c.red} überfällig (Rot), ${c.yellow} bald fällig (Gelb), ${c.green} im Zeitplan (Grün); ${c.done} erledigt.`,
    none: 'Es gibt keine Beschlüsse mit offenen Umsetzungsmaßnahmen.',
    missingReason: 'nicht angegeben',
  },
  en: {
    asOf: 'As of',
    generatedAt: 'Generated on',
    overview: 'Overview',
    count: 'Count',
    meaning: 'Meaning',
    summary: (c: Record<TrafficLight, number>) =>
      `Open implementation items: ${c.red} overdue (red), ${c.yellow} due soon (yellow), ${c.green} on schedule (green); ${c.done} done.`,
    none: 'There are no decisions with open implementation items.',
    missingReason: 'not given',
  },
} as const;

const LIGHTS: TrafficLight[] = ['red', 'yellow', 'green', 'done'];

/**
 * The implementation status report (Sachstandsbericht Beschlusskontrolle) for a meeting: the counts per traffic
 * light, then every decision with open items, the overdue first, each with the reason for its delay. Lights are
 * written as words so that the report reads the same in black and white and aloud.
 */
export function renderStatusReportPdf(input: { report: StatusReport; locale: ReportLang }): Promise<Buffer> {
  const { report: data, locale: lang } = input;
  const t = BOARD_TEXTS[lang];
  const s = TEXTS[lang];
  const report = new ReportDocument({
    title: `${t.statusReport}: ${data.boardName}`,
    lang,
    author: `${data.boardName}, ${data.regionName}`,
    subject: t.statusReport,
    createdAt: new Date(data.generatedAt),
  });
  report.heading(t.statusReport, 1);
  report.facts([
    [t.board, data.boardName],
    [t.region, data.regionName],
    [s.asOf, formatDate(data.today, lang)],
    [s.generatedAt, formatDate(data.generatedAt, lang)],
  ]);

  report.heading(s.overview, 2);
  report.paragraph(s.summary(data.counts));
  report.table({
    caption: '',
    header: [t.light, s.count, s.meaning],
    rows: LIGHTS.map((light) => [lightText(light, lang), String(data.counts[light]), lightMeaning(light, data.yellowDays, lang)]),
    align: ['left', 'right', 'left'],
    widths: [90, 60, '*'],
  });
  if (data.entries.length === 0) report.paragraph(s.none);

  for (const { decision, items } of data.entries) {
    report.beginSection();
    report.heading(`${t.decision} ${decision.number}: ${decision.subject.title}`, 2);
    report.paragraph(`${t.decidedAt} ${formatDate(decision.decidedAt, lang)}. ${t.decisionText}: ${decision.text}`);
    report.table({
      caption: '',
      header: [t.measure, t.responsible, t.due, t.light, t.task, t.delayReason],
      rows: byUrgency(items).map((i) => [
        i.title,
        i.responsible.name,
        formatDate(i.dueDate, lang),
        lightText(i.light, lang),
        taskStatusText(i.taskStatus, lang),
        // A red item without a reason is a gap the board should see, not an empty cell.
        i.delayReason ?? (i.light === 'red' ? s.missingReason : MISSING),
      ]),
      align: ['left', 'left', 'left', 'left', 'left', 'left'],
      widths: ['*', 80, 56, 48, 72, 110],
    });
    report.endSection();
  }
  return report.finish(() => `${t.statusReport} · ${data.boardName} · ${s.asOf} ${formatDate(data.today, lang)}`);
}
