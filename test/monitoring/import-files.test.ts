// Reading real files end to end: bytes → readTable → detectMapping → applyMapping.
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { applyMapping, detectMapping } from '../../domain/monitoring/import/mapping';
import type { ImportIssue, ParsedValue } from '../../domain/monitoring/types';
import { readTable } from '../../imports/read-table';
import { SAMPLE_PNG } from '../fixtures/files';
import { IMPORT_CATALOGUE } from '../fixtures/imports/catalogue';

const fixture = (name: string) => readFile(path.join(__dirname, '../fixtures/imports', name));

/** Reads a file and applies the detected mapping, as an upload's preview does. */
async function importFile(bytes: Buffer, fileName: string, indicatorKey?: string) {
  const read = await readTable(bytes, fileName);
  if (!read.table) return { read, mapping: null, values: [] as ParsedValue[], issues: read.issues };
  const { mapping } = detectMapping(read.table, IMPORT_CATALOGUE, { indicatorKey, defaultArea: 'Landkreis Musterland' });
  const applied = applyMapping(read.table, mapping, IMPORT_CATALOGUE, { defaultArea: 'Landkreis Musterland' });
  return { read, mapping, values: applied.values, issues: [...read.issues, ...applied.issues] };
}

const brief = (values: ParsedValue[]) =>
  values.map((value) => `${value.period} ${value.area} ${JSON.stringify(value.breakdown)} ${value.value ?? value.status}`);

/** A ZIP archive of stored (uncompressed) files with a central directory; CRCs are left 0 as nothing checks them before the type is known. */
function storedZip(files: Record<string, string>): Buffer {
  const le16 = (n: number) => [n & 0xff, n >> 8];
  const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
  const local: number[] = [];
  const central: number[] = [];
  for (const [name, content] of Object.entries(files)) {
    const nameBytes = Array.from(Buffer.from(name));
    const data = Array.from(Buffer.from(content));
    const sizes = [...le32(0), ...le32(data.length), ...le32(data.length), ...le16(nameBytes.length), ...le16(0)];
    central.push(...le32(0x02014b50), ...le16(20), ...le16(10), ...le16(0), ...le16(0), ...le32(0), ...sizes, ...le16(0), ...le16(0), ...le16(0), ...le32(0));
    central.push(...le32(local.length), ...nameBytes);
    local.push(...le32(0x04034b50), ...le16(10), ...le16(0), ...le16(0), ...le32(0), ...sizes, ...nameBytes, ...data);
  }
  const count = Object.keys(files).length;
  const end = [...le32(0x06054b50), ...le16(0), ...le16(0), ...le16(count), ...le16(count), ...le32(central.length), ...le32(local.length), ...le16(0)];
  return Buffer.from([...local, ...central, ...end]);
}

describe('importing good files', () => {
  it('when a UTF-8 semicolon CSV (with BOM) has German numbers and sex columns over several years and areas, then every value with no issue', async () => {
    const { read, mapping, values, issues } = await importFile(await fixture('abgaenger-wide.csv'), 'abgaenger-wide.csv', 'leavers-without-certificate');
    expect(issues).toEqual([]);
    expect(read.table).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ';' });
    expect(mapping).toMatchObject({ headerRow: 0, firstDataRow: 1, lastDataRow: 6, periodColumn: 0, areaColumn: 1, numberFormat: 'de' });
    expect(values).toHaveLength(18);
    expect(brief(values.filter((value) => value.area === 'Musterstadt, Stadt'))).toEqual([
      '2021 Musterstadt, Stadt {} 8.2',
      '2021 Musterstadt, Stadt {"sex":"male"} 9.9',
      '2021 Musterstadt, Stadt {"sex":"female"} 6.4',
      '2022 Musterstadt, Stadt {} 7.9',
      '2022 Musterstadt, Stadt {"sex":"male"} 9.1',
      '2022 Musterstadt, Stadt {"sex":"female"} 6.6',
      '2023 Musterstadt, Stadt {} none',
      '2023 Musterstadt, Stadt {"sex":"male"} unknown',
      '2023 Musterstadt, Stadt {"sex":"female"} secret',
    ]);
    expect(values[0]).toEqual({
      row: 1,
      column: 2,
      indicatorKey: 'leavers-without-certificate',
      period: '2021',
      breakdown: {},
      area: 'Landkreis Musterstadt',
      value: 6.1,
      status: 'value',
      caseCount: null,
    });
  });

  it('when a comma CSV has English numbers, quoted thousands and an indicator column with names and keys, then each row goes to its indicator', async () => {
    const { read, mapping, values, issues } = await importFile(await fixture('english-comma.csv'), 'english-comma.csv');
    expect(issues).toEqual([]);
    expect(read.table).toMatchObject({ delimiter: ',', encoding: 'utf-8' });
    expect(mapping).toMatchObject({ indicatorColumn: 1, areaColumn: 2, numberFormat: 'en' });
    expect(values.map((value) => [value.indicatorKey, value.period, value.breakdown, value.value ?? value.status])).toEqual([
      ['u3-childcare-rate', '2023', {}, 34.5],
      ['u3-childcare-rate', '2024', {}, 36.25],
      ['adult-education-enrolments', '2023', {}, 12345],
      ['adult-education-enrolments', '2023', { sex: 'female' }, 7001],
      ['adult-education-enrolments', '2023', { sex: 'male' }, 5344],
      ['adult-education-enrolments', '2024', {}, 12890],
      ['adult-education-enrolments', '2024', { sex: 'female' }, 'unknown'],
      ['adult-education-enrolments', '2024', { sex: 'male' }, 'secret'],
    ]);
    expect(new Set(values.map((value) => value.area))).toEqual(new Set(['Musterstadt, city']));
  });

  it('when a statistics-office export in ISO-8859-1 has title lines, a two-line header, signs and footer lines, then its values with school type and sex', async () => {
    const bytes = await fixture('landesamt-schueler.csv');
    // Really Latin-1: ü is the single byte 0xFC, never UTF-8's 0xC3 0xBC.
    expect(bytes.includes(0xfc)).toBe(true);
    expect(bytes.includes(0xc3)).toBe(false);
    const { read, mapping, values, issues } = await importFile(bytes, 'landesamt-schueler.csv', 'pupils');
    expect(issues).toEqual([]);
    expect(read.table).toMatchObject({ format: 'csv', encoding: 'iso-8859-1', delimiter: ';' });
    expect(read.table!.rows[1]![0]).toBe('Tabelle 21111-01: Schülerinnen und Schüler an allgemeinbildenden Schulen nach Schularten und Geschlecht');
    expect(mapping).toEqual({
      headerRow: 4,
      firstDataRow: 6,
      lastDataRow: 11,
      periodColumn: 0,
      indicatorKey: 'pupils',
      indicatorColumn: null,
      areaColumn: 2,
      breakdownColumns: {},
      valueColumns: [
        { column: 3, header: 'Grundschulen insgesamt', breakdown: { schoolType: 'grundschule' } },
        { column: 4, header: 'Grundschulen weiblich', breakdown: { schoolType: 'grundschule', sex: 'female' } },
        { column: 5, header: 'Gymnasien insgesamt', breakdown: { schoolType: 'gymnasium' } },
        { column: 6, header: 'Gymnasien weiblich', breakdown: { schoolType: 'gymnasium', sex: 'female' } },
        { column: 7, header: 'Förderschulen insgesamt', breakdown: { schoolType: 'foerderschule' } },
      ],
      caseCountColumn: null,
      numberFormat: 'de',
    });
    expect(values).toHaveLength(30);
    expect(brief(values.filter((value) => value.period === '2023/24' && value.area === 'Musterstadt, Stadt'))).toEqual([
      '2023/24 Musterstadt, Stadt {"schoolType":"grundschule"} 4689',
      '2023/24 Musterstadt, Stadt {"schoolType":"grundschule","sex":"female"} unknown',
      '2023/24 Musterstadt, Stadt {"schoolType":"gymnasium"} 3950',
      '2023/24 Musterstadt, Stadt {"schoolType":"gymnasium","sex":"female"} secret',
      '2023/24 Musterstadt, Stadt {"schoolType":"foerderschule"} none',
    ]);
  });

  it('when a long CSV has Geschlecht and Staatsangehörigkeit columns and school years written two ways, then one value per row', async () => {
    const { mapping, values, issues } = await importFile(await fixture('long-format.csv'), 'long-format.csv', 'pupils');
    expect(issues).toEqual([]);
    expect(mapping).toMatchObject({
      periodColumn: 0,
      breakdownColumns: { sex: 1, nationality: 2 },
      valueColumns: [{ column: 3, header: 'Anzahl', breakdown: {} }],
    });
    expect(brief(values)).toEqual([
      '2022/23 Landkreis Musterland {} 12480',
      '2022/23 Landkreis Musterland {"sex":"male"} 6391',
      '2022/23 Landkreis Musterland {"sex":"female"} 6089',
      '2022/23 Landkreis Musterland {"nationality":"foreign"} 1873',
      '2023/24 Landkreis Musterland {} 12655',
      '2023/24 Landkreis Musterland {"sex":"male"} 6502',
      '2023/24 Landkreis Musterland {"sex":"female"} unknown',
      '2023/24 Landkreis Musterland {"nationality":"foreign"} secret',
    ]);
  });

  it('when an XLSX has a merged title, an indicator heading merged over three columns, date cells, percent cells and a formula, then its values', async () => {
    const { read, mapping, values, issues } = await importFile(await fixture('kreisdaten.xlsx'), 'kreisdaten.xlsx');
    expect(issues).toEqual([]);
    expect(read.table).toEqual({
      format: 'xlsx',
      encoding: null,
      delimiter: null,
      sheet: 'Daten',
      rows: [
        ['Kreisdaten Musterstadt'],
        [],
        ['Stichtag', 'Gebiet', 'Anteil der ausländischen Bevölkerung'],
        ['', '', 'insgesamt', 'männlich', 'weiblich'],
        ['2022-12-31', 'Musterstadt', '15.2%', '16.1%', '14.3%'],
        ['2023-12-31', 'Musterstadt', '16.2%', '17%', 'x'],
        ['2024-12-31', 'Musterstadt', '17.1%', '.', '-'],
        [],
        ['Quelle: Statistisches Landesamt Musterland'],
      ],
    });
    expect(mapping?.valueColumns.map((value) => [value.header, value.indicatorKey, value.breakdown])).toEqual([
      ['Anteil der ausländischen Bevölkerung insgesamt', 'foreign-nationals-share', {}],
      ['Anteil der ausländischen Bevölkerung männlich', 'foreign-nationals-share', { sex: 'male' }],
      ['Anteil der ausländischen Bevölkerung weiblich', 'foreign-nationals-share', { sex: 'female' }],
    ]);
    expect(brief(values)).toEqual([
      '2022 Musterstadt {} 15.2',
      '2022 Musterstadt {"sex":"male"} 16.1',
      '2022 Musterstadt {"sex":"female"} 14.3',
      '2023 Musterstadt {} 16.2',
      '2023 Musterstadt {"sex":"male"} 17',
      '2023 Musterstadt {"sex":"female"} secret',
      '2024 Musterstadt {} 17.1',
      '2024 Musterstadt {"sex":"male"} unknown',
      '2024 Musterstadt {"sex":"female"} none',
    ]);
  });

  it('when a sheet is named, then that sheet is read; an unknown name lists the sheets', async () => {
    const bytes = await fixture('kreisdaten.xlsx');
    expect(await readTable(bytes, 'kreisdaten.xlsx', undefined, { sheet: 'Erläuterungen' })).toEqual({
      table: {
        format: 'xlsx',
        encoding: null,
        delimiter: null,
        sheet: 'Erläuterungen',
        rows: [
          ['Jahr', 'insgesamt'],
          ['2024', '12.5'],
        ],
      },
      issues: [],
    });
    expect(await readTable(bytes, 'kreisdaten.xlsx', undefined, { sheet: 'Fehlt' })).toEqual({
      table: null,
      issues: [{ row: null, column: null, code: 'sheet_not_found', message: "The workbook has no sheet 'Fehlt'; its sheets are 'Daten', 'Erläuterungen'." }],
    });
  });
});

describe('importing a file with every kind of row and cell error', () => {
  it('when every row has its own fault, then each is reported with its row, column and cell text, and only good cells give values', async () => {
    const { values, issues } = await importFile(await fixture('every-error.csv'), 'every-error.csv');
    const expected: ImportIssue[] = [
      {
        row: 3,
        column: 5,
        code: 'not_a_number',
        message: "'12,3a' is not a number; write a number (1.234,5) or a sign: - nothing there, . unknown, x withheld.",
        value: '12,3a',
      },
      { row: 4, column: 1, code: 'bad_period', message: "'20234' is not a period; write a year (2024) or a school year (2023/24).", value: '20234' },
      { row: 5, column: 1, code: 'missing_period', message: 'This row has values but no period.' },
      {
        row: 6,
        column: 2,
        code: 'unknown_indicator',
        message: "'Quote XY' is not an indicator of the catalogue (by key or by German or English name).",
        value: 'Quote XY',
      },
      { row: 7, column: 2, code: 'missing_indicator', message: 'This row has values but names no indicator.' },
      { row: 8, column: 3, code: 'missing_area', message: 'This row has values but no area.' },
      {
        row: 9,
        column: 4,
        code: 'unknown_category',
        message: "'gemischt' is not a sex category; write männlich, weiblich, divers or insgesamt.",
        value: 'gemischt',
      },
      {
        row: 10,
        column: 5,
        code: 'duplicate_value',
        message: "A second value for 'pupils', 2023, total, Musterstadt; the first is in row 2, column 5.",
        value: '1.240',
      },
      { row: 11, column: 5, code: 'negative_value', message: "'-4' is negative; values of 'pupils' cannot be below 0.", value: '-4' },
      { row: 12, column: 5, code: 'not_whole_number', message: "'12,5' is not a whole number; 'pupils' is a count.", value: '12,5' },
      { row: 13, column: 5, code: 'percent_out_of_range', message: "'112,5' is more than 100; 'u3-childcare-rate' is a percentage.", value: '112,5' },
      { row: 14, column: 4, code: 'breakdown_not_supported', message: "'u3-childcare-rate' has no breakdown by sex.", value: 'weiblich' },
      { row: 15, column: 4, code: 'breakdown_not_supported', message: "'u3-childcare-rate' has no breakdown by sex.", value: 'männlich' },
      {
        row: 16,
        column: 6,
        code: 'bad_case_count',
        message: "'abc' is not a case count; write a whole number of at least 0, or leave the cell empty.",
        value: 'abc',
      },
      {
        row: 17,
        column: 7,
        code: 'ragged_row',
        message: 'This row has a cell to the right of the last column with a heading; its values cannot be matched to the headings.',
        value: '99',
      },
    ];
    expect(issues).toEqual(expected);
    // Row 2 is good; row 18 has no value at all and is no problem.
    expect(values.map((value) => [value.row, value.value])).toEqual([[1, 1234]]);
  });

  it('when a data request allows other periods and indicators, then period_not_requested and indicator_not_requested too', async () => {
    const read = await readTable(Buffer.from('Jahr;Indikator;Wert\n2022;pupils;1\n2024;u3-childcare-rate;5\n2024;pupils;3\n'), 'antwort.csv');
    const { mapping } = detectMapping(read.table!, IMPORT_CATALOGUE, { indicatorKey: 'pupils', defaultArea: 'Kreis' });
    const applied = applyMapping(read.table!, mapping, IMPORT_CATALOGUE, {
      defaultArea: 'Kreis',
      allowedIndicators: ['pupils'],
      allowedPeriods: ['2023', '2024'],
    });
    expect(applied.issues.map(({ code, row, column }) => [code, row, column])).toEqual([
      ['period_not_requested', 2, 1],
      ['indicator_not_requested', 3, 2],
    ]);
    expect(applied.values.map((value) => [value.period, value.value])).toEqual([['2024', 3]]);
  });
});

describe('importing files that cannot be read', () => {
  const only = async (bytes: Buffer, fileName: string, contentType?: string) => readTable(bytes, fileName, contentType);
  const issue = (code: string, message: string) => ({ table: null, issues: [{ row: null, column: null, code, message }] });

  it('when the file is empty, then empty_file', async () => {
    expect(await only(Buffer.alloc(0), 'leer.csv')).toEqual(issue('empty_file', 'The file is empty.'));
  });

  it('when the file is a picture, then unreadable_file', async () => {
    expect(await only(SAMPLE_PNG, 'daten.csv')).toEqual(
      issue('unreadable_file', 'The file is not a text table (it contains binary data); upload a CSV file or an Excel workbook (.xlsx).'),
    );
  });

  it('when an XLSX is cut off, then unreadable_file says it is incomplete', async () => {
    const bytes = await fixture('kreisdaten.xlsx');
    const message = 'The Excel file is damaged or incomplete (it may have been cut off on the way); save it again and upload it once more.';
    for (const length of [100, Math.floor(bytes.length / 2), bytes.length - 10]) {
      expect(await only(bytes.subarray(0, length), 'kreisdaten.xlsx')).toEqual(issue('unreadable_file', message));
    }
  });

  it('when an XLSX is damaged inside, then unreadable_file and no crash', async () => {
    const bytes = Buffer.from(await fixture('kreisdaten.xlsx'));
    bytes.fill(0x41, 200, 2_000);
    expect(await only(bytes, 'kreisdaten.xlsx')).toEqual(
      issue('unreadable_file', 'The Excel file is damaged and cannot be read; open it in Excel, save it again, and upload it once more.'),
    );
  });

  it('when the file is old Excel (.xls), then unsupported_format, by its bytes or by its name', async () => {
    const message = 'Old Excel files (.xls) cannot be read; open the file in Excel and save it as an Excel workbook (.xlsx) or as CSV.';
    expect(await only(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), 'daten.bin')).toEqual(issue('unsupported_format', message));
    expect(await only(Buffer.from('<table><tr><td>1</td></tr></table>'), 'export.xls')).toEqual(issue('unsupported_format', message));
  });

  it('when the file is an OpenDocument spreadsheet or another ZIP, then unsupported_format or unreadable_file', async () => {
    const ods = storedZip({ mimetype: 'application/vnd.oasis.opendocument.spreadsheet', 'content.xml': '<office:document-content/>' });
    expect(await only(ods, 'daten.ods')).toEqual(
      issue('unsupported_format', 'OpenDocument spreadsheets (.ods) cannot be read; save the table as an Excel workbook (.xlsx) or as CSV.'),
    );
    const docx = storedZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
    expect(await only(docx, 'daten.xlsx')).toEqual(issue('unreadable_file', 'The file is a ZIP archive but not an Excel workbook (.xlsx).'));
  });

  it('when a file named .xlsx is text, then unreadable_file says it is not a workbook', async () => {
    expect(await only(Buffer.from('Jahr;Wert\n2024;1\n'), 'daten.xlsx')).toEqual(
      issue('unreadable_file', 'The file is sent as an Excel workbook (.xlsx) but is not one; it may be damaged, or another kind of file renamed.'),
    );
  });

  it('when a workbook unpacks to more than the limit, then too_large before anything is unpacked', async () => {
    const result = await readTable(await fixture('kreisdaten.xlsx'), 'kreisdaten.xlsx', undefined, { maxUnpackedBytes: 1_000 });
    expect(result).toEqual(issue('too_large', 'The workbook unpacks to 18 KB; at most 1 KB can be read. Save the sheet as CSV, or split it.'));
  });

  it('when a sheet has more rows than the limit, then too_many_rows and no table', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Daten');
    sheet.addRow(['Jahr', 'insgesamt']);
    for (let i = 0; i < 20; i += 1) sheet.addRow([2000 + i, i]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await readTable(bytes, 'gross.xlsx', undefined, { maxRows: 10 })).toEqual(
      issue('too_many_rows', 'The file has more than 10 rows; an import takes at most 100,000 rows of values. Split the file, e.g. by year or by area.'),
    );
    expect((await readTable(bytes, 'gross.xlsx', undefined, { maxRows: 21 })).table?.rows).toHaveLength(21);
  });

  it('when a workbook has no shared strings (numbers only), then it is read', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Zahlen').addRows([
      [2023, 1.5],
      [2024, 2],
    ]);
    expect(await readTable(Buffer.from(await workbook.xlsx.writeBuffer()), 'zahlen.xlsx')).toEqual({
      table: {
        format: 'xlsx',
        encoding: null,
        delimiter: null,
        sheet: 'Zahlen',
        rows: [
          ['2023', '1.5'],
          ['2024', '2'],
        ],
      },
      issues: [],
    });
  });

  it('when workbooks are read, whole, in part or damaged, then no temporary file is left behind', async () => {
    // exceljs's streaming reader spools sheets to tmp-<pid>-… files when the shared strings come last (as Excel writes them).
    const temporary = () => readdirSync(os.tmpdir()).filter((name) => name.startsWith(`tmp-${process.pid}-`)).length;
    const before = temporary();
    const bytes = await fixture('kreisdaten.xlsx');
    const damaged = Buffer.from(bytes);
    damaged.fill(0x41, 3_000, 5_000);
    await readTable(bytes, 'kreisdaten.xlsx');
    await readTable(bytes, 'kreisdaten.xlsx', undefined, { sheet: 'Erläuterungen' });
    await readTable(bytes, 'kreisdaten.xlsx', undefined, { maxRows: 2 });
    await readTable(damaged, 'kreisdaten.xlsx');
    expect(temporary()).toBe(before);
  });

  it('when reading makes no progress for the stall time, then it gives up with unreadable_file', async () => {
    expect(await readTable(await fixture('kreisdaten.xlsx'), 'kreisdaten.xlsx', undefined, { stallMs: 0 })).toEqual(
      issue('unreadable_file', 'The Excel file is damaged and cannot be read; open it in Excel, save it again, and upload it once more.'),
    );
  });

  it('when a formula has no saved result, then its cell reads as the formula and is not_a_number', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Daten');
    sheet.addRow(['Jahr', 'insgesamt']);
    sheet.addRow([2023, 5]);
    sheet.addRow([2024, { formula: 'SUM(C1:C9)' }]);
    const { values, issues } = await importFile(Buffer.from(await workbook.xlsx.writeBuffer()), 'formel.xlsx', 'pupils');
    expect(values.map((value) => value.value)).toEqual([5]);
    expect(issues).toEqual([
      {
        row: 3,
        column: 2,
        code: 'not_a_number',
        message: "'=SUM(C1:C9)' is a formula without a saved number as its result; open the workbook in Excel, save it, and upload it again.",
        value: '=SUM(C1:C9)',
      },
    ]);
  });

  it('when a CSV has a quote that is never closed, then the table comes with unclosed_quote', async () => {
    const { table, issues } = await readTable(Buffer.from('Jahr;Kreis;Wert\n2024;"Musterstadt;1\n2025;B;2\n'), 'daten.csv');
    expect(table?.rows).toEqual([
      ['Jahr', 'Kreis', 'Wert'],
      ['2024', 'Musterstadt;1\n2025;B;2'],
    ]);
    expect(issues).toEqual([
      { row: 2, column: 2, code: 'unclosed_quote', message: 'A quoted cell starts here and is never closed; check the quotes (") in this row.' },
    ]);
  });
});
