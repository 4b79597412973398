import type { ChartInput, Unit } from './types';
import { comparePeriods, periodYear } from './values';

// The two axes of a time-series chart: periods across, values up.

/** All periods of all series, in time order. */
export function chartPeriods(input: Pick<ChartInput, 'series'>): string[] {
  return [...new Set(input.series.flatMap((s) => s.points.map((p) => p.period)))].sort(comparePeriods);
}

/**
 * Where the periods and the marker sit on the x axis. Years and school years
 * are placed by their first year, so a missing year shows as a wider step,
 * and the axis reaches out to a decision year beyond the data. A marker
 * stands at its year: the first period from it on, which is where the
 * evaluation divides before from after (`2022` among school years: at
 * `2022/23`). Periods that share a first year are spaced evenly instead.
 */
export function periodAxis(periods: readonly string[], marker: string | null, from: number, width: number): { x: Map<string, number>; markerX: number | null } {
  const years = periods.map(periodYear);
  const markerYear = marker === null ? Number.NaN : periodYear(marker);
  const byYear = years.every(Number.isFinite) && new Set(years).size === years.length;
  const positions = byYear ? years : periods.map((_, i) => i);
  const reach = byYear && Number.isFinite(markerYear) ? [...positions, markerYear] : positions;
  const low = Math.min(...reach);
  const span = Math.max(...reach) - low;
  const at = (position: number) => (span === 0 ? from + width / 2 : from + ((position - low) / span) * width);
  const x = new Map(periods.map((period, i) => [period, at(positions[i]!)]));
  if (marker === null) return { x, markerX: null };
  if (x.has(marker)) return { x, markerX: x.get(marker)! };
  if (byYear && Number.isFinite(markerYear)) return { x, markerX: at(markerYear) };
  const after = years.findIndex((year) => year >= markerYear);
  const last = years.filter((year) => year < markerYear).length - 1;
  const index = after >= 0 ? after : last;
  return { x, markerX: index >= 0 ? at(positions[index]!) : null };
}

export interface Scale {
  min: number;
  max: number;
  ticks: number[];
  tickDecimals: number;
}

/** A y scale from 0 (or below, for negative values) up to the next nice tick above the data and the target. */
export function valueScale(values: readonly number[], unit: Unit): Scale {
  const low = Math.min(0, ...values);
  let high = Math.max(0, ...values);
  if (high === low) high = low + (unit === 'percent' ? 10 : 1);
  const rough = (high - low) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const f = rough / magnitude;
  let step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * magnitude;
  // Counts of people come in whole numbers.
  if (unit === 'count' && !Number.isInteger(step)) step = Math.ceil(step);
  let tickDecimals = 0;
  while (tickDecimals < 6 && Math.abs(Math.round(step * 10 ** tickDecimals) - step * 10 ** tickDecimals) > 1e-6) tickDecimals++;
  const min = Math.floor(low / step + 1e-9) * step;
  let max = Math.ceil(high / step - 1e-9) * step;
  // A share cannot exceed 100 %, so the axis does not either unless the data does.
  if (unit === 'percent' && max > 100 && high <= 100) max = 100;
  const ticks: number[] = [];
  for (let i = 0; min + i * step <= max + step * 1e-6; i++) ticks.push(Number((min + i * step).toFixed(tickDecimals)));
  if (ticks[ticks.length - 1]! < max) ticks.push(max);
  return { min, max, ticks, tickDecimals };
}
