import fc from 'fast-check';
import { parseOrThrow } from '../fields';
import { ValidationError } from '../errors';
import type { ValueRecord } from './types';
import {
  breakdownKey,
  comparePeriods,
  isSuppressed,
  numberVersions,
  parseBreakdownKey,
  periodSchema,
  targetCheck,
  valueEntrySchema,
  valueErrors,
} from './values';

const record = (overrides: Partial<ValueRecord>): ValueRecord => ({
  id: 'x',
  regionId: 'r',
  indicatorKey: 'k',
  period: '2024',
  breakdown: {},
  breakdownKey: 'total',
  area: 'Kreis',
  version: 0,
  value: 10,
  status: 'value',
  caseCount: null,
  source: 's',
  referenceDate: null,
  territorialStatus: null,
  origin: 'manual',
  enteredBy: { id: 'u', name: 'U' },
  batchId: null,
  fileName: null,
  taskId: null,
  note: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

describe('breakdown keys', () => {
  it('are canonical whatever the order of the dimensions, and parse back', () => {
    expect(breakdownKey({})).toBe('total');
    expect(breakdownKey({ sex: 'female', nationality: 'foreign' })).toBe('sex=female;nationality=foreign');
    expect(breakdownKey({ nationality: 'foreign', sex: 'female' })).toBe(breakdownKey({ sex: 'female', nationality: 'foreign' }));
    expect(parseBreakdownKey('sex=female;nationality=foreign')).toEqual({ sex: 'female', nationality: 'foreign' });
    expect(parseBreakdownKey('sex=unknown')).toBeNull();
    expect(parseBreakdownKey('nationality=foreign;sex=female')).toBeNull();
  });
});

describe('periods', () => {
  it('are years or school years running into the next year', () => {
    expect(periodSchema.safeParse('2024').success).toBe(true);
    expect(periodSchema.safeParse('2024/25').success).toBe(true);
    expect(periodSchema.safeParse('1999/00').success).toBe(true);
    expect(periodSchema.safeParse('2024/26').success).toBe(false);
    expect(periodSchema.safeParse('24').success).toBe(false);
  });

  it('sort by their first year, the year before the school year starting in it', () => {
    expect(['2024/25', '2023', '2024', '2015'].sort(comparePeriods)).toEqual(['2015', '2023', '2024', '2024/25']);
  });
});

describe('small-number suppression', () => {
  it('hides counts from 1 up to below the threshold and rates resting on such counts; never zero, never placeholders', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 10 }), (value, threshold) => {
        const count = isSuppressed(record({ value }), { unit: 'count' }, threshold);
        expect(count).toBe(value > 0 && value < threshold);
        const rate = isSuppressed(record({ value: 50, caseCount: value }), { unit: 'percent' }, threshold);
        expect(rate).toBe(value > 0 && value < threshold);
        expect(isSuppressed(record({ value: null, status: 'secret', caseCount: 1 }), { unit: 'count' }, threshold)).toBe(false);
      }),
    );
  });
});

describe('versions', () => {
  it('are numbered per cell in the order given; the latest of each cell is current', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('2022', '2023', '2024'), { maxLength: 30 }), (periods) => {
        const records = periods.map((period, i) => record({ id: `v${i}`, period, value: i }));
        const { all, current } = numberVersions(records);
        for (const period of new Set(periods)) {
          const versions = all.filter((v) => v.period === period).map((v) => v.version);
          expect(versions).toEqual(versions.map((_, i) => i + 1));
          const last = all.filter((v) => v.period === period).at(-1);
          expect(current.find((v) => v.period === period)).toEqual(last);
        }
        expect(current.map((v) => v.period)).toEqual([...new Set(periods)].sort());
      }),
    );
  });

  it('are kept apart per indicator: the same cell of two indicators is two cells', () => {
    const { current } = numberVersions([
      record({ id: 'a', indicatorKey: 'a' }),
      record({ id: 'b', indicatorKey: 'b' }),
      record({ id: 'a2', indicatorKey: 'a', value: 11 }),
    ]);
    expect(current.map((v) => [v.indicatorKey, v.version, v.value])).toEqual([
      ['a', 2, 11],
      ['b', 1, 10],
    ]);
  });
});

describe('targets', () => {
  it('are missed below when more is better and above when less is better; only totals, only in the target’s period', () => {
    const more = { target: { value: 40, period: null }, higherIsBetter: true };
    const less = { target: { value: 5, period: '2028' }, higherIsBetter: false };
    expect(targetCheck(more, record({ value: 35 }))).toEqual({ missed: true, target: 40 });
    expect(targetCheck(more, record({ value: 45 }))).toEqual({ missed: false, target: 40 });
    expect(targetCheck(more, record({ value: 35, breakdownKey: 'sex=female' }))).toBeNull();
    expect(targetCheck(less, record({ value: 6, period: '2028' }))).toEqual({ missed: true, target: 5 });
    expect(targetCheck(less, record({ value: 6, period: '2027' }))).toBeNull();
    expect(targetCheck({ target: null, higherIsBetter: true }, record({}))).toBeNull();
  });
});

describe('entered values', () => {
  it('need a number unless a placeholder says there is none, and never both', () => {
    const fields = (input: unknown) => {
      try {
        parseOrThrow(valueEntrySchema, input);
        return [];
      } catch (error) {
        return (error as ValidationError).errors.map((e) => `${e.field}:${e.code}`);
      }
    };
    expect(fields({ period: '2024', source: 's', value: 3 })).toEqual([]);
    expect(fields({ period: '2024', source: 's', status: 'unknown' })).toEqual([]);
    expect(fields({ period: '2024', source: 's' })).toEqual(['value:required']);
    expect(fields({ period: '2024', source: 's', status: 'none', value: 0 })).toEqual(['value:not_allowed']);
    expect(fields({ period: '2024', value: 3 })).toEqual(['source:required']);
  });

  it('fit their indicator: no negatives, percentages up to 100, whole counts, only its breakdowns', () => {
    const percent = { unit: 'percent' as const, breakdowns: ['sex' as const] };
    expect(valueErrors(percent, { value: 100 })).toEqual([]);
    expect(valueErrors(percent, { value: 100.1 }).map((e) => e.code)).toEqual(['too_big']);
    expect(valueErrors(percent, { value: -1 }).map((e) => e.code)).toEqual(['too_small']);
    expect(valueErrors({ unit: 'count', breakdowns: [] }, { value: 2.5 }).map((e) => e.code)).toEqual(['invalid_type']);
    expect(valueErrors(percent, { value: 1, breakdown: { schoolType: 'gymnasium' } }).map((e) => e.field)).toEqual(['breakdown.schoolType']);
  });
});
