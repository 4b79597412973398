import { pdfInfo, pdfText } from '../support/pdf';
import { renderChartSvg } from '../../domain/monitoring/charts';
import { DIMENSIONS, type DossierContent, type PresentedValue } from '../../domain/monitoring/types';
import { csvCell, educationReportCsv } from '../../reports/csv';
import { dossierPdf, educationReportPdf, evaluationReportPdf, valueTables } from '../../reports/pdf';
import PDFDocument from 'pdfkit';
import { svgToPdf, toWinAnsi } from '../../reports/pdf-document';
import type { EducationReportChapter } from '../../reports/types';
import { evaluationSentences, trendSentence } from '../../reports/wording';
import {
  dossierContent,
  dossierHash,
  educationChapter,
  evaluationReport,
  LEAVER_RATES,
  leaversChart,
  LEAVER_YEARS,
  REGION,
  SUPPRESSED_RATE,
  SUPPRESSED_SCHOOL_YEAR,
  SUPPRESSED_YEAR,
  U3_RATES,
  u3Chart,
  u3Rate,
  YEARS,
} from './report-fixtures';

/** Running text, with the line breaks of the layout folded away. */
const flow = (text: string) => text.replace(/\s+/g, ' ');
/** `1,7` as a number of its own, not inside `31,7`. */
const numberPattern = (formatted: string) => new RegExp(`(^|[^\\d,.])${formatted.replace(/[.,]/g, (c) => `\\${c}`)}(?!\\d)`);

const charts = (lang: 'de' | 'en') => [{ indicatorKey: u3Rate.key, chart: u3Chart(lang), svg: renderChartSvg(u3Chart(lang)) }];

describe('dossierPdf', () => {
  let pdf: Buffer;
  let text: string;

  beforeAll(async () => {
    pdf = await dossierPdf(dossierContent, charts('de'), { hash: dossierHash, lang: 'de', frozen: true });
    text = await pdfText(pdf);
  });

  it('when generated, then it holds title, region, question, goals and every option with its cost and effect', () => {
    const all = flow(text);
    expect(all).toContain('Entscheidungsdossier: Ausbau der frühkindlichen Bildung – „Kita für alle“');
    expect(all).toContain(REGION);
    expect(all).toContain('Frühe Bildung & Übergänge');
    expect(all).toContain(dossierContent.question);
    for (const goal of dossierContent.goals) expect(all).toContain(goal);
    for (const option of dossierContent.options) {
      expect(all).toContain(option.title);
      expect(all).toContain(option.description);
    }
    expect(all).toContain('1.250.000 €');
    expect(all).toContain('480.000,50 €');
    expect(all).toContain('nicht beziffert');
    expect(all).toContain('+180 Plätze bis 2027');
    expect(all).toContain('eingefroren');
    expect(all).toContain('14.05.2024');
  });

  it('when generated, then each indicator shows its definition, unit, source, target, chart and values in German notation', () => {
    const all = flow(text);
    expect(all).toContain('Betreuungsquote unter Dreijähriger');
    expect(all).toContain('Statistisches Landesamt, Kinder- und Jugendhilfestatistik');
    expect(all).toContain('Prozent');
    expect(all).toContain('40,0 % (2030)');
    for (const rate of U3_RATES) expect(text).toContain(`${rate.toFixed(1).replace('.', ',')} %`);
    // The chart is drawn: its target label and axis are in the text.
    expect(all).toContain('Ziel 2030: 40,0 %');
    expect(text).toMatch(/^\s*2019\s+31,9 %\s+gesperrt \(kleine Fallzahl\)\s+–/m);
    expect(text).toMatch(/^\s*2024\s+36,4 %\s+25,5 %\s+unbekannt/m);
  });

  it('when a value is suppressed, then it says so and its number appears nowhere', () => {
    expect(text).toContain('gesperrt (kleine Fallzahl)');
    expect(text).not.toMatch(numberPattern(SUPPRESSED_RATE.toFixed(1).replace('.', ',')));
  });

  it('when generated, then every page carries the checksum and its page number', async () => {
    const pages = Number(/Pages:\s+(\d+)/.exec(await pdfInfo(pdf))![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(text.match(new RegExp(`Prüfsumme \\(SHA-256\\): ${dossierHash}`, 'g'))).toHaveLength(pages);
    expect([...text.matchAll(/Seite (\d+) von (\d+)/g)].map((m) => `${m[1]}/${m[2]}`)).toEqual(Array.from({ length: pages }, (_, i) => `${i + 1}/${pages}`));
  });

  it('when read back, then umlauts, ß and German typography are intact', () => {
    for (const word of ['Großenhain-Süd', 'Dreijähriger', 'Übergänge', 'Maßnahme', 'Prüfsumme', 'öffentlich', '§ 24 SGB VIII', '„Kita für alle“', '–']) {
      expect(text).toContain(word);
    }
  });

  it('when inspected, then it is a tagged PDF with title, author, language and the chart as a figure with alternative text', async () => {
    const info = await pdfInfo(pdf);
    expect(info).toMatch(/Title:\s+Entscheidungsdossier: Ausbau der frühkindlichen Bildung – „Kita für alle“/);
    expect(info).toMatch(new RegExp(`Author:\\s+${REGION}`));
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/CreationDate:\s+Tue May 14 08:30:00 2024 UTC/);
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/Lang (de-DE)');
    expect(raw).toContain('/DisplayDocTitle true');
    expect(raw).toMatch(/\/S \/Figure[\s\S]*?\/Alt \(/);
    for (const tag of ['/S /H1', '/S /H2', '/S /Table', '/S /TH', '/S /TD', '/S /L', '/S /LI']) expect(raw).toContain(tag);
  });

  it('when generated twice from the same content, then the bytes are the same', async () => {
    const again = await dossierPdf(dossierContent, charts('de'), { hash: dossierHash, lang: 'de', frozen: true });
    expect(again.equals(pdf)).toBe(true);
  });

  it('when English and not frozen, then it says draft and writes English numbers', async () => {
    const english = await pdfText(await dossierPdf(dossierContent, charts('en'), { hash: dossierHash, lang: 'en', frozen: false }));
    const all = flow(english);
    expect(all).toContain('Decision dossier');
    expect(all).toContain('draft (not frozen)');
    expect(all).toContain('€1,250,000');
    expect(all).toContain('€480,000.50');
    expect(english).toContain('28.1%');
    expect(english).toContain('suppressed (small numbers)');
    expect(english).toMatch(/Page 1 of \d/);
    expect(english).toContain(`Checksum (SHA-256): ${dossierHash}`);
  });

  it('when the dossier is empty, then it says there are no goals, options or indicators', async () => {
    const empty: DossierContent = { ...dossierContent, goals: [], options: [], indicators: [] };
    const all = flow(await pdfText(await dossierPdf(empty, [], { hash: dossierHash, lang: 'de', frozen: false })));
    expect(all).toContain('Es sind keine Ziele angegeben.');
    expect(all).toContain('Es sind keine Optionen angegeben.');
    expect(all).toContain('Dem Vorhaben sind keine Indikatoren zugeordnet.');
    expect(all).toContain('Entwurf (nicht eingefroren)');
  });

  it('when texts hold characters outside WinAnsi, then they are spelled in WinAnsi instead of garbled', async () => {
    expect(toWinAnsi('≥ 5 Plätze → Łódź, Dvořák − 3 🙂 „gut“ € ‰')).toBe('>= 5 Plätze -> Lódz, Dvorák - 3 ? „gut“ € ‰');
    const odd: DossierContent = { ...dossierContent, title: 'Quote ≥ 40 % → Ziel', options: [], indicators: [] };
    expect(flow(await pdfText(await dossierPdf(odd, [], { hash: dossierHash, lang: 'de', frozen: true })))).toContain('Quote >= 40 % -> Ziel');
  });
});

describe('svg-to-pdfkit', () => {
  it('when it draws our charts (series, gaps, target, marker, empty), then it warns about nothing', () => {
    const doc = new PDFDocument();
    const warnings: string[] = [];
    const inputs = [
      u3Chart('de', { period: '2020', label: 'Beschluss' }),
      leaversChart('en', { period: '2022', label: 'Decision' }),
      { ...u3Chart('de'), series: [] },
    ];
    for (const input of inputs) {
      svgToPdf(doc, renderChartSvg(input), 0, 0, { width: 480, height: 320, fontCallback: () => 'Helvetica', warningCallback: (w) => warnings.push(w) });
    }
    doc.end();
    expect(warnings).toEqual([]);
  });
});

describe('valueTables', () => {
  const value = (period: string, schoolType: string | null, area = 'Kreis'): PresentedValue => ({
    period,
    breakdownKey: schoolType ? `schoolType=${schoolType}` : 'total',
    breakdown: schoolType ? { schoolType } : {},
    area,
    version: 1,
    value: 100,
    status: 'value',
    suppressed: false,
    source: 'Schulstatistik',
    referenceDate: null,
  });

  it('when there are many breakdowns, then they are split into tables of five value columns, the total first', () => {
    const values = ['2023/24', '2022/23'].flatMap((period) => [value(period, null), ...DIMENSIONS.schoolType.map((type) => value(period, type))]);
    const tables = valueTables({ ...u3Rate, unit: 'count', decimals: 0 }, values, 'de');
    expect(tables.map((t) => t.header.length)).toEqual([6, 4]);
    expect(tables[0]!.header.slice(0, 2)).toEqual(['Zeitraum', 'Insgesamt']);
    expect(tables[0]!.caption).toBe('Werte: Betreuungsquote unter Dreijähriger (1/2)');
    expect(tables[0]!.rows.map((r) => r[0])).toEqual(['2022/23', '2023/24']);
    expect(tables.flatMap((t) => t.header.slice(1))).toContain('Förderschule');
  });

  it('when values come from several areas, then the area is named in the column', () => {
    const tables = valueTables(u3Rate, [value('2024', null, 'Kreis'), value('2024', null, 'Stadt Großenhain')], 'de');
    expect(tables[0]!.header).toEqual(['Zeitraum', 'Insgesamt (Kreis)', 'Insgesamt (Stadt Großenhain)']);
  });
});

describe('evaluationReportPdf', () => {
  let text: string;

  beforeAll(async () => {
    text = await pdfText(await evaluationReportPdf(evaluationReport('de')));
  });

  it('when generated, then it names the mandate, its question, the decision and the option chosen', () => {
    const all = flow(text);
    expect(all).toContain('Evaluationsbericht: Ausbau der frühkindlichen Bildung');
    expect(all).toContain('Wie erfüllen wir den Rechtsanspruch nach § 24 SGB VIII für alle Kinder unter drei Jahren?');
    expect(all).toContain('30.06.2022');
    expect(all).toContain('Neubau von drei Kitas in Großenhain');
    expect(all).toContain('05.03.2025');
  });

  it('when generated, then it compares before and after in words and numbers', () => {
    const all = flow(text);
    expect(all).toContain(
      'Vor der Entscheidung (2021): 32,5 %. Danach zuletzt (2024): 36,4 %. Veränderung: +3,9 Prozentpunkte. Bewertung: verbessert. Das Ziel von 40,0 % (2030) ist nicht erreicht.',
    );
    expect(all).toContain('Vor der Entscheidung (2021/22): gesperrt (kleine Fallzahl). Danach zuletzt (2023/24): 6,2 %.');
    expect(all).toContain('Die Entwicklung lässt sich nicht bewerten.');
    expect(text).toMatch(/Betreuungsquote unter\s+32,5 % \(2021\)\s+36,4 % \(2024\)\s+\+3,9 Pp\.\s+verbessert\s+nein/);
    expect(all).toContain('Beschluss');
  });

  it('when a value is suppressed, then its number appears nowhere', () => {
    const suppressed = LEAVER_RATES[LEAVER_YEARS.indexOf(SUPPRESSED_SCHOOL_YEAR)]!;
    expect(text).not.toMatch(numberPattern(suppressed.toFixed(1).replace('.', ',')));
    expect(text).toMatch(new RegExp(`${SUPPRESSED_SCHOOL_YEAR.replace('/', '\\/')}\\s+gesperrt`));
  });

  it('when a value is missing or the indicator is a context figure, then the sentences say so without judging', () => {
    const indicator = evaluationReport('de').indicators[0]!;
    const context = {
      ...indicator,
      definition: { ...indicator.definition, higherIsBetter: null, target: null },
      direction: 'unknown' as const,
      targetMet: null,
    };
    expect(evaluationSentences({ ...context, before: { period: '2021', value: null, suppressed: false }, after: null, change: null }, 'de')).toBe(
      'Vor der Entscheidung (2021): kein Wert ausgewiesen. Nach der Entscheidung liegt noch kein Wert vor. Der Indikator beschreibt das Umfeld und wird nicht als besser oder schlechter bewertet.',
    );
  });

  it('when nothing is decided yet, then it says so', async () => {
    const report = evaluationReport('de');
    const undecided = { ...report, mandate: { ...report.mandate, decidedAt: null, decidedPeriod: null, chosenOption: null }, indicators: [] };
    const all = flow(await pdfText(await evaluationReportPdf(undecided)));
    expect(all).toContain('noch nicht entschieden');
    expect(all).toContain('Dem Vorhaben sind keine Indikatoren zugeordnet.');
  });

  it('when English, then the wording and numbers are English', async () => {
    const all = flow(await pdfText(await evaluationReportPdf(evaluationReport('en'))));
    expect(all).toContain('Evaluation report');
    expect(all).toContain('Before the decision (2021): 32.5%. Latest value after it (2024): 36.4%. Change: +3.9 percentage points. Assessment: improved.');
    expect(all).toContain('2022-06-30');
  });
});

describe('educationReportPdf', () => {
  it('when generated, then each indicator is introduced by a sentence from its numbers, with chart and table', async () => {
    const text = await pdfText(await educationReportPdf(educationChapter('de')));
    const all = flow(text);
    expect(all).toContain('Frühkindliche Bildung, Betreuung und Erziehung');
    expect(all).toContain('Der Indikator „Betreuungsquote unter Dreijähriger“ stieg von 28,1 % (2015) auf 36,4 % (2024), um 8,3 Prozentpunkte.');
    expect(all).toContain('Der Indikator „Genehmigte Plätze in Kindertageseinrichtungen“ stieg von 1.480 (2023) auf 1.512 (2024), um 32.');
    expect(all).toContain('Dieses Kapitel stellt 2 Indikatoren des Bereichs „Frühkindliche Bildung, Betreuung und Erziehung“ dar.');
    expect(text).toMatch(/^\s*2019\s+31,9 %\s+gesperrt \(kleine Fallzahl\)/m);
    expect(text).not.toMatch(numberPattern(SUPPRESSED_RATE.toFixed(1).replace('.', ',')));
    expect(text).toMatch(/Seite 2 von 2/);
  });

  it('when English, then the sentences are English', async () => {
    const all = flow(await pdfText(await educationReportPdf(educationChapter('en'))));
    expect(all).toContain('The indicator “Childcare rate of children under three” rose from 28.1% (2015) to 36.4% (2024), by 8.3 percentage points.');
  });
});

describe('trendSentence', () => {
  const base = educationChapter('de').indicators[0]!;
  /** German puts a no-break space between number and %. */
  const nb = (sentence: string) => sentence.replace(/ %/g, '\u00a0%');

  it('when the latest value is suppressed, then the trend is told up to the last shown value and the latest called suppressed', () => {
    const sentence = trendSentence(
      { ...base, latest: { period: '2024', value: null, suppressed: true }, trend: { fromPeriod: '2015', toPeriod: '2023', change: 7.1 } },
      'de',
    );
    expect(sentence).toBe(
      nb(
        'Der Indikator „Betreuungsquote unter Dreijähriger“ stieg von 28,1 % (2015) auf 35,2 % (2023), um 7,1 Prozentpunkte. Der jüngste Wert (2024) ist gesperrt (kleine Fallzahl).',
      ),
    );
  });

  it('when values fall, stay or are missing, then the sentence says so', () => {
    const series = {
      ...base.series,
      series: [
        {
          label: 'Insgesamt',
          points: [
            { period: '2020', value: 8.4 },
            { period: '2024', value: 6.2 },
          ],
        },
      ],
    };
    expect(
      trendSentence(
        { ...base, series, latest: { period: '2024', value: 6.2, suppressed: false }, trend: { fromPeriod: '2020', toPeriod: '2024', change: -2.2 } },
        'de',
      ),
    ).toBe(nb('Der Indikator „Betreuungsquote unter Dreijähriger“ sank von 8,4 % (2020) auf 6,2 % (2024), um 2,2 Prozentpunkte.'));
    expect(
      trendSentence(
        { ...base, series, latest: { period: '2024', value: 6.2, suppressed: false }, trend: { fromPeriod: '2020', toPeriod: '2024', change: 0.01 } },
        'de',
      ),
    ).toBe(nb('Der Indikator „Betreuungsquote unter Dreijähriger“ lag 2020 wie 2024 bei 6,2 %.'));
    expect(trendSentence({ ...base, latest: { period: '2024', value: 36.4, suppressed: false }, trend: null }, 'de')).toBe(
      nb('Der Indikator „Betreuungsquote unter Dreijähriger“ lag zuletzt (2024) bei 36,4 %.'),
    );
    expect(
      trendSentence(
        { ...base, series, latest: { period: '2024', value: null, suppressed: true }, trend: { fromPeriod: '2019', toPeriod: '2023', change: 0 } },
        'de',
      ),
    ).toBe('Der Indikator „Betreuungsquote unter Dreijähriger“ blieb von 2019 bis 2023 unverändert. Der jüngste Wert (2024) ist gesperrt (kleine Fallzahl).');
    expect(trendSentence({ ...base, latest: null, trend: null }, 'en')).toBe(
      'There are no values for the indicator “Childcare rate of children under three” yet.',
    );
  });
});

/** A `;` CSV parser after RFC 4180, to read the export back as a spreadsheet would. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted && c === '"' && csv[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ';') {
      endField();
    } else if (!quoted && c === '\r' && csv[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else {
      field += c;
    }
  }
  if (field || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}

describe('educationReportCsv', () => {
  it('when exported, then it is UTF-8 with BOM, semicolons, CRLF and a header', () => {
    const csv = educationReportCsv(educationChapter('de'));
    expect(csv.startsWith('\uFEFFBereich;Indikator;Schlüssel;Einheit;Zeitraum;Reihe;Wert;Quelle\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3).toString('hex')).toBe('efbbbf');
  });

  it('when read back, then one row per indicator, period and series holds the numbers, and suppressed values are left out', () => {
    const [header, ...rows] = parseCsv(educationReportCsv(educationChapter('de')).slice(1));
    expect(header).toHaveLength(8);
    // 10 totals + 9 foreign (one suppressed) + 2 counts.
    expect(rows).toHaveLength(21);
    const total = rows.filter((r) => r[2] === u3Rate.key && r[5] === 'Insgesamt');
    expect(total.map((r) => r[4])).toEqual(YEARS);
    expect(total.map((r) => Number(r[6]!.replace(',', '.')))).toEqual(U3_RATES);
    expect(total[0]).toEqual([
      'Frühkindliche Bildung, Betreuung und Erziehung',
      'Betreuungsquote unter Dreijähriger',
      'u3-childcare-rate',
      'Prozent',
      '2015',
      'Insgesamt',
      '28,1',
      'Statistisches Landesamt, Kinder- und Jugendhilfestatistik',
    ]);
    const foreign = rows.filter((r) => r[5] === 'ausländisch');
    expect(foreign).toHaveLength(9);
    expect(foreign.some((r) => r[4] === SUPPRESSED_YEAR)).toBe(false);
    expect(rows.some((r) => r[6] === '0' || r[6] === '')).toBe(false);
    expect(rows.filter((r) => r[2] === 'childcare-places').map((r) => r[6])).toEqual(['1480', '1512']);
  });

  it('when texts hold separators, quotes or formula characters, then they are quoted and defused', () => {
    const chapter: EducationReportChapter = educationChapter('de');
    const first = chapter.indicators[0]!;
    chapter.indicators = [
      {
        ...first,
        definition: { ...first.definition, source: 'Landesamt; Tabelle "A1"' },
        series: { ...first.series, series: [{ label: '=HYPERLINK("x")', points: [{ period: '2024', value: 36.4 }] }] },
      },
    ];
    const csv = educationReportCsv(chapter);
    expect(csv).toContain(';"Landesamt; Tabelle ""A1"""\r\n');
    const [, row] = parseCsv(csv.slice(1));
    expect(row![5]).toBe(`'=HYPERLINK("x")`);
    expect(row![7]).toBe('Landesamt; Tabelle "A1"');
  });

  it('when English, then numbers take a decimal point', () => {
    const [header, row] = parseCsv(educationReportCsv(educationChapter('en')).slice(1));
    expect(header![0]).toBe('Area');
    expect(row![6]).toBe('28.1');
  });

  it('csvCell quotes only what needs it and leaves numbers alone', () => {
    expect(csvCell('Kreis')).toBe('Kreis');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('zwei\nZeilen')).toBe('"zwei\nZeilen"');
    expect(csvCell(' Rand')).toBe('" Rand"');
    expect(csvCell('-1,5')).toBe('-1,5');
    expect(csvCell('+3')).toBe('+3');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-Abschlag')).toBe("'-Abschlag");
  });
});
