import { AREA_NAMES } from '../domain/monitoring/catalogue';
import { renderChartSvg } from '../domain/monitoring/charts';
import { comparePeriods, isSuppressed, presentValue } from '../domain/monitoring/values';
import {
  DIMENSIONS,
  type ChartInput,
  type ChartSeries,
  type Dimension,
  type IndicatorDefinition,
  type MonitoringSettings,
  type ValueRecord,
} from '../domain/monitoring/types';
import type { Models } from '../store/models';
import { getMonitoringSettings, loadValues, sharingRegions } from '../store/monitoring';

export type Lang = 'de' | 'en';

const CATEGORY_LABELS: Record<string, { de: string; en: string }> = {
  female: { de: 'weiblich', en: 'female' },
  male: { de: 'männlich', en: 'male' },
  diverse: { de: 'divers', en: 'diverse' },
  german: { de: 'deutsch', en: 'German' },
  foreign: { de: 'ausländisch', en: 'foreign' },
  grundschule: { de: 'Grundschule', en: 'primary school' },
  hauptschule: { de: 'Haupt-/Mittelschule', en: 'Hauptschule' },
  realschule: { de: 'Realschule', en: 'Realschule' },
  gymnasium: { de: 'Gymnasium', en: 'Gymnasium' },
  gesamtschule: { de: 'Gesamtschule', en: 'comprehensive school' },
  foerderschule: { de: 'Förderschule', en: 'special school' },
  'berufliche-schule': { de: 'berufliche Schule', en: 'vocational school' },
};

export const categoryLabel = (category: string, lang: Lang) => CATEGORY_LABELS[category]?.[lang] ?? category;
const TOTAL = { de: 'insgesamt', en: 'total' };

/** A series' points from the current values of one cell pattern; suppressed values become gaps, never numbers. */
function seriesOf(
  label: string,
  values: readonly ValueRecord[],
  indicator: IndicatorDefinition,
  settings: MonitoringSettings,
  match: (value: ValueRecord) => boolean,
): ChartSeries {
  const points = values
    .filter(match)
    .sort((a, b) => comparePeriods(a.period, b.period))
    .map((value) => {
      const suppressed = isSuppressed(value, indicator, settings.suppressionThreshold);
      return { period: value.period, value: suppressed || value.status !== 'value' ? null : value.value, ...(suppressed ? { suppressed } : {}) };
    });
  return { label, points };
}

export interface ChartRequest {
  regionId: string;
  regionName: string;
  indicator: IndicatorDefinition;
  dimension: Dimension | null;
  compare: boolean;
  lang: Lang;
  area?: string;
  marker?: { period: string; label: string } | null;
}

/**
 * The chart of an indicator: the region's total (and, by a dimension, one
 * series per category), its target, and, when asked, the totals of regions
 * that share theirs — only their totals, never their breakdowns.
 */
export async function indicatorChart(models: Models, request: ChartRequest): Promise<{ chart: ChartInput; svg: string }> {
  const { indicator, lang } = request;
  const settings = await getMonitoringSettings(models, request.regionId);
  const area = request.area ?? settings.defaultArea;
  const { current } = await loadValues(models, request.regionId, indicator.key);
  const inArea = current.filter((value) => value.area === area);
  const series: ChartSeries[] = [seriesOf(`${request.regionName}: ${TOTAL[lang]}`, inArea, indicator, settings, (v) => v.breakdownKey === 'total')];
  if (request.dimension && indicator.breakdowns.includes(request.dimension)) {
    const dimension = request.dimension;
    for (const category of DIMENSIONS[dimension]) {
      const one = seriesOf(categoryLabel(category, lang), inArea, indicator, settings, (v) => v.breakdownKey === `${dimension}=${category}`);
      if (one.points.length > 0) series.push(one);
    }
  }
  // Only standard indicators compare: a region's own key means whatever that region defined.
  if (request.compare && !indicator.custom) {
    for (const region of await sharingRegions(models, request.regionId)) {
      const theirs = await getMonitoringSettings(models, region.id);
      const values = (await loadValues(models, region.id, indicator.key)).current.filter((v) => v.area === theirs.defaultArea);
      const one = seriesOf(region.name, values, indicator, theirs, (v) => v.breakdownKey === 'total');
      if (one.points.length > 0) series.push(one);
    }
  }
  const name = indicator.name[lang];
  const periods = series.flatMap((s) => s.points.map((p) => p.period)).sort(comparePeriods);
  const span = periods.length > 0 ? `${periods[0]}–${periods[periods.length - 1]}` : '';
  const description =
    lang === 'de'
      ? `${name} (${AREA_NAMES[indicator.area].de}), ${area}${span ? `, ${span}` : ''}. Quelle: ${indicator.source}.`
      : `${name} (${AREA_NAMES[indicator.area].en}), ${area}${span ? `, ${span}` : ''}. Source: ${indicator.source}.`;
  const target = indicator.target
    ? {
        value: indicator.target.value,
        label:
          lang === 'de'
            ? `Ziel${indicator.target.period ? ` ${indicator.target.period}` : ''}`
            : `Target${indicator.target.period ? ` ${indicator.target.period}` : ''}`,
      }
    : null;
  const chart: ChartInput = {
    title: name,
    description,
    unit: indicator.unit,
    decimals: indicator.decimals,
    series,
    target,
    marker: request.marker ?? null,
    lang,
  };
  return { chart, svg: renderChartSvg(chart) };
}

/** The current values of an indicator as shown (suppressed without their number), for tables, exports and dossiers. */
export async function presentedValues(models: Models, regionId: string, indicator: IndicatorDefinition) {
  const settings = await getMonitoringSettings(models, regionId);
  const { current } = await loadValues(models, regionId, indicator.key);
  return current.map((value) => presentValue(value, indicator, settings));
}
