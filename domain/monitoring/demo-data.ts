import { STANDARD_INDICATORS } from './catalogue';
import type { Breakdown, IndicatorDefinition, IndicatorTarget, ValueStatus } from './types';

/** One demo value, shaped like a parsed value without its file position. */
export interface DemoValue {
  indicatorKey: string;
  period: string;
  breakdown: Breakdown;
  value: number | null;
  status: ValueStatus;
  caseCount: number | null;
}

const FIRST_YEAR = 2015;
const LAST_YEAR = 2024;
export const DEMO_PERIODS: readonly string[] = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => String(FIRST_YEAR + i));

/** The year a Gymnasium had only two leavers without a certificate: the one cell a suppression threshold of 3 hides. */
const SMALL_COUNT_YEAR = 2021;

interface Series {
  /** Levels at anchor years; the years between lie on straight lines. */
  path: Record<number, number>;
  /** Relative distance of each sex from the total: female = total × (1 + spread), male = total × (1 − spread). */
  sexSpread?: number;
  /** Persons in the denominator of a percentage, for caseCount (a district of about 170,000 inhabitants). */
  base?: number;
  /** Factors for single years: the pandemic emptied courses and youth work in 2020/21. */
  shocks?: Partial<Record<number, number>>;
  /** Years with '.': not comparable (microcensus 2020) or not yet published. */
  unknown?: number[];
}

const SERIES: Record<string, Series> = {
  'youth-quotient': { path: { 2015: 31.8, 2019: 30.9, 2024: 31.4 } },
  'sgb2-rate-under-15': { path: { 2015: 14.6, 2021: 12.8, 2023: 14.3, 2024: 14.0 }, sexSpread: 0.01, base: 23_000 },
  'foreign-nationals-share': { path: { 2015: 7.4, 2016: 8.9, 2021: 10.2, 2023: 12.1, 2024: 12.5 }, sexSpread: -0.06, base: 170_000 },
  'u3-childcare-rate': { path: { 2015: 28, 2024: 37 }, base: 4_600 },
  'childcare-rate-3-to-6': { path: { 2015: 93.5, 2024: 91.2 }, base: 4_700 },
  'language-support-need': { path: { 2015: 21.5, 2024: 26 }, sexSpread: -0.11, base: 1_550 },
  'transition-rate-gymnasium': { path: { 2015: 40.5, 2024: 42.5 }, sexSpread: 0.05, base: 1_600 },
  'leavers-without-certificate': { path: { 2015: 6.1, 2024: 6.9 }, sexSpread: -0.2, base: 1_700 },
  'leavers-with-abitur': { path: { 2015: 33.5, 2024: 35.8 }, sexSpread: 0.12, base: 1_700 },
  'all-day-school-share': { path: { 2015: 38, 2024: 52 }, base: 17_000 },
  'inclusion-rate': { path: { 2015: 44, 2024: 58 }, sexSpread: 0.02, base: 900 },
  'apprenticeship-entry-rate': { path: { 2015: 54, 2020: 49.5, 2024: 51 }, sexSpread: -0.23, base: 1_900 },
  'training-contract-termination-rate': { path: { 2015: 25.2, 2024: 29.1 }, sexSpread: 0.04, base: 1_050, unknown: [2024] },
  'transition-system-share': { path: { 2015: 28, 2021: 23, 2024: 25.5 }, sexSpread: -0.12, base: 2_300 },
  'entrance-qualification-rate': { path: { 2015: 46, 2024: 48.5 }, sexSpread: 0.1, base: 1_850 },
  'students-per-1000': { path: { 2015: 13.8, 2024: 16.2 }, sexSpread: -0.03, unknown: [2024] },
  'adult-education-enrolments': { path: { 2015: 94, 2019: 90, 2024: 86 }, sexSpread: 0.52, shocks: { 2020: 0.62, 2021: 0.72, 2022: 0.9 } },
  // A survey estimate: it rests on no case count of the region.
  'further-education-participation': { path: { 2015: 12.6, 2024: 13.4 }, sexSpread: 0.04, unknown: [2020] },
  'library-users-per-1000': { path: { 2015: 88, 2024: 82 }, shocks: { 2020: 0.86, 2021: 0.9 } },
  'music-school-share': { path: { 2015: 7.6, 2024: 8.4 }, base: 31_000, shocks: { 2021: 0.94 } },
  'youth-work-participants': { path: { 2015: 360, 2024: 375 }, sexSpread: -0.08, shocks: { 2020: 0.45, 2021: 0.7 } },
};

/** The count is derived from the rate's cases, so the two indicators never contradict each other. */
const DERIVED_COUNTS: Record<string, string> = { 'leavers-without-certificate-count': 'leavers-without-certificate' };

/** Share of leavers without a certificate by school type; the Förderschule takes the rest. */
const SCHOOL_TYPE_SHARES = { hauptschule: 0.21, realschule: 0.09, gesamtschule: 0.24 } as const;

export const DEMO_TARGETS: Record<string, IndicatorTarget> = {
  'u3-childcare-rate': { value: 40, period: '2027' },
  'leavers-without-certificate': { value: 5, period: '2028' },
  'transition-system-share': { value: 20, period: null },
  'adult-education-enrolments': { value: 100, period: null },
};

/** FNV-1a: a stable 32-bit number from a text. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** mulberry32: small and good enough for demo noise; uniform in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function levelAt(path: Record<number, number>, year: number): number {
  // Integer keys enumerate in ascending order, so the anchors come sorted.
  const anchors = Object.entries(path).map(([anchor, level]) => [Number(anchor), level] as const);
  for (let i = 1; i < anchors.length; i++) {
    const [fromYear, from] = anchors[i - 1]!;
    const [toYear, to] = anchors[i]!;
    if (year <= toYear) return from + ((to - from) * (year - fromYear)) / (toYear - fromYear);
  }
  return anchors[anchors.length - 1]![1];
}

function rounded(indicator: IndicatorDefinition, value: number): number {
  const bounded = indicator.unit === 'percent' ? Math.min(100, Math.max(0, value)) : Math.max(0, value);
  const factor = 10 ** indicator.decimals;
  return Math.round(bounded * factor) / factor;
}

function seriesValues(indicator: IndicatorDefinition, series: Series, seed: string): DemoValue[] {
  // One stream per indicator: adding an indicator does not change the values of the others.
  const next = random(hash(`${seed}|${indicator.key}`));
  const noise = (amplitude: number) => 1 + (next() * 2 - 1) * amplitude;
  const regional = noise(0.04);
  const bySex = series.sexSpread !== undefined && indicator.breakdowns.includes('sex');
  const values: DemoValue[] = [];
  for (const period of DEMO_PERIODS) {
    const year = Number(period);
    const cell = (breakdown: Breakdown, value: number | null, caseCount: number | null): DemoValue => ({
      indicatorKey: indicator.key,
      period,
      breakdown,
      value,
      status: value === null ? 'unknown' : 'value',
      caseCount,
    });
    const sexes = bySex ? (['female', 'male'] as const) : [];
    if (series.unknown?.includes(year)) {
      values.push(cell({}, null, null), ...sexes.map((sex) => cell({ sex }, null, null)));
      continue;
    }
    const total = levelAt(series.path, year) * regional * (series.shocks?.[year] ?? 1) * noise(0.015);
    const cases = (value: number, share: number) => (series.base === undefined ? null : Math.round((value / 100) * series.base * share));
    const sexCells = sexes.map((sex) => {
      const value = rounded(indicator, total * (1 + (sex === 'female' ? 1 : -1) * series.sexSpread!) * noise(0.01));
      return cell({ sex }, value, cases(value, 0.5));
    });
    const totalValue = rounded(indicator, total);
    const totalCases = sexCells.length > 0 && series.base !== undefined ? sexCells.reduce((sum, c) => sum + c.caseCount!, 0) : cases(totalValue, 1);
    values.push(cell({}, totalValue, totalCases), ...sexCells);
  }
  return values;
}

function derivedCounts(indicator: IndicatorDefinition, rateValues: DemoValue[], seed: string): DemoValue[] {
  const next = random(hash(`${seed}|${indicator.key}`));
  return rateValues.flatMap((rate): DemoValue[] => {
    const count = (breakdown: Breakdown, value: number): DemoValue => ({
      ...rate,
      indicatorKey: indicator.key,
      breakdown,
      value,
      status: 'value',
      caseCount: value,
    });
    if (rate.caseCount === null) return [{ ...rate, indicatorKey: indicator.key, value: null, status: 'unknown', caseCount: null }];
    if (rate.breakdown.sex !== undefined) return [count(rate.breakdown, rate.caseCount)];
    const total = rate.caseCount;
    const gymnasium = Number(rate.period) === SMALL_COUNT_YEAR ? 2 : 3 + Math.floor(next() * 4);
    const others = Object.entries(SCHOOL_TYPE_SHARES).map(([schoolType, share]) => count({ schoolType }, Math.round(total * share)));
    const foerderschule = total - gymnasium - others.reduce((sum, c) => sum + c.value!, 0);
    return [count({}, total), count({ schoolType: 'foerderschule' }, foerderschule), ...others, count({ schoolType: 'gymnasium' }, gymnasium)];
  });
}

/**
 * Plausible values of every standard indicator for 2015–2024, for demos and
 * tests: the same seed gives the same values, different seeds give regions
 * that differ a little in level and noise.
 */
export function demoValues(seed: string): DemoValue[] {
  const byIndicator = new Map<string, DemoValue[]>();
  for (const indicator of STANDARD_INDICATORS) {
    const series = SERIES[indicator.key];
    if (series) byIndicator.set(indicator.key, seriesValues(indicator, series, seed));
  }
  return STANDARD_INDICATORS.flatMap((indicator) => {
    const rateKey = DERIVED_COUNTS[indicator.key];
    const values = rateKey === undefined ? byIndicator.get(indicator.key) : derivedCounts(indicator, byIndicator.get(rateKey) ?? [], seed);
    if (values === undefined) throw new Error(`No demo series for the standard indicator ${indicator.key}`);
    return values;
  });
}
