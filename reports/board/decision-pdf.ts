import type { DecisionRecord } from '../../domain/board/types';
import type { ReportLang } from '../../domain/monitoring/number-format';
import type { DossierContent } from '../../domain/monitoring/types';
import { formatCost, formatDate, MISSING, unitName } from '../format';
import { valueTables } from '../pdf';
import { ReportDocument } from '../pdf-document';
import type { DecisionPdfInput, LitItem } from './types';
import {
  BOARD_TEXTS,
  byUrgency,
  castingVoteText,
  choiceText,
  optionOrder,
  decisionNumberOf,
  lightText,
  participantsText,
  procedureText,
  quorumText,
  recusalText,
  resultText,
  secrecyText,
  tallyText,
  type OptionTitles,
} from './wording';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The dossier snapshot of a record as monitoring/dossier.ts produces it (stored as an object or as its JSON text),
 * or null when it has another shape: then the PDF shows the hash only rather than guessing.
 */
export function readDossier(content: unknown): DossierContent | null {
  let value = content;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return null;
    }
  }
  if (!isObject(value) || typeof value.title !== 'string' || typeof value.takenAt !== 'string') return null;
  const { options, indicators } = value;
  if (!Array.isArray(options) || !options.every((o) => isObject(o) && typeof o.id === 'string' && typeof o.title === 'string')) return null;
  const indicatorOk = (i: unknown) =>
    isObject(i) &&
    Array.isArray(i.values) &&
    isObject(i.definition) &&
    isObject(i.definition.name) &&
    typeof i.definition.name.de === 'string' &&
    typeof i.definition.name.en === 'string' &&
    typeof i.definition.unit === 'string' &&
    typeof i.definition.decimals === 'number';
  if (!Array.isArray(indicators) || !indicators.every(indicatorOk)) return null;
  return value as unknown as DossierContent;
}

/** Option titles known for a record: the dossier's options and the chosen one. */
export function optionTitles(record: Pick<DecisionRecord, 'dossier' | 'optionId' | 'optionTitle'>): OptionTitles {
  const titles = new Map<string, string>();
  for (const option of readDossier(record.dossier?.content)?.options ?? []) titles.set(option.id, option.title);
  if (record.optionId && record.optionTitle) titles.set(record.optionId, record.optionTitle);
  return titles;
}

/**
 * A show of hands leaves a tally but no ballots of persons. The record has no flag for it, so it is recognised by
 * that: a meeting vote with counts, nobody named as having taken part and no named ballots.
 */
export function isShowOfHands(record: Pick<DecisionRecord, 'mode' | 'votes' | 'participants' | 'tally'>): boolean {
  const total = record.tally.reduce((sum, e) => sum + e.count, 0);
  return record.mode === 'meeting' && total > 0 && record.participants.length === 0 && (record.votes ?? []).length === 0;
}

function voteSection(report: ReportDocument, record: DecisionRecord, titles: OptionTitles, lang: ReportLang): void {
  const t = BOARD_TEXTS[lang];
  report.heading(t.vote, 2);
  report.paragraph(`${t.result}: ${resultText(record.result, record.optionTitle, lang)}.`, { bold: true });
  report.paragraph(`${t.tally}: ${tallyText(record.tally, titles, lang)}.`);
  report.paragraph(`${quorumText(record.quorum, lang)}.`);
  if (record.castingVote) report.paragraph(castingVoteText(lang));
  if (record.secret) {
    report.paragraph(
      participantsText(
        record.participants.map((p) => p.name),
        lang,
      ),
    );
  } else if (record.votes && record.votes.length > 0) {
    report.table({
      caption: t.namedVotes,
      header: [t.member, t.choice, t.castBy],
      rows: record.votes.map((v) => [
        v.name,
        choiceText(v.choice, v.optionId, titles, optionOrder(record.tally), lang),
        v.castBy.id === v.memberId ? t.self : `${t.deputy}: ${v.castBy.name}`,
      ]),
      align: ['left', 'left', 'left'],
    });
  }
}

function dossierSection(report: ReportDocument, record: DecisionRecord, lang: ReportLang): void {
  const t = BOARD_TEXTS[lang];
  if (!record.dossier) return;
  report.heading(t.dossier, 2);
  const dossier = readDossier(record.dossier.content);
  report.facts([
    ...(dossier
      ? ([
          [t.dossierTitle, dossier.title],
          [t.takenAt, formatDate(dossier.takenAt, lang)],
        ] as [string, string][])
      : []),
    [t.checksum, record.dossier.hash],
  ]);
  if (!dossier) {
    report.paragraph(t.dossierUnreadable, { muted: true });
    return;
  }
  if (dossier.options.length > 0) {
    // Which option was decided matters only when the vote chose among them; a yes/no vote would show a column of dashes.
    const chosen = record.result === 'option';
    report.table({
      caption: t.options,
      header: [t.option, t.cost, t.expectedEffect, ...(chosen ? [t.chosen] : [])],
      rows: dossier.options.map((o) => [
        o.title,
        typeof o.cost === 'number' ? formatCost(o.cost, lang) : t.costUnknown,
        o.expectedEffect || t.notStated,
        ...(chosen ? [record.optionId === o.id ? t.yes : t.no] : []),
      ]),
      align: ['left', 'right', 'left', 'left'],
      widths: ['*', 80, '*', ...(chosen ? [72] : [])],
    });
  }
  if (dossier.indicators.length === 0) return;
  report.heading(t.data, 3);
  for (const { definition, values } of dossier.indicators) {
    report.paragraph(`${definition.name[lang]} (${unitName(definition.unit, lang)}; ${definition.source})`, { bold: true });
    for (const table of valueTables(definition, values, lang)) report.table({ ...table, caption: '' });
  }
}

function itemsSection(report: ReportDocument, items: LitItem[], lang: ReportLang): void {
  const t = BOARD_TEXTS[lang];
  report.heading(t.implementation, 2);
  if (items.length === 0) {
    report.paragraph(t.noItems);
    return;
  }
  report.table({
    caption: '',
    header: [t.measure, t.responsible, t.due, t.light, t.delayReason],
    rows: byUrgency(items).map((i) => [i.title, i.responsible.name, formatDate(i.dueDate, lang), lightText(i.light, lang), i.delayReason ?? MISSING]),
    align: ['left', 'left', 'left', 'left', 'left'],
    widths: ['*', 90, 62, 52, 120],
  });
}

/**
 * The decision record (Beschluss) as a document: number, text, how it was voted (named or only who took part),
 * recusals, the dossier it rested on with its SHA-256, corrections both ways, and what has become of its
 * implementation. Its date is the record's, so the same record gives the same bytes.
 */
export function renderDecisionPdf(input: DecisionPdfInput): Promise<Buffer> {
  const { record, locale: lang } = input;
  const t = BOARD_TEXTS[lang];
  const heading = `${t.decision} ${record.number}`;
  const report = new ReportDocument({
    title: `${heading}: ${record.subject.title}`,
    lang,
    author: `${input.boardName}, ${input.regionName}`,
    subject: record.subject.title,
    createdAt: new Date(record.recordedAt),
  });
  report.heading(heading, 1);
  if (input.correctedBy.length > 0) {
    report.paragraph(`${t.correctedBy} ${input.correctedBy.map(decisionNumberOf).join(', ')}.`, { bold: true });
  }
  if (record.corrects) {
    report.paragraph(`${t.correctionOf} ${decisionNumberOf(record.corrects)}.`, { bold: true });
    if (record.correctionReason) report.paragraph(`${t.correctionReason}: ${record.correctionReason}`);
  }
  const showOfHands = isShowOfHands(record);
  report.facts([
    [t.board, input.boardName],
    [t.region, input.regionName],
    [t.subject, record.subject.title],
    [t.decidedAt, formatDate(record.decidedAt, lang)],
    [t.procedure, procedureText(record.mode, showOfHands, lang)],
    [t.ballot, secrecyText(record.secret, lang)],
    [t.recordedAt, formatDate(record.recordedAt, lang) + (record.recordedBy ? ` (${record.recordedBy.name})` : '')],
  ]);

  report.heading(t.decisionText, 2);
  report.paragraph(record.text);
  const titles = optionTitles(record);
  voteSection(report, record, titles, lang);
  if (record.recusals.length > 0) {
    report.heading(t.recusals, 2);
    for (const recusal of record.recusals) report.paragraph(recusalText(recusal, lang));
  }
  if (record.rationale) {
    report.heading(t.rationale, 2);
    report.paragraph(record.rationale);
  }
  if (record.dissent.length > 0) {
    report.heading(t.dissent, 2);
    report.list(record.dissent.map((d) => `${d.name}: ${d.text}`));
  }
  dossierSection(report, record, lang);
  itemsSection(report, input.items, lang);
  return report.finish(() => `${heading} · ${input.boardName} · ${input.regionName}`);
}
