import type { MandateSnapshot } from '../domain/mandate';
import { AREA_NAMES } from '../domain/monitoring/catalogue';
import { comparePeriods, periodYear, targetCheck } from '../domain/monitoring/values';
import type { IndicatorDefinition, MonitoringArea, PresentedValue } from '../domain/monitoring/types';
import { berlinDate } from '../domain/time';
import type { ChangeDirection, EducationReportChapter, EvaluationReport, ReportPoint } from '../reports/types';
import type { Models } from '../store/models';
import { getMonitoringSettings, listIndicators } from '../store/monitoring';
import { indicatorChart, presentedValues, type Lang } from './series';

const point = (value: PresentedValue): ReportPoint => ({
  period: value.period,
  value: value.status === 'value' ? value.value : null,
  suppressed: value.suppressed,
});

/** The region's totals of an indicator in its own area, oldest first. */
async function totals(models: Models, regionId: string, indicator: IndicatorDefinition): Promise<PresentedValue[]> {
  const settings = await getMonitoringSettings(models, regionId);
  return (await presentedValues(models, regionId, indicator))
    .filter((v) => v.breakdownKey === 'total' && v.area === settings.defaultArea)
    .sort((a, b) => comparePeriods(a.period, b.period));
}

function directionOf(indicator: IndicatorDefinition, change: number | null): ChangeDirection {
  if (change === null || indicator.higherIsBetter === null) return 'unknown';
  if (change === 0) return 'unchanged';
  return change > 0 === indicator.higherIsBetter ? 'improved' : 'worsened';
}

/**
 * Before and after a decision, per indicator the mandate names: the last value
 * for a period before the decision's year against the latest for a period from
 * that year on. Suppressed or missing values give no change.
 */
export async function evaluationReport(models: Models, mandate: MandateSnapshot, regionName: string, lang: Lang, at: string): Promise<EvaluationReport> {
  const catalogue = await listIndicators(models, mandate.regionId);
  const decidedAt = mandate.decision?.decidedAt ?? null;
  const decidedYear = decidedAt ? Number(berlinDate(decidedAt).slice(0, 4)) : null;
  const indicators: EvaluationReport['indicators'] = [];
  for (const key of mandate.indicators) {
    const definition = catalogue.find((i) => i.key === key);
    if (!definition) continue;
    const values = await totals(models, mandate.regionId, definition);
    const before = decidedYear === null ? null : values.filter((v) => periodYear(v.period) < decidedYear).at(-1);
    const after = decidedYear === null ? null : values.filter((v) => periodYear(v.period) >= decidedYear).at(-1);
    const known = (v: PresentedValue | null | undefined) => (v && v.status === 'value' && !v.suppressed && v.value !== null ? v.value : null);
    const b = known(before);
    const a = known(after);
    const change = a !== null && b !== null ? Math.round((a - b) * 1000) / 1000 : null;
    const check = after && a !== null ? targetCheck(definition, { ...after, value: a }) : null;
    const marker = decidedYear === null ? null : { period: String(decidedYear), label: lang === 'de' ? 'Beschluss' : 'Decision' };
    const { chart, svg } = await indicatorChart(models, {
      regionId: mandate.regionId,
      regionName,
      indicator: definition,
      dimension: null,
      compare: false,
      lang,
      marker,
    });
    indicators.push({
      definition,
      before: before ? point(before) : null,
      after: after ? point(after) : null,
      change,
      direction: directionOf(definition, change),
      targetMet: check ? !check.missed : null,
      chart,
      svg,
    });
  }
  return {
    regionName,
    mandate: {
      id: mandate.id,
      title: mandate.title,
      question: mandate.question,
      decidedAt,
      decidedPeriod: decidedYear === null ? null : String(decidedYear),
      chosenOption: mandate.decision?.optionTitle ?? null,
    },
    lang,
    indicators,
    generatedAt: at,
  };
}

/** A draft chapter of the education report for one area: every indicator of it with data, its chart, latest value and trend. */
export async function educationReportChapter(
  models: Models,
  regionId: string,
  regionName: string,
  area: MonitoringArea,
  lang: Lang,
  at: string,
): Promise<EducationReportChapter> {
  const catalogue = (await listIndicators(models, regionId)).filter((i) => i.area === area);
  const indicators: EducationReportChapter['indicators'] = [];
  for (const definition of catalogue) {
    const values = await totals(models, regionId, definition);
    if (values.length === 0) continue;
    const shown = values.filter((v) => v.status === 'value' && !v.suppressed && v.value !== null);
    const first = shown[0];
    const last = shown.at(-1);
    const latest = values.at(-1);
    const { chart, svg } = await indicatorChart(models, { regionId, regionName, indicator: definition, dimension: null, compare: false, lang });
    indicators.push({
      definition,
      series: chart,
      svg,
      latest: latest ? point(latest) : null,
      trend:
        first && last && first !== last
          ? { fromPeriod: first.period, toPeriod: last.period, change: Math.round(((last.value as number) - (first.value as number)) * 1000) / 1000 }
          : null,
    });
  }
  return { regionName, area, areaTitle: AREA_NAMES[area][lang], lang, indicators, generatedAt: at };
}
