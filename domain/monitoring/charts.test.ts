import { chartPeriods, chartTable, escapeXml, formatChange, formatValue, renderChartSvg, SERIES_STYLES, TEXT_COLOR, valueScale } from './charts';
import type { ChartInput, ChartSeries } from './types';

const YEARS = Array.from({ length: 10 }, (_, i) => String(2015 + i));

function chart(overrides: Partial<ChartInput> = {}): ChartInput {
  return {
    title: 'Betreuungsquote unter Dreijähriger',
    description: 'Anteil der Kinder unter drei Jahren in Kindertagesbetreuung, Landkreis Musterstadt.',
    unit: 'percent',
    decimals: 1,
    series: [{ label: 'Insgesamt', points: YEARS.map((period, i) => ({ period, value: 28.1 + i })) }],
    target: null,
    marker: null,
    lang: 'de',
    ...overrides,
  };
}

const count = (svg: string, pattern: RegExp) => (svg.match(new RegExp(pattern.source, 'g')) ?? []).length;
const seriesLines = (svg: string, index: number) => count(svg, new RegExp(`<polyline class="series-line" data-series="${index}"`));
const seriesMarkers = (svg: string, index: number) => count(svg, new RegExp(`class="series-marker" data-series="${index}"`));

/** Every tag closed in order and no raw `<` or `&` in text: the SVG is well-formed XML. */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const [tag, close, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)(?:\s[^<>]*?)?(\/?)>/g)) {
    if (selfClosing) continue;
    if (close) expect(`${stack.pop()}`).toBe(name);
    else stack.push(name!);
    expect(tag).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
  }
  expect(stack).toEqual([]);
  expect(svg.replace(/<[^<>]*>/g, '')).not.toMatch(/[<>]|&(?!amp;|lt;|gt;|quot;|apos;)/);
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrastOnWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

describe('formatValue', () => {
  it('when the language is German, then decimals take a comma, thousands a point and the unit a no-break space', () => {
    expect(formatValue(12.5, 'percent', 1, 'de')).toBe('12,5\u00a0%');
    expect(formatValue(1234567, 'count', 0, 'de')).toBe('1.234.567');
    expect(formatValue(1234.5, 'euro', 2, 'de')).toBe('1.234,50\u00a0€');
    expect(formatValue(4.25, 'per-1000', 1, 'de')).toBe('4,3\u00a0‰');
    expect(formatValue(0.8, 'ratio', 2, 'de')).toBe('0,80');
  });

  it('when the language is English, then the notation is English', () => {
    expect(formatValue(12.5, 'percent', 1, 'en')).toBe('12.5%');
    expect(formatValue(1234567, 'count', 0, 'en')).toBe('1,234,567');
    expect(formatValue(-1234.5, 'euro', 0, 'en')).toBe('-€1,235');
  });

  it('when a value lies on a half, then it is rounded away from zero despite binary fractions', () => {
    expect(formatValue(1.005, 'ratio', 2, 'de')).toBe('1,01');
    expect(formatValue(-2.5, 'count', 0, 'de')).toBe('-3');
    expect(formatValue(-0.04, 'percent', 1, 'de')).toBe('0,0\u00a0%');
  });

  it('when there is no value, then it is a dash', () => {
    expect(formatValue(null, 'percent', 1, 'de')).toBe('–');
    expect(formatValue(Number.NaN, 'count', 0, 'en')).toBe('–');
  });

  it('when a change of a percentage is written, then it is in percentage points and signed', () => {
    expect(formatChange(8.3, 'percent', 1, 'de')).toBe('+8,3 Prozentpunkte');
    expect(formatChange(-1.25, 'percent', 1, 'en')).toBe('-1.3 percentage points');
    expect(formatChange(-120, 'count', 0, 'de')).toBe('-120');
    expect(formatChange(0.01, 'count', 0, 'de')).toBe('±0');
  });
});

describe('valueScale', () => {
  it('when data and target are given, then the axis starts at 0 and ends at the next nice tick above both', () => {
    const scale = valueScale([28.1, 36.4, 40.5], 'percent');
    expect(scale.ticks[0]).toBe(0);
    expect(scale.max).toBeGreaterThanOrEqual(40.5);
    expect(scale.ticks).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('when percentages come close to 100, then the axis stops at 100', () => {
    expect(valueScale([97.2], 'percent').max).toBe(100);
    expect(valueScale([97.2], 'percent').ticks.at(-1)).toBe(100);
  });

  it('when counts are small, then the ticks are whole numbers', () => {
    expect(valueScale([0, 2, 3], 'count').ticks.every(Number.isInteger)).toBe(true);
    expect(valueScale([0], 'count')).toMatchObject({ min: 0, max: 1 });
  });

  it('when values are negative, then the axis reaches below zero', () => {
    const scale = valueScale([-12, 30], 'ratio');
    expect(scale.min).toBeLessThanOrEqual(-12);
    expect(scale.ticks).toContain(0);
  });
});

describe('renderChartSvg', () => {
  it('when rendered, then it is well-formed, scales, and is labelled by its title and description', () => {
    const svg = renderChartSvg(chart());
    assertWellFormed(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 640 \d+" width="100%" role="img"/);
    const [, id] = /aria-labelledby="([\w-]+)-title \1-desc"/.exec(svg)!;
    expect(svg).toContain(`<title id="${id}-title">Betreuungsquote unter Dreijähriger</title>`);
    expect(svg).toMatch(
      new RegExp(`<desc id="${id}-desc">Anteil der Kinder unter drei Jahren[^<]*Insgesamt: 28,1\u00a0% \\(2015\\) bis 37,1\u00a0% \\(2024\\)`),
    );
    expect(count(svg, /<title /)).toBe(1);
  });

  it('when there are several series, then each has one line, its own dash, its own marker and a legend entry', () => {
    const series: ChartSeries[] = ['weiblich', 'männlich', 'divers'].map((label, s) => ({
      label,
      points: YEARS.map((period, i) => ({ period, value: 20 + s * 5 + i })),
    }));
    const svg = renderChartSvg(chart({ series }));
    for (const index of [0, 1, 2]) {
      expect(seriesLines(svg, index)).toBe(1);
      expect(seriesMarkers(svg, index)).toBe(YEARS.length);
      expect(count(svg, new RegExp(`class="legend-line" data-series="${index}"`))).toBe(1);
    }
    const dashes = [0, 1, 2].map(
      (i) => /stroke-dasharray="([^"]+)"/.exec(svg.match(new RegExp(`<polyline class="series-line" data-series="${i}"[^>]*>`))![0])?.[1] ?? 'solid',
    );
    expect(new Set(dashes).size).toBe(3);
    expect(svg).toContain('>männlich</text>');
  });

  it('when a value is suppressed or missing, then the line breaks there and no point is drawn for it', () => {
    const points = YEARS.map((period, i) => ({ period, value: i === 4 ? 1.7 : 30 + i, suppressed: i === 4 }));
    const svg = renderChartSvg(
      chart({
        series: [
          { label: 'Insgesamt', points },
          { label: 'weiblich', points: YEARS.map((period, i) => ({ period, value: i === 7 ? null : 25 + i })) },
        ],
      }),
    );
    expect(seriesLines(svg, 0)).toBe(2);
    expect(seriesMarkers(svg, 0)).toBe(YEARS.length - 1);
    expect(seriesLines(svg, 1)).toBe(2);
    expect(svg).not.toContain('1,7');
    expect(svg).toContain('Lücken in einer Linie');
  });

  it('when a single value stands between two gaps, then it is a marker without a line', () => {
    const points = [
      { period: '2015', value: 10 },
      { period: '2016', value: null },
      { period: '2017', value: 12 },
      { period: '2018', value: null },
    ];
    const svg = renderChartSvg(chart({ series: [{ label: 'Insgesamt', points }] }));
    expect(seriesLines(svg, 0)).toBe(0);
    expect(seriesMarkers(svg, 0)).toBe(2);
  });

  it('when there is a target, then a labelled line is drawn at its value on the axis', () => {
    const svg = renderChartSvg(
      chart({
        target: { value: 20, label: 'Ziel 2030' },
        series: [
          {
            label: 'Insgesamt',
            points: [
              { period: '2015', value: 12 },
              { period: '2024', value: 38 },
            ],
          },
        ],
      }),
    );
    const targetY = Number(/<line class="target-line" x1="[\d.]+" y1="([\d.]+)"/.exec(svg)![1]);
    const tickY = Number(/<text x="[\d.]+" y="([\d.]+)"[^>]*>20\u00a0%<\/text>/.exec(svg)![1]);
    expect(targetY).toBeCloseTo(tickY - 5, 1);
    expect(svg).toContain('>Ziel 2030: 20,0\u00a0%</text>');
    expect(svg).toMatch(/<desc [^>]*>[^<]*Zielwert: Ziel 2030 20,0\u00a0%\./);
  });

  it('when there is a decision marker, then a labelled vertical line stands at its period', () => {
    const svg = renderChartSvg(chart({ marker: { period: '2020', label: 'Beschluss Kita-Ausbau' } }));
    const markerX = Number(/<line class="decision-marker" x1="([\d.]+)"/.exec(svg)![1]);
    const labelX = Number(/<text x="([\d.]+)" y="[\d.]+"[^>]*>2020<\/text>/.exec(svg)![1]);
    expect(markerX).toBe(labelX);
    expect(svg).toContain('>Beschluss Kita-Ausbau</text>');
  });

  it('when the decision year is not a period of school-year data, then the marker stands at the first school year from it on', () => {
    const points = ['2020/21', '2021/22', '2022/23', '2023/24'].map((period, i) => ({ period, value: 8 - i }));
    const svg = renderChartSvg(chart({ series: [{ label: 'Insgesamt', points }], marker: { period: '2022', label: 'Beschluss' } }));
    const labelX = (period: string) => Number(new RegExp(`<text x="([\\d.]+)" y="[\\d.]+"[^>]*>${period}</text>`).exec(svg)![1]);
    const markerX = Number(/<line class="decision-marker" x1="([\d.]+)"/.exec(svg)![1]);
    expect(markerX).toBe(labelX('2022/23'));
    expect(svg).not.toMatch(/>2022<\/text>/);
  });

  it('when the decision year lies beyond the data, then the axis reaches out to it', () => {
    const points = ['2019', '2020', '2021'].map((period, i) => ({ period, value: 10 + i }));
    const svg = renderChartSvg(chart({ series: [{ label: 'Insgesamt', points }], marker: { period: '2023', label: 'Beschluss' } }));
    const markerX = Number(/<line class="decision-marker" x1="([\d.]+)"/.exec(svg)![1]);
    const lastX = Number(/<text x="([\d.]+)" y="[\d.]+"[^>]*>2021<\/text>/.exec(svg)![1]);
    expect(markerX).toBeGreaterThan(lastX);
  });

  it('when texts contain markup characters, then they are escaped everywhere', () => {
    const evil = 'A <b>&"quoted"</b>';
    const svg = renderChartSvg(
      chart({ title: evil, description: evil, series: [{ label: evil, points: [{ period: '2024', value: 1 }] }], target: { value: 2, label: evil } }),
    );
    assertWellFormed(svg);
    expect(svg).not.toContain('<b>');
    expect(svg).toContain(escapeXml(evil));
    expect(escapeXml(evil)).toBe('A &lt;b&gt;&amp;&quot;quoted&quot;&lt;/b&gt;');
  });

  it('when two charts differ, then their ids differ; the same chart keeps its ids; a given prefix is used', () => {
    const idOf = (svg: string) => /<title id="([^"]+)"/.exec(svg)![1];
    const a = renderChartSvg(chart());
    const b = renderChartSvg(chart({ title: 'Übergangsquote auf das Gymnasium' }));
    const c = renderChartSvg(chart({ series: [{ label: 'weiblich', points: [{ period: '2024', value: 3 }] }] }));
    expect(new Set([idOf(a), idOf(b), idOf(c)]).size).toBe(3);
    expect(idOf(renderChartSvg(chart()))).toBe(idOf(a));
    expect(idOf(renderChartSvg(chart(), { idPrefix: 'u3 chart!' }))).toBe('u3chart-title');
    expect(idOf(renderChartSvg(chart(), { idPrefix: '42' }))).toBe('c42-title');
  });

  it('when periods are school years or mixed, then they are in time order by their first year', () => {
    const points = ['2024/25', '2023', '2023/24', '2024', '2022/23'].map((period, i) => ({ period, value: i }));
    expect(chartPeriods({ series: [{ label: 'x', points }] })).toEqual(['2022/23', '2023', '2023/24', '2024', '2024/25']);
    const svg = renderChartSvg(chart({ series: [{ label: 'x', points }] }));
    const labels = [...svg.matchAll(/>(\d{4}(?:\/\d{2})?)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(['2022/23', '2023', '2023/24', '2024', '2024/25']);
  });

  it('when there are many periods, then labels are thinned but the latest is always labelled', () => {
    const periods = Array.from({ length: 30 }, (_, i) => `${1995 + i}/${String((96 + i) % 100).padStart(2, '0')}`);
    const svg = renderChartSvg(chart({ series: [{ label: 'x', points: periods.map((period, i) => ({ period, value: i })) }] }));
    const labels = [...svg.matchAll(/>(\d{4}\/\d{2})<\/text>/g)].map((m) => m[1]);
    expect(labels.length).toBeLessThan(periods.length);
    expect(labels.at(-1)).toBe('2024/25');
  });

  it('when the language is English, then numbers and notes are English', () => {
    const svg = renderChartSvg(
      chart({
        lang: 'en',
        series: [
          {
            label: 'Total',
            points: [
              { period: '2015', value: 12.5 },
              { period: '2016', value: null, suppressed: true },
            ],
          },
        ],
      }),
    );
    expect(svg).toContain('Total: 12.5% (2015).');
    expect(svg).toContain('Gaps in a line');
  });

  it('when there are no points, then it says so instead of breaking', () => {
    for (const [input, message] of [
      [chart({ series: [] }), 'Keine Daten vorhanden'],
      [chart({ series: [{ label: 'Insgesamt', points: [] }] }), 'Keine Daten vorhanden'],
      [chart({ series: [{ label: 'Insgesamt', points: [{ period: '2024', value: 2, suppressed: true }] }] }), 'Keine darstellbaren Werte'],
      [chart({ lang: 'en', series: [] }), 'No data available'],
    ] as const) {
      const svg = renderChartSvg(input);
      assertWellFormed(svg);
      expect(svg).toContain(message);
      expect(svg).toMatch(/role="img" aria-labelledby="[\w-]+-title [\w-]+-desc"/);
      expect(svg).toContain('<title id=');
      expect(svg).not.toContain('<polyline');
    }
  });

  it('when checked against white, then text has 4.5:1 and every series colour at least 3:1', () => {
    expect(contrastOnWhite(TEXT_COLOR)).toBeGreaterThanOrEqual(4.5);
    for (const style of SERIES_STYLES) expect(contrastOnWhite(style.color)).toBeGreaterThanOrEqual(3);
    const fills = [...renderChartSvg(chart()).matchAll(/<text [^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]!);
    expect(fills.length).toBeGreaterThan(0);
    for (const fill of fills) expect(contrastOnWhite(fill)).toBeGreaterThanOrEqual(4.5);
  });

  it('when series are told apart, then no two styles share both dash and marker', () => {
    const keys = SERIES_STYLES.map((s) => `${s.dash}|${s.marker}`);
    expect(new Set(keys).size).toBe(SERIES_STYLES.length);
    expect(new Set(SERIES_STYLES.map((s) => s.marker)).size).toBe(SERIES_STYLES.length);
  });
});

describe('chartTable', () => {
  it('when built, then there is one row per period and suppressed or missing cells are written out', () => {
    const input = chart({
      series: [
        { label: 'Insgesamt', points: YEARS.map((period, i) => ({ period, value: i === 2 ? 1.7 : 28.1 + i, suppressed: i === 2 })) },
        { label: 'weiblich', points: YEARS.slice(0, 5).map((period) => ({ period, value: 30 })) },
      ],
    });
    const table = chartTable(input);
    expect(table.caption).toBe('Betreuungsquote unter Dreijähriger');
    expect(table.columns).toEqual(['Jahr', 'Insgesamt', 'weiblich']);
    expect(table.rows.map((r) => r.period)).toEqual(YEARS);
    expect(table.rows[0]!.cells).toEqual(['28,1\u00a0%', '30,0\u00a0%']);
    expect(table.rows[2]!.cells[0]).toBe('gesperrt (kleine Fallzahl)');
    expect(table.rows[9]!.cells).toEqual(['37,1\u00a0%', '–']);
    expect(JSON.stringify(table)).not.toContain('1,7');
  });

  it('when English and school years, then the wording follows', () => {
    const table = chartTable(chart({ lang: 'en', series: [{ label: 'Total', points: [{ period: '2024/25', value: null, suppressed: true }] }] }));
    expect(table.columns).toEqual(['School year', 'Total']);
    expect(table.rows).toEqual([{ period: '2024/25', cells: ['suppressed (small numbers)'] }]);
  });
});
