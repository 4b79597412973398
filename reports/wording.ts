import { formatChange, formatValue, isZeroChange, type ReportLang } from '../domain/monitoring/number-format';
import type { IndicatorDefinition } from '../domain/monitoring/types';
import { pointText, suppressedText } from './format';
import type { EducationReportIndicator, EvaluationIndicator } from './types';

/** Fixed texts of the reports, German and English. */
export const TEXTS = {
  de: {
    dossier: 'Entscheidungsdossier',
    evaluation: 'Evaluationsbericht',
    educationReport: 'Bildungsbericht',
    chapterDraft: 'Kapitelentwurf',
    region: 'Region',
    actionField: 'Handlungsfeld',
    takenAt: 'Stand',
    status: 'Status',
    frozen: 'eingefroren (unveränderlich)',
    draft: 'Entwurf (nicht eingefroren)',
    checksum: 'Prüfsumme (SHA-256)',
    question: 'Fragestellung',
    goals: 'Ziele',
    noGoals: 'Es sind keine Ziele angegeben.',
    options: 'Handlungsoptionen',
    noOptions: 'Es sind keine Optionen angegeben.',
    option: 'Option',
    cost: 'Kosten',
    costUnknown: 'nicht beziffert',
    expectedEffect: 'Erwartete Wirkung',
    notStated: 'nicht angegeben',
    indicators: 'Datengrundlage',
    noIndicators: 'Dem Vorhaben sind keine Indikatoren zugeordnet.',
    noValues: 'Für diesen Indikator liegen keine Werte vor.',
    definition: 'Definition',
    unit: 'Einheit',
    source: 'Quelle',
    target: 'Zielwert',
    values: 'Werte',
    decidedAt: 'Entschieden am',
    decidedPeriod: 'Entscheidungszeitraum',
    chosenOption: 'Gewählte Option',
    notDecided: 'noch nicht entschieden',
    overview: 'Übersicht',
    indicator: 'Indikator',
    before: 'Vor der Entscheidung',
    after: 'Danach (zuletzt)',
    change: 'Veränderung',
    assessment: 'Bewertung',
    targetMet: 'Ziel erreicht',
    yes: 'ja',
    no: 'nein',
    generatedAt: 'Erstellt am',
    generated: 'erstellt',
    directions: { improved: 'verbessert', worsened: 'verschlechtert', unchanged: 'unverändert', unknown: 'nicht bewertbar' },
  },
  en: {
    dossier: 'Decision dossier',
    evaluation: 'Evaluation report',
    educationReport: 'Education report',
    chapterDraft: 'Draft chapter',
    region: 'Region',
    actionField: 'Field of action',
    takenAt: 'As of',
    status: 'Status',
    frozen: 'frozen (unchangeable)',
    draft: 'draft (not frozen)',
    checksum: 'Checksum (SHA-256)',
    question: 'Question',
    goals: 'Goals',
    noGoals: 'No goals are stated.',
    options: 'Options',
    noOptions: 'No options are stated.',
    option: 'Option',
    cost: 'Cost',
    costUnknown: 'not quantified',
    expectedEffect: 'Expected effect',
    notStated: 'not stated',
    indicators: 'Evidence',
    noIndicators: 'No indicators are linked to this mandate.',
    noValues: 'There are no values for this indicator.',
    definition: 'Definition',
    unit: 'Unit',
    source: 'Source',
    target: 'Target',
    values: 'Values',
    decidedAt: 'Decided on',
    decidedPeriod: 'Period of the decision',
    chosenOption: 'Option chosen',
    notDecided: 'not decided yet',
    overview: 'Overview',
    indicator: 'Indicator',
    before: 'Before the decision',
    after: 'After (latest)',
    change: 'Change',
    assessment: 'Assessment',
    targetMet: 'Target met',
    yes: 'yes',
    no: 'no',
    generatedAt: 'Generated on',
    generated: 'generated',
    directions: { improved: 'improved', worsened: 'worsened', unchanged: 'unchanged', unknown: 'cannot be assessed' },
  },
} as const;

const quote = (name: string, lang: ReportLang) => (lang === 'de' ? `„${name}“` : `“${name}”`);

/** The values at both ends of a trend, from the series that shows exactly that change (the total). */
function trendEnds(indicator: Pick<EducationReportIndicator, 'series' | 'trend'>): { from: number; to: number } | null {
  const { trend } = indicator;
  if (!trend) return null;
  for (const series of indicator.series.series) {
    const at = (period: string) => series.points.find((p) => p.period === period && !p.suppressed && p.value !== null)?.value ?? null;
    const from = at(trend.fromPeriod);
    const to = at(trend.toPeriod);
    // The change may come rounded to three places.
    if (from !== null && to !== null && Math.abs(to - from - trend.change) < 1e-3) return { from, to };
  }
  return null;
}

/**
 * The introduction to an indicator in the education report, from its numbers:
 * „Der Indikator „Betreuungsquote unter Dreijähriger“ stieg von 28,1 % (2015) auf 36,4 % (2024), um 8,3 Prozentpunkte.“
 * The name stands in quotes after „Der Indikator“, which is grammatical whatever the name's gender.
 */
export function trendSentence(indicator: Pick<EducationReportIndicator, 'definition' | 'latest' | 'trend' | 'series'>, lang: ReportLang): string {
  const { definition, latest, trend } = indicator;
  const de = lang === 'de';
  const name = quote(definition.name[lang], lang);
  const fmt = (v: number) => formatValue(v, definition.unit, definition.decimals, lang);
  if (!latest) return de ? `Für den Indikator ${name} liegen noch keine Werte vor.` : `There are no values for the indicator ${name} yet.`;
  const latestShown = !latest.suppressed && latest.value !== null;
  const missing = latest.suppressed ? suppressedText(lang) : de ? 'nicht ausgewiesen' : 'not available';
  const sentences: string[] = [];
  if (trend && trend.fromPeriod !== trend.toPeriod) {
    const ends = trendEnds(indicator) ?? (latestShown && latest.period === trend.toPeriod ? { from: latest.value! - trend.change, to: latest.value! } : null);
    const by = formatChange(trend.change, definition.unit, definition.decimals, lang, { signed: false });
    const rose = trend.change > 0;
    const verb = de ? (rose ? 'stieg' : 'sank') : rose ? 'rose' : 'fell';
    const [p1, p2] = [trend.fromPeriod, trend.toPeriod];
    if (isZeroChange(trend.change, definition.decimals)) {
      if (ends)
        sentences.push(
          de ? `Der Indikator ${name} lag ${p1} wie ${p2} bei ${fmt(ends.to)}.` : `The indicator ${name} was ${fmt(ends.to)} in ${p1} as in ${p2}.`,
        );
      else sentences.push(de ? `Der Indikator ${name} blieb von ${p1} bis ${p2} unverändert.` : `The indicator ${name} did not change from ${p1} to ${p2}.`);
    } else if (ends) {
      sentences.push(
        de
          ? `Der Indikator ${name} ${verb} von ${fmt(ends.from)} (${p1}) auf ${fmt(ends.to)} (${p2}), um ${by}.`
          : `The indicator ${name} ${verb} from ${fmt(ends.from)} (${p1}) to ${fmt(ends.to)} (${p2}), by ${by}.`,
      );
    } else {
      sentences.push(de ? `Der Indikator ${name} ${verb} von ${p1} bis ${p2} um ${by}.` : `The indicator ${name} ${verb} by ${by} from ${p1} to ${p2}.`);
    }
    if (!latestShown) sentences.push(de ? `Der jüngste Wert (${latest.period}) ist ${missing}.` : `The latest value (${latest.period}) is ${missing}.`);
  } else if (latestShown) {
    sentences.push(
      de
        ? `Der Indikator ${name} lag zuletzt (${latest.period}) bei ${fmt(latest.value!)}.`
        : `The indicator ${name} was ${fmt(latest.value!)} in ${latest.period} (latest value).`,
    );
  } else {
    sentences.push(
      de
        ? `Der jüngste Wert des Indikators ${name} (${latest.period}) ist ${missing}.`
        : `The latest value of the indicator ${name} (${latest.period}) is ${missing}.`,
    );
  }
  return sentences.join(' ');
}

/** The target as text, `35,0 % (2030)`, or null. */
export function targetText(definition: Pick<IndicatorDefinition, 'target' | 'unit' | 'decimals'>, lang: ReportLang): string | null {
  const { target } = definition;
  if (!target) return null;
  const value = formatValue(target.value, definition.unit, definition.decimals, lang);
  return target.period ? `${value} (${target.period})` : value;
}

/** Before and after a decision in words and numbers, with the assessment and the target. */
export function evaluationSentences(indicator: EvaluationIndicator, lang: ReportLang): string {
  const { definition, before, after, change, direction, targetMet } = indicator;
  const de = lang === 'de';
  // In a sentence a missing number is said in words; tables write a dash.
  const text = (point: typeof before) =>
    point && !point.suppressed && point.value === null
      ? de
        ? 'kein Wert ausgewiesen'
        : 'no value given'
      : pointText(point, definition.unit, definition.decimals, lang);
  const parts = [
    before
      ? de
        ? `Vor der Entscheidung (${before.period}): ${text(before)}.`
        : `Before the decision (${before.period}): ${text(before)}.`
      : de
        ? 'Vor der Entscheidung liegt kein Wert vor.'
        : 'There is no value from before the decision.',
    after
      ? de
        ? `Danach zuletzt (${after.period}): ${text(after)}.`
        : `Latest value after it (${after.period}): ${text(after)}.`
      : de
        ? 'Nach der Entscheidung liegt noch kein Wert vor.'
        : 'There is no value from after the decision yet.',
  ];
  if (change !== null) {
    const signed = formatChange(change, definition.unit, definition.decimals, lang);
    parts.push(de ? `Veränderung: ${signed}.` : `Change: ${signed}.`);
  }
  const word = TEXTS[lang].directions[direction];
  if (direction === 'unknown') {
    parts.push(
      definition.higherIsBetter === null
        ? de
          ? 'Der Indikator beschreibt das Umfeld und wird nicht als besser oder schlechter bewertet.'
          : 'The indicator describes the context and is not judged better or worse.'
        : de
          ? 'Die Entwicklung lässt sich nicht bewerten.'
          : 'The development cannot be assessed.',
    );
  } else parts.push(de ? `Bewertung: ${word}.` : `Assessment: ${word}.`);
  const target = targetText(definition, lang);
  if (target && targetMet !== null) {
    parts.push(
      de ? `Das Ziel von ${target} ist ${targetMet ? 'erreicht' : 'nicht erreicht'}.` : `The target of ${target} is ${targetMet ? 'met' : 'not met'}.`,
    );
  }
  return parts.join(' ');
}
