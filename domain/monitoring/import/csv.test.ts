import { detectDelimiter, parseCsv, readCsvTable } from './csv';

describe('detectDelimiter', () => {
  it('when lines are split by ; with German decimal commas, then ; (the commas vary, the semicolons do not)', () => {
    expect(detectDelimiter('Jahr;Wert;Quote\n2023;1,5;12,25\n2024;2;13,5\n')).toBe(';');
  });

  it('when German decimals stand in quotes in a comma file, then , (quoted commas do not count)', () => {
    expect(detectDelimiter('Jahr,Wert,Quote\n2023,"1,5","12,25"\n2024,"2","13,5"\n')).toBe(',');
  });

  it('when the file is tab-separated, then tab', () => {
    expect(detectDelimiter('Jahr\tWert\n2023\t1,5\n')).toBe('\t');
  });

  it('when title lines have none and footers have commas, then the delimiter the table rows agree on', () => {
    const text = 'Statistisches Landesamt\nTabelle 1: Schüler, Klassen\n\nJahr;Kreis;Wert\n2023;A;1\n2024;A;2\n© Landesamt, 2025\n';
    expect(detectDelimiter(text)).toBe(';');
  });

  it("when the first line is Excel's sep= hint, then its delimiter", () => {
    expect(detectDelimiter('sep=,\nJahr;Wert,x\n')).toBe(',');
  });

  it('when no line has a delimiter, then null', () => {
    expect(detectDelimiter('Jahr\n2024\n')).toBeNull();
  });
});

describe('parseCsv', () => {
  it('when cells are quoted with "" escapes, delimiters and line breaks inside, then each is one trimmed cell', () => {
    const text = 'Name;Notiz\r\n"Musterstadt; Stadt";"Er sagte ""ja""\r\nund ging"\r\n  x  ; "  y  " \r\n';
    expect(parseCsv(text).rows).toEqual([
      ['Name', 'Notiz'],
      ['Musterstadt; Stadt', 'Er sagte "ja"\r\nund ging'],
      ['x', 'y'],
    ]);
  });

  it('when lines end in LF, CRLF or CR, then each ends a row; blank lines inside stay, trailing ones go', () => {
    expect(parseCsv('a;b\n\n1;2\r\n3;4\r5;6\n\n\n', { delimiter: ';' }).rows).toEqual([['a', 'b'], [''], ['1', '2'], ['3', '4'], ['5', '6']]);
  });

  it('when a quote stands inside an unquoted cell, then it is text', () => {
    expect(parseCsv('a;5" Zoll;b\n', { delimiter: ';' }).rows).toEqual([['a', '5" Zoll', 'b']]);
  });

  it('when the last line has no line break, then it is a row', () => {
    expect(parseCsv('a,b\n1,2').rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it("when Excel's sep= line is first, then it is not a row", () => {
    expect(parseCsv('sep=;\r\nJahr;Wert\r\n2024;1\r\n')).toEqual({
      rows: [
        ['Jahr', 'Wert'],
        ['2024', '1'],
      ],
      delimiter: ';',
      issues: [],
    });
  });

  it('when a quoted cell is never closed, then unclosed_quote at the row and column it opens', () => {
    const { rows, issues } = parseCsv('Jahr;Kreis\n2024;"Musterstadt\n2025;B\n');
    expect(rows).toEqual([
      ['Jahr', 'Kreis'],
      ['2024', 'Musterstadt\n2025;B'],
    ]);
    expect(issues).toEqual([
      { row: 2, column: 2, code: 'unclosed_quote', message: 'A quoted cell starts here and is never closed; check the quotes (") in this row.' },
    ]);
  });

  it('when there are more rows than allowed, then reading stops with too_many_rows and no rows', () => {
    expect(parseCsv('a;b\n1;2\n3;4\n5;6\n', { maxRows: 3 })).toEqual({
      rows: null,
      delimiter: ';',
      issues: [
        {
          row: null,
          column: null,
          code: 'too_many_rows',
          message: 'The file has more than 3 rows; an import takes at most 100,000 rows of values. Split the file, e.g. by year or by area.',
        },
      ],
    });
  });

  it('when a file has more than 100,100 rows (the default), then too_many_rows', () => {
    const text = 'Jahr;Wert\n' + '2024;1\n'.repeat(100_100);
    const { rows, issues } = parseCsv(text);
    expect(rows).toBeNull();
    expect(issues.map((issue) => [issue.code, issue.message])).toEqual([
      ['too_many_rows', 'The file has more than 100,100 rows; an import takes at most 100,000 rows of values. Split the file, e.g. by year or by area.'],
    ]);
    expect(parseCsv('Jahr;Wert\n' + '2024;1\n'.repeat(100_099)).rows).toHaveLength(100_100);
  });

  it('when a row has more than the allowed columns, then too_many_columns', () => {
    expect(parseCsv('1;2;3;4\n', { maxColumns: 3 }).issues.map((issue) => issue.code)).toEqual(['too_many_columns']);
  });
});

describe('readCsvTable', () => {
  it('when bytes are Latin-1 with ; then a csv table with encoding iso-8859-1', () => {
    const bytes = Uint8Array.from('Jahr;Förderschulen\n2024;3\n', (char) => char.charCodeAt(0));
    expect(readCsvTable(bytes)).toEqual({
      table: {
        format: 'csv',
        encoding: 'iso-8859-1',
        delimiter: ';',
        rows: [
          ['Jahr', 'Förderschulen'],
          ['2024', '3'],
        ],
        sheet: null,
      },
      issues: [],
    });
  });

  it('when the bytes are binary, then no table and the decoding issue', () => {
    expect(readCsvTable(Uint8Array.from([0, 1, 2, 3]))).toEqual({ table: null, issues: [expect.objectContaining({ code: 'unreadable_file' })] });
  });
});
