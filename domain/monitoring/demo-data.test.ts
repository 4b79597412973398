import { STANDARD_INDICATORS, findStandardIndicator } from './catalogue';
import { DEMO_PERIODS, DEMO_TARGETS, demoValues, type DemoValue } from './demo-data';

const values = demoValues('region-hildesheim');
const of = (key: string, breakdown: Record<string, string> = {}) =>
  values.filter((v) => v.indicatorKey === key && JSON.stringify(v.breakdown) === JSON.stringify(breakdown));
const byYear = (cells: DemoValue[]) => new Map(cells.map((v) => [Number(v.period), v.value]));

describe('demoValues', () => {
  it('when called twice with the same seed, then the values are identical; another seed gives another region', () => {
    expect(demoValues('region-hildesheim')).toEqual(values);
    const other = demoValues('region-stade');
    expect(other.length).toBe(values.length);
    expect(other.map((v) => v.value)).not.toEqual(values.map((v) => v.value));
  });

  it('when generated, then every standard indicator has a total for each of the ten years 2015–2024', () => {
    expect(DEMO_PERIODS).toEqual(['2015', '2016', '2017', '2018', '2019', '2020', '2021', '2022', '2023', '2024']);
    for (const indicator of STANDARD_INDICATORS) expect(of(indicator.key).map((v) => v.period)).toEqual(DEMO_PERIODS);
    expect(values.every((v) => findStandardIndicator(v.indicatorKey) !== undefined)).toBe(true);
  });

  it('when an indicator is broken down by sex, then female and male come with each year; the others have no sex cells', () => {
    for (const indicator of STANDARD_INDICATORS) {
      const expected = indicator.breakdowns.includes('sex') ? DEMO_PERIODS : [];
      expect(of(indicator.key, { sex: 'female' }).map((v) => v.period)).toEqual(expected);
      expect(of(indicator.key, { sex: 'male' }).map((v) => v.period)).toEqual(expected);
    }
  });

  it('when values are numbers, then percentages lie in 0–100, nothing is negative and decimals match the definition', () => {
    for (const v of values.filter((v) => v.status === 'value')) {
      const indicator = findStandardIndicator(v.indicatorKey)!;
      expect(v.value).not.toBeNull();
      expect(v.value!).toBeGreaterThanOrEqual(0);
      if (indicator.unit === 'percent') expect(v.value!).toBeLessThanOrEqual(100);
      expect(Math.round(v.value! * 10 ** indicator.decimals) / 10 ** indicator.decimals).toBe(v.value);
    }
  });

  it('when a few values are not known, then they carry "." status without number or cases', () => {
    const unknownTotals = values.filter((v) => v.status === 'unknown' && Object.keys(v.breakdown).length === 0);
    expect(unknownTotals.length).toBeGreaterThanOrEqual(1);
    expect(unknownTotals.length).toBeLessThanOrEqual(5);
    expect(values.filter((v) => v.status === 'unknown').every((v) => v.value === null && v.caseCount === null)).toBe(true);
    expect(values.every((v) => v.status === 'value' || v.status === 'unknown')).toBe(true);
  });

  it('when a count falls below the suppression threshold, then exactly one cell holds a 2, and the school types add up to the total', () => {
    const small = values.filter((v) => findStandardIndicator(v.indicatorKey)!.unit === 'count' && v.value !== null && v.value < 3);
    expect(small).toEqual([
      { indicatorKey: 'leavers-without-certificate-count', period: '2021', breakdown: { schoolType: 'gymnasium' }, value: 2, status: 'value', caseCount: 2 },
    ]);
    for (const period of DEMO_PERIODS) {
      const cells = values.filter((v) => v.indicatorKey === 'leavers-without-certificate-count' && v.period === period);
      const total = cells.find((v) => Object.keys(v.breakdown).length === 0)!.value!;
      const sum = (dimension: string) => cells.filter((v) => dimension in v.breakdown).reduce((s, v) => s + v.value!, 0);
      expect(sum('schoolType')).toBe(total);
      expect(sum('sex')).toBe(total);
      expect(of('leavers-without-certificate').find((v) => v.period === period)!.caseCount).toBe(total);
    }
  });

  it('when read as series, then levels and trends are those of a typical district', () => {
    const u3 = byYear(of('u3-childcare-rate'));
    expect(u3.get(2015)!).toBeGreaterThan(25);
    expect(u3.get(2015)!).toBeLessThan(31);
    expect(u3.get(2024)!).toBeGreaterThan(34);
    expect(u3.get(2024)!).toBeLessThan(40);
    for (const v of of('leavers-without-certificate')) {
      expect(v.value!).toBeGreaterThan(5.5);
      expect(v.value!).toBeLessThan(7.5);
    }
    const vhs = byYear(of('adult-education-enrolments'));
    for (const year of [2015, 2016, 2017, 2018, 2019, 2023, 2024]) {
      expect(vhs.get(year)!).toBeGreaterThanOrEqual(80);
      expect(vhs.get(year)!).toBeLessThanOrEqual(100);
    }
    expect(vhs.get(2020)!).toBeLessThan(vhs.get(2019)!);
    const [female, male] = [of('leavers-with-abitur', { sex: 'female' }), of('leavers-with-abitur', { sex: 'male' })];
    expect(female.every((v, i) => v.value! > male[i]!.value!)).toBe(true);
  });
});

describe('DEMO_TARGETS', () => {
  it('when set, then they name three or four standard indicators with plausible values', () => {
    const keys = Object.keys(DEMO_TARGETS);
    expect(keys.length).toBeGreaterThanOrEqual(3);
    expect(keys.length).toBeLessThanOrEqual(4);
    for (const key of keys) {
      const indicator = findStandardIndicator(key)!;
      expect(indicator).toBeDefined();
      if (indicator.unit === 'percent') expect(DEMO_TARGETS[key]!.value).toBeLessThanOrEqual(100);
      expect(DEMO_TARGETS[key]!.period === null || /^\d{4}$/.test(DEMO_TARGETS[key]!.period!)).toBe(true);
    }
  });
});
