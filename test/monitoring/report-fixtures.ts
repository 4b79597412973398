import { createHash } from 'node:crypto';
import { renderChartSvg } from '../../domain/monitoring/charts';
import type { ChartInput, DossierContent, IndicatorDefinition, PresentedValue } from '../../domain/monitoring/types';
import type { EducationReportChapter, EvaluationReport } from '../../reports/types';

/** Realistic data of a fictional district for the report tests: 2015–2024, one suppressed cell. */
export const REGION = 'Landkreis Großenhain-Süd';
export const YEARS = Array.from({ length: 10 }, (_, i) => String(2015 + i));
export const U3_RATES = [28.1, 29.0, 30.2, 31.0, 31.9, 32.5, 33.4, 34.6, 35.2, 36.4];
/** The foreign children's rate of 2019 rests on too few cases: it must never be printed. */
export const SUPPRESSED_RATE = 1.7;
export const SUPPRESSED_YEAR = '2019';

export const u3Rate: IndicatorDefinition = {
  key: 'u3-childcare-rate',
  area: 'early-childhood',
  name: { de: 'Betreuungsquote unter Dreijähriger', en: 'Childcare rate of children under three' },
  definition: {
    de: 'Anteil der Kinder unter drei Jahren in Kindertageseinrichtungen oder öffentlich geförderter Kindertagespflege an allen Kindern dieses Alters.',
    en: 'Share of children under three in day care centres or publicly funded childminding among all children of that age.',
  },
  unit: 'percent',
  decimals: 1,
  source: 'Statistisches Landesamt, Kinder- und Jugendhilfestatistik',
  breakdowns: ['nationality'],
  higherIsBetter: true,
  custom: false,
  target: { value: 40, period: '2030' },
};

export const leavers: IndicatorDefinition = {
  key: 'leavers-without-certificate',
  area: 'general-schools',
  name: { de: 'Schulabgänge ohne Ersten Schulabschluss', en: 'School leavers without a first school certificate' },
  definition: {
    de: 'Anteil der Abgänge ohne Ersten Schulabschluss an allen Schulabgängen.',
    en: 'Share of leavers without a first certificate among all leavers.',
  },
  unit: 'percent',
  decimals: 1,
  source: 'Statistisches Landesamt, Schulstatistik',
  breakdowns: ['sex'],
  higherIsBetter: false,
  custom: false,
  target: { value: 5, period: null },
};

export const places: IndicatorDefinition = {
  key: 'childcare-places',
  area: 'early-childhood',
  name: { de: 'Genehmigte Plätze in Kindertageseinrichtungen', en: 'Approved places in day care centres' },
  definition: { de: 'Zahl der genehmigten Plätze zum Stichtag 1. März.', en: 'Approved places on 1 March.' },
  unit: 'count',
  decimals: 0,
  source: 'Statistisches Landesamt',
  breakdowns: [],
  higherIsBetter: null,
  custom: true,
  target: null,
};

function presented(period: string, value: number | null, breakdown: PresentedValue['breakdown'] = {}, suppressed = false): PresentedValue {
  const breakdownKey = breakdown.nationality ? `nationality=${breakdown.nationality}` : 'total';
  return {
    period,
    breakdownKey,
    breakdown,
    area: 'Kreis',
    version: 1,
    value,
    status: 'value',
    suppressed,
    source: u3Rate.source,
    referenceDate: `${period}-03-01`,
  };
}

export const u3Values: PresentedValue[] = [
  ...YEARS.map((period, i) => presented(period, U3_RATES[i]!)),
  // Defensive: the suppressed cell still carries its number here, which no report may print.
  ...YEARS.map((period, i) =>
    period === SUPPRESSED_YEAR
      ? presented(period, SUPPRESSED_RATE, { nationality: 'foreign' }, true)
      : presented(period, 12 + i * 1.5, { nationality: 'foreign' }),
  ),
  { ...presented('2024', null, { nationality: 'german' }), status: 'unknown' },
];

export function u3Chart(lang: 'de' | 'en' = 'de', marker: ChartInput['marker'] = null): ChartInput {
  return {
    title: u3Rate.name[lang],
    description:
      lang === 'de'
        ? `Anteil der Kinder unter drei Jahren in Betreuung, ${REGION}, 2015–2024.`
        : `Share of children under three in day care, ${REGION}, 2015–2024.`,
    unit: 'percent',
    decimals: 1,
    series: [
      { label: lang === 'de' ? 'Insgesamt' : 'Total', points: YEARS.map((period, i) => ({ period, value: U3_RATES[i]! })) },
      {
        label: lang === 'de' ? 'ausländisch' : 'foreign',
        points: YEARS.map((period, i) => (period === SUPPRESSED_YEAR ? { period, value: null, suppressed: true } : { period, value: 12 + i * 1.5 })),
      },
    ],
    target: { value: 40, label: lang === 'de' ? 'Ziel 2030' : 'Target 2030' },
    marker,
    lang,
  };
}

export const LEAVER_YEARS = ['2018/19', '2019/20', '2020/21', '2021/22', '2022/23', '2023/24'];
export const LEAVER_RATES = [8.4, 8.1, 7.6, 7.9, 6.8, 6.2];
/** The school year 2021/22 rests on too few leavers: suppressed. */
export const SUPPRESSED_SCHOOL_YEAR = '2021/22';

export function leaversChart(lang: 'de' | 'en' = 'de', marker: ChartInput['marker'] = null): ChartInput {
  return {
    title: leavers.name[lang],
    description: lang === 'de' ? 'Anteil an allen Schulabgängen je Schuljahr.' : 'Share of all school leavers per school year.',
    unit: 'percent',
    decimals: 1,
    series: [
      {
        label: lang === 'de' ? 'Insgesamt' : 'Total',
        points: LEAVER_YEARS.map((period, i) =>
          period === SUPPRESSED_SCHOOL_YEAR ? { period, value: null, suppressed: true } : { period, value: LEAVER_RATES[i]! },
        ),
      },
    ],
    target: { value: 5, label: lang === 'de' ? 'Ziel' : 'Target' },
    marker,
    lang,
  };
}

export const dossierContent: DossierContent = {
  mandateId: 'm-kita-2024',
  regionId: 'grossenhain',
  regionName: REGION,
  title: 'Ausbau der frühkindlichen Bildung – „Kita für alle“',
  actionField: 'Frühe Bildung & Übergänge',
  question: 'Wie erfüllen wir den Rechtsanspruch nach § 24 SGB VIII bis 2030 für alle Kinder unter drei Jahren?',
  goals: ['Betreuungsquote U3 auf 40 % steigern', 'Wartezeiten für Familien mit Migrationsgeschichte verkürzen', 'Fachkräfte gewinnen & halten'],
  options: [
    {
      id: 'o1',
      title: 'Neubau von drei Kitas in Großenhain',
      description: 'Drei Einrichtungen mit je 60 Plätzen, Bauzeit zwei Jahre.',
      cost: 1250000,
      expectedEffect: '+180 Plätze bis 2027',
    },
    { id: 'o2', title: 'Kindertagespflege stärken', description: 'Zuschüsse für 25 neue Tagespflegepersonen.', cost: 480000.5, expectedEffect: null },
    { id: 'o3', title: 'Keine zusätzliche Maßnahme', description: 'Beobachten, wie sich der Bedarf entwickelt.', cost: null, expectedEffect: null },
  ],
  indicators: [{ definition: u3Rate, values: u3Values }],
  takenAt: '2024-05-14T08:30:00.000Z',
};

export const dossierHash = createHash('sha256').update(JSON.stringify(dossierContent)).digest('hex');

export function evaluationReport(lang: 'de' | 'en' = 'de'): EvaluationReport {
  const marker = { period: '2022', label: lang === 'de' ? 'Beschluss' : 'Decision' };
  const u3 = u3Chart(lang, marker);
  const lv = leaversChart(lang, marker);
  return {
    regionName: REGION,
    mandate: {
      id: 'm-kita-2022',
      title: 'Ausbau der frühkindlichen Bildung',
      question: 'Wie erfüllen wir den Rechtsanspruch nach § 24 SGB VIII für alle Kinder unter drei Jahren?',
      decidedAt: '2022-06-30T10:00:00.000Z',
      decidedPeriod: '2022',
      chosenOption: 'Neubau von drei Kitas in Großenhain',
    },
    lang,
    indicators: [
      {
        definition: u3Rate,
        before: { period: '2021', value: 32.5, suppressed: false },
        after: { period: '2024', value: 36.4, suppressed: false },
        change: 3.9,
        direction: 'improved',
        targetMet: false,
        chart: u3,
        svg: renderChartSvg(u3),
      },
      {
        definition: leavers,
        before: { period: '2021/22', value: null, suppressed: true },
        after: { period: '2023/24', value: 6.2, suppressed: false },
        change: null,
        direction: 'unknown',
        targetMet: false,
        chart: lv,
        svg: renderChartSvg(lv),
      },
    ],
    generatedAt: '2025-03-05T09:00:00.000Z',
  };
}

export function educationChapter(lang: 'de' | 'en' = 'de'): EducationReportChapter {
  const u3 = u3Chart(lang);
  const placesChart: ChartInput = {
    title: places.name[lang],
    description: 'Genehmigte Plätze.',
    unit: 'count',
    decimals: 0,
    series: [
      {
        label: 'Insgesamt',
        points: [
          { period: '2023', value: 1480 },
          { period: '2024', value: 1512 },
        ],
      },
    ],
    target: null,
    marker: null,
    lang,
  };
  return {
    regionName: REGION,
    area: 'early-childhood',
    areaTitle: lang === 'de' ? 'Frühkindliche Bildung, Betreuung und Erziehung' : 'Early childhood education and care',
    lang,
    indicators: [
      {
        definition: u3Rate,
        series: u3,
        svg: renderChartSvg(u3),
        latest: { period: '2024', value: 36.4, suppressed: false },
        trend: { fromPeriod: '2015', toPeriod: '2024', change: 8.3 },
      },
      {
        definition: places,
        series: placesChart,
        svg: renderChartSvg(placesChart),
        latest: { period: '2024', value: 1512, suppressed: false },
        trend: { fromPeriod: '2023', toPeriod: '2024', change: 32 },
      },
    ],
    generatedAt: '2025-03-05T09:00:00.000Z',
  };
}
