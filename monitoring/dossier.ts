import type { MandateSnapshot } from '../domain/mandate';
import { renderChartSvg } from '../domain/monitoring/charts';
import { comparePeriods } from '../domain/monitoring/values';
import type { ChartInput, DossierContent, IndicatorDefinition, PresentedValue } from '../domain/monitoring/types';
import type { Models } from '../store/models';
import { dossierHash, findDossier, getMonitoringSettings, listIndicators, saveDossier } from '../store/monitoring';
import { categoryLabel, presentedValues, type Lang } from './series';

/** The dossier as it stands now: the mandate's question, goals and options, and the current values of the indicators it names. */
export async function currentDossier(models: Models, mandate: MandateSnapshot, regionName: string, at: string): Promise<DossierContent> {
  const [catalogue, settings] = await Promise.all([listIndicators(models, mandate.regionId), getMonitoringSettings(models, mandate.regionId)]);
  const indicators: DossierContent['indicators'] = [];
  for (const key of mandate.indicators) {
    const definition = catalogue.find((i) => i.key === key);
    if (!definition) continue;
    // The region's own figures: its territory, not every municipality a file may have brought.
    const values = (await presentedValues(models, mandate.regionId, definition)).filter((v) => v.area === settings.defaultArea);
    indicators.push({ definition, values });
  }
  return {
    mandateId: mandate.id,
    regionId: mandate.regionId,
    regionName,
    title: mandate.title,
    actionField: mandate.actionField,
    question: mandate.question,
    goals: [...mandate.goals],
    options: mandate.options.map((o) => ({ id: o.id, title: o.title, description: o.description, cost: o.cost, expectedEffect: o.expectedEffect })),
    indicators,
    takenAt: at,
  };
}

/** Freezes the current dossier for the board; returns its hash (the same content keeps the same hash). */
export async function freezeDossier(models: Models, mandate: MandateSnapshot, regionName: string, at: string): Promise<string> {
  return saveDossier(models, await currentDossier(models, mandate, regionName, at), at);
}

/**
 * The dossier of a mandate: the frozen one once it has gone to the board
 * (the numbers the decision rests on), the current one before.
 */
export async function dossierOf(
  models: Models,
  mandate: MandateSnapshot,
  regionName: string,
  at: string,
): Promise<{ content: DossierContent; hash: string; frozen: boolean }> {
  // Frozen while the board decides on it, and for good once decided; a revision round prepares a new one.
  const hash = mandate.decision?.dossierHash ?? (mandate.phase === 'decision' ? mandate.dossier?.hash : null) ?? null;
  const frozen = hash ? await findDossier(models, hash) : null;
  if (hash && frozen) return { content: frozen, hash, frozen: true };
  const content = await currentDossier(models, mandate, regionName, at);
  return { content, hash: dossierHash(content), frozen: false };
}

/** The chart of one dossier indicator, from the dossier's own numbers (not today's): totals and, where given, categories. */
export function dossierChart(
  definition: IndicatorDefinition,
  values: readonly PresentedValue[],
  lang: Lang,
): { indicatorKey: string; chart: ChartInput; svg: string } {
  const byKey = new Map<string, PresentedValue[]>();
  for (const value of values) byKey.set(value.breakdownKey, [...(byKey.get(value.breakdownKey) ?? []), value]);
  const label = (key: string) =>
    key === 'total'
      ? lang === 'de'
        ? 'insgesamt'
        : 'total'
      : key
          .split(';')
          .map((part) => categoryLabel(part.split('=')[1] ?? part, lang))
          .join(', ');
  const series = [...byKey.entries()]
    .sort(([a], [b]) => (a === 'total' ? -1 : b === 'total' ? 1 : a.localeCompare(b)))
    .map(([key, points]) => ({
      label: label(key),
      points: [...points]
        .sort((a, b) => comparePeriods(a.period, b.period))
        .map((p) => ({ period: p.period, value: p.status === 'value' ? p.value : null, ...(p.suppressed ? { suppressed: true } : {}) })),
    }));
  const target = definition.target ? { value: definition.target.value, label: lang === 'de' ? 'Ziel' : 'Target' } : null;
  const chart: ChartInput = {
    title: definition.name[lang],
    description: `${definition.definition[lang]} ${lang === 'de' ? 'Quelle' : 'Source'}: ${definition.source}.`,
    unit: definition.unit,
    decimals: definition.decimals,
    series,
    target,
    marker: null,
    lang,
  };
  return { indicatorKey: definition.key, chart, svg: renderChartSvg(chart) };
}
