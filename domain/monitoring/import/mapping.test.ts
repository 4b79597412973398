import { IMPORT_CATALOGUE } from '../../../test/fixtures/imports/catalogue';
import type { ImportMapping, RawTable } from '../types';
import { parseCsv } from './csv';
import { applyMapping, columnHeaders, detectMapping } from './mapping';

const csv = (text: string, delimiter: ';' | ',' = ';'): RawTable => ({
  format: 'csv',
  encoding: 'utf-8',
  delimiter,
  rows: parseCsv(text, { delimiter }).rows!,
  sheet: null,
});

const detect = (table: RawTable, indicatorKey?: string) => detectMapping(table, IMPORT_CATALOGUE, { indicatorKey, defaultArea: 'Kreis' });
const apply = (table: RawTable, mapping: ImportMapping, opts: { allowedIndicators?: string[]; allowedPeriods?: string[] } = {}) =>
  applyMapping(table, mapping, IMPORT_CATALOGUE, { defaultArea: 'Kreis', ...opts });
const codes = (issues: { code: string; row: number | null; column: number | null }[]) => issues.map(({ code, row, column }) => [code, row, column]);

describe('detectMapping', () => {
  it('when a statistics-office export has title lines, a three-line header over unnamed key columns and footers, then the data block and columns are found', () => {
    const table = csv(
      [
        'Statistisches Landesamt Musterland',
        'Tabelle 21111-02: Schüler nach Nationalität',
        '',
        ';;;Schüler;Schüler',
        ';;;Anzahl;Anzahl',
        ';;;insgesamt;Ausländer',
        '2023/24;09999;Musterstadt, Stadt;12.345;1.234',
        '2023/24;09998;Landkreis Musterland;23.456;x',
        '__________',
        '(C)opyright Statistische Ämter des Bundes und der Länder, 2025',
        'Stand: 12.03.2025 / 14:21:09',
      ].join('\n'),
    );
    const { mapping, issues } = detect(table, 'pupils');
    expect(issues).toEqual([]);
    expect(mapping).toEqual({
      headerRow: 3,
      firstDataRow: 6,
      lastDataRow: 7,
      periodColumn: 0,
      indicatorKey: 'pupils',
      indicatorColumn: null,
      areaColumn: 2,
      breakdownColumns: {},
      valueColumns: [
        { column: 3, header: 'Schüler Anzahl insgesamt', breakdown: {} },
        { column: 4, header: 'Schüler Anzahl Ausländer', breakdown: { nationality: 'foreign' } },
      ],
      caseCountColumn: null,
      numberFormat: 'de',
    });
  });

  it('when an upper heading spans the columns to its right (written once), then each column combines it with its own', () => {
    const table = csv(['Jahr;Kreis;Insgesamt;;Ausländer;', ';;männlich;weiblich;männlich;weiblich', '2024;A;1;2;3;4'].join('\n'));
    const { mapping } = detect(table, 'pupils');
    expect(mapping.valueColumns.map((value) => [value.header, value.breakdown])).toEqual([
      ['Insgesamt männlich', { sex: 'male' }],
      ['Insgesamt weiblich', { sex: 'female' }],
      ['Ausländer männlich', { nationality: 'foreign', sex: 'male' }],
      ['Ausländer weiblich', { nationality: 'foreign', sex: 'female' }],
    ]);
    expect(columnHeaders(table, mapping)).toEqual(['Jahr', 'Kreis', 'Insgesamt männlich', 'Insgesamt weiblich', 'Ausländer männlich', 'Ausländer weiblich']);
  });

  it('when a table is long (Geschlecht column, one Wert column) with a case count, then category and case count columns', () => {
    const table = csv(['Jahr;Geschlecht;Wert;Fallzahl', '2024;insgesamt;12,5;80', '2024;weiblich;11,0;40'].join('\n'));
    const { mapping } = detect(table, 'leavers-without-certificate');
    expect(mapping).toMatchObject({
      periodColumn: 0,
      breakdownColumns: { sex: 1 },
      valueColumns: [{ column: 2, header: 'Wert', breakdown: {} }],
      caseCountColumn: 3,
      areaColumn: null,
    });
  });

  it('when a column holds indicator names without a heading for it, then it is the indicator column', () => {
    const table = csv(['Jahr;Kennwert;insgesamt', '2024;u3-childcare-rate;34,5', '2024;Betreuungsquote der unter 3-Jährigen;35'].join('\n'));
    expect(detect(table).mapping).toMatchObject({ indicatorColumn: 1, indicatorKey: null, valueColumns: [{ column: 2, breakdown: {} }] });
  });

  it('when headings name indicators, then each value column carries its indicator', () => {
    const table = csv(['Jahr;U3-Childcare-Rate;Adult education enrolments weiblich', '2024;34,5;120'].join('\n'));
    expect(detect(table).mapping.valueColumns).toEqual([
      { column: 1, header: 'U3-Childcare-Rate', breakdown: {}, indicatorKey: 'u3-childcare-rate' },
      { column: 2, header: 'Adult education enrolments weiblich', breakdown: { sex: 'female' }, indicatorKey: 'adult-education-enrolments' },
    ]);
  });

  it('when footers of a comma file split at their commas into cells with numbers, then they are still footers', () => {
    const table = csv(
      [
        'Year,Total',
        '2023,12.5',
        '2024,13',
        '',
        '(C)opyright Statistische Ämter des Bundes und der Länder, 2025',
        'Quelle: Landesamt, 2025',
        'Note: 1) provisional, 2024',
      ].join('\n'),
      ',',
    );
    expect(detect(table, 'u3-childcare-rate').mapping).toMatchObject({ headerRow: 0, firstDataRow: 1, lastDataRow: 2 });
  });

  it('when a table has more rows than are sampled, then the columns are still told apart by a sample spread over all rows', () => {
    const lines = [
      'Jahr;Indikator;Geschlecht;Wert',
      ...Array.from({ length: 5_000 }, (_, i) => `${2000 + (i % 25)};pupils;${i % 2 ? 'weiblich' : 'männlich'};${i},5`),
    ];
    expect(detect(csv(lines.join('\n'))).mapping).toMatchObject({
      lastDataRow: 5_000,
      periodColumn: 0,
      indicatorColumn: 1,
      breakdownColumns: { sex: 2 },
      valueColumns: [{ column: 3, header: 'Wert', breakdown: {} }],
      numberFormat: 'de',
    });
  });

  it('when the number format is decided by the cells, then de or en; a tie goes by the delimiter', () => {
    expect(detect(csv('Jahr;insgesamt\n2023;1.234\n2024;12,5'), 'pupils').mapping.numberFormat).toBe('de');
    expect(detect(csv('Jahr;insgesamt\n2023;1,234\n2024;12.5'), 'pupils').mapping.numberFormat).toBe('en');
    expect(detect(csv('Jahr;insgesamt\n2023;1.234'), 'pupils').mapping.numberFormat).toBe('de');
    expect(detect(csv('Jahr,insgesamt\n2023,1.234', ','), 'pupils').mapping.numberFormat).toBe('en');
  });

  it('when the periods stand across the header, then no_period_column says to transpose', () => {
    const table = csv(['Merkmal;2021;2022;2023', 'insgesamt;100;110;120', 'weiblich;50;55;60'].join('\n'));
    expect(detect(table, 'pupils').issues).toEqual([
      {
        row: null,
        column: null,
        code: 'no_period_column',
        message:
          'The periods stand in the header (2021, 2022, 2023) rather than in a column: the import needs one row per period. Transpose the table (in Excel: Paste Special, Transpose) and upload it again.',
      },
    ]);
  });

  it('when a data row under a Jahr column looks like periods across (Musterstadt;2023;2031), then it stays a data row', () => {
    const table = csv(['Kreis;Jahr;Anzahl', 'Musterstadt;2023;2031', 'Musterstadt;2024;1980'].join('\n'));
    expect(detect(table, 'pupils').mapping).toMatchObject({ headerRow: 0, firstDataRow: 1, lastDataRow: 2, periodColumn: 1, areaColumn: 0 });
  });

  it('when no column holds periods, then no_period_column', () => {
    expect(codes(detect(csv('Kreis;insgesamt\nA;1\nB;2'), 'pupils').issues)).toEqual([['no_period_column', null, null]]);
  });

  it('when there is no header above the values, then no_header', () => {
    expect(detect(csv('2023;1\n2024;2'), 'pupils').issues).toEqual([
      {
        row: null,
        column: null,
        code: 'no_header',
        message: 'No header row was found: the file needs a row of column headings (such as Jahr; insgesamt; weiblich) right above its values.',
      },
    ]);
  });

  it('when no row holds a number, then no_values', () => {
    expect(codes(detect(csv('Jahr;Kreis\nkeine;Daten')).issues)).toEqual([['no_values', null, null]]);
  });

  it('when the table is blank, then empty_file', () => {
    expect(detect(csv('\n;;\n')).issues).toEqual([{ row: null, column: null, code: 'empty_file', message: 'The file is empty.' }]);
  });

  it('when nothing names the indicator, then no_indicator lists the value columns', () => {
    expect(detect(csv('Jahr;insgesamt;weiblich\n2024;1;2')).issues).toEqual([
      {
        row: null,
        column: null,
        code: 'no_indicator',
        message:
          'The file does not say which indicator the values in columns 2 and 3 are for; choose the indicator, or add a column Indikator with the indicator of each row.',
      },
    ]);
  });

  it('when two value columns mean the same, then duplicate_column at the second heading', () => {
    expect(detect(csv('Jahr;insgesamt;Anzahl\n2024;1;2'), 'pupils').issues).toEqual([
      {
        row: 1,
        column: 3,
        code: 'duplicate_column',
        message:
          "Columns 2 ('insgesamt') and 3 ('Anzahl') both hold 'pupils', total; give each value column its own breakdown in the mapping, or leave one out.",
      },
    ]);
  });

  it('when the indicator lacks a heading’s breakdown, then breakdown_not_supported at that heading', () => {
    expect(detect(csv('Jahr;insgesamt;weiblich\n2024;30;31'), 'u3-childcare-rate').issues).toEqual([
      { row: 1, column: 3, code: 'breakdown_not_supported', message: "'u3-childcare-rate' has no breakdown by sex (heading 'weiblich')." },
    ]);
  });
});

describe('applyMapping', () => {
  it('when blank lines and notes stand between data rows and a row has only empty values, then they are skipped without issues', () => {
    const table = csv(['Jahr;insgesamt;weiblich', '2023;10;5', '', '1) vorläufig', '2024;;', '2025;12;-'].join('\n'));
    const { values, issues } = apply(table, detect(table, 'pupils').mapping);
    expect(issues).toEqual([]);
    expect(values.map((value) => [value.row, value.column, value.period, value.breakdown, value.value, value.status])).toEqual([
      [1, 1, '2023', {}, 10, 'value'],
      [1, 2, '2023', { sex: 'female' }, 5, 'value'],
      [5, 1, '2025', {}, 12, 'value'],
      [5, 2, '2025', { sex: 'female' }, null, 'none'],
    ]);
  });

  it('when a data request limits periods and indicators, then period_not_requested and indicator_not_requested', () => {
    const table = csv(['Jahr;Indikator;insgesamt', '2023;pupils;10', '2022;pupils;9', '2023;u3-childcare-rate;30'].join('\n'));
    const { values, issues } = apply(table, detect(table).mapping, { allowedIndicators: ['pupils'], allowedPeriods: ['2023', '2024'] });
    expect(issues).toEqual([
      { row: 3, column: 1, code: 'period_not_requested', message: '2022 is not a period the data request asks for (2023, 2024).', value: '2022' },
      {
        row: 4,
        column: 2,
        code: 'indicator_not_requested',
        message: "The data request asks for 'pupils', not for 'u3-childcare-rate'.",
        value: 'u3-childcare-rate',
      },
    ]);
    expect(values).toHaveLength(1);
  });

  it('when the fixed indicator is unknown or not the one requested, then one file issue and no values', () => {
    const table = csv('Jahr;insgesamt\n2024;1');
    const mapping = detect(table, 'pupils').mapping;
    expect(apply(table, { ...mapping, indicatorKey: 'nope' })).toEqual({
      values: [],
      issues: [{ row: null, column: null, code: 'unknown_indicator', message: "'nope' is not an indicator of the catalogue.", value: 'nope' }],
    });
    expect(apply(table, mapping, { allowedIndicators: ['u3-childcare-rate'] }).issues).toEqual([
      {
        row: null,
        column: null,
        code: 'indicator_not_requested',
        message: "The data request asks for 'u3-childcare-rate', not for 'pupils'.",
        value: 'pupils',
      },
    ]);
  });

  it('when a mapping edited by hand points outside the file, uses a column twice or names an unknown category, then bad_mapping', () => {
    const table = csv('Jahr;insgesamt\n2024;1');
    const mapping = detect(table, 'pupils').mapping;
    expect(apply(table, { ...mapping, areaColumn: 7 }).issues).toEqual([
      { row: null, column: null, code: 'bad_mapping', message: 'Column 8 (area) of the mapping is not in the file, which has 2 columns.' },
    ]);
    expect(apply(table, { ...mapping, areaColumn: 1 }).issues).toEqual([
      { row: null, column: null, code: 'bad_mapping', message: 'Column 2 is mapped twice, for area and for values; map each column once.' },
    ]);
    expect(apply(table, { ...mapping, valueColumns: [{ column: 1, header: 'insgesamt', breakdown: { sex: 'unknown' } }] }).issues).toEqual([
      { row: 1, column: 2, code: 'bad_mapping', message: "Column 2 has the sex category 'unknown', which is not one of female, male, diverse." },
    ]);
    expect(apply(table, { ...mapping, lastDataRow: 5 }).issues).toEqual([
      {
        row: null,
        column: null,
        code: 'bad_mapping',
        message: "The mapping's rows do not fit the file: header row 1, data rows 2 to 6, but the file has 2 rows and the header must stand above the data.",
      },
    ]);
  });

  it('when the user switches the number format, then the cells are read in it', () => {
    const table = csv('Jahr;insgesamt\n2024;1.234');
    const mapping = detect(table, 'adult-education-enrolments').mapping;
    expect(apply(table, mapping).values[0]?.value).toBe(1234);
    expect(apply(table, { ...mapping, numberFormat: 'en' }).issues).toEqual([
      { row: 2, column: 2, code: 'not_whole_number', message: "'1.234' is not a whole number; 'adult-education-enrolments' is a count.", value: '1.234' },
    ]);
  });

  it('when a case count column holds -, ., a number or text, then 0, null, the number or bad_case_count', () => {
    const table = csv(
      ['Jahr;Geschlecht;Wert;Fallzahl', '2024;insgesamt;12,5;80', '2024;weiblich;11,0;-', '2024;männlich;14,0;.', '2023;insgesamt;1;4,5'].join('\n'),
    );
    const { values, issues } = apply(table, detect(table, 'leavers-without-certificate').mapping);
    expect(values.map((value) => value.caseCount)).toEqual([80, 0, null]);
    expect(issues).toEqual([
      {
        row: 5,
        column: 4,
        code: 'bad_case_count',
        message: "'4,5' is not a case count; write a whole number of at least 0, or leave the cell empty.",
        value: '4,5',
      },
    ]);
  });

  it('when a comma file has an unquoted decimal comma, then ragged_row says to quote it', () => {
    const table = csv('Year,Total\n2024,12,5\n2023,"11"', ',');
    expect(apply(table, detect(table, 'u3-childcare-rate').mapping).issues).toEqual([
      {
        row: 2,
        column: 3,
        code: 'ragged_row',
        message:
          'This row has a cell to the right of the last column with a heading; its values cannot be matched to the headings. In a comma-separated file a decimal comma must stand inside quotes ("12,5").',
        value: '5',
      },
    ]);
  });

  it('when every value cell is empty, then no_values', () => {
    const table = csv('Jahr;insgesamt;weiblich\n2024;-;\n2025;;');
    const mapping = { ...detect(table, 'pupils').mapping, lastDataRow: 2 };
    expect(apply(table, { ...mapping, firstDataRow: 1 }).issues).toEqual([]);
    const empty = csv('Jahr;insgesamt;weiblich\n2024;;\n2025;;');
    expect(apply(empty, mapping).issues).toEqual([
      { row: null, column: null, code: 'no_values', message: 'The file has no values: every value cell is empty.' },
    ]);
  });

  it('when a file has more than 1,000 problems, then the first 1,000 and too_many_issues with the rest counted', () => {
    const table = csv(['Jahr;insgesamt', ...Array.from({ length: 1_200 }, (_, i) => `${2000 + (i % 50)};n.v.`)].join('\n'));
    const { issues } = apply(table, { ...detect(csv('Jahr;insgesamt\n2024;1'), 'pupils').mapping, lastDataRow: 1_200 });
    expect(issues).toHaveLength(1_001);
    expect(issues[999]).toMatchObject({ row: 1_001, column: 2, code: 'not_a_number' });
    expect(issues[1_000]).toEqual({
      row: null,
      column: null,
      code: 'too_many_issues',
      message: 'Only the first 1,000 problems are listed; 200 more problems are not. Fix these and upload the file again.',
    });
  });

  it('when a table has more than 100,000 rows of values, then too_many_rows and nothing else', () => {
    const rows = [['Jahr', 'insgesamt'], ...Array.from({ length: 100_001 }, () => ['2024', '1'])];
    const table: RawTable = { format: 'csv', encoding: 'utf-8', delimiter: ';', rows, sheet: null };
    const mapping: ImportMapping = { ...detect(csv('Jahr;insgesamt\n2024;1'), 'pupils').mapping, lastDataRow: 100_001 };
    expect(apply(table, mapping)).toEqual({
      values: [],
      issues: [
        {
          row: null,
          column: null,
          code: 'too_many_rows',
          message: 'The file has 100,001 rows of values; an import takes at most 100,000. Split the file, e.g. by year or by area.',
        },
      ],
    });
  });
});
