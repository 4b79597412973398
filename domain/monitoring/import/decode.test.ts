import { decodeText } from './decode';

const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decodeText', () => {
  it('when the bytes are UTF-8, then the text is read as UTF-8', () => {
    expect(decodeText(utf8('Jahr;Förderschulen\n2024;12'))).toEqual({ decoded: { text: 'Jahr;Förderschulen\n2024;12', encoding: 'utf-8' }, issues: [] });
  });

  it('when the file starts with a UTF-8 byte order mark, then the mark is dropped', () => {
    const { decoded } = decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('Jahr;männlich')]));
    expect(decoded).toEqual({ text: 'Jahr;männlich', encoding: 'utf-8' });
  });

  it('when the bytes are not UTF-8, then they are read as ISO-8859-1 with umlauts and ß as single bytes', () => {
    const bytes = latin1('Schüler;Förderschulen;Größe;Ä');
    expect(bytes).toContain(0xfc);
    expect(decodeText(bytes)).toEqual({ decoded: { text: 'Schüler;Förderschulen;Größe;Ä', encoding: 'iso-8859-1' }, issues: [] });
  });

  it('when a Latin-1 file has windows-1252 signs (0x80 euro, 0x93/0x94 quotes, 0x96 dash), then they read as such', () => {
    expect(decodeText(Uint8Array.from([0x80, 0x20, 0x35, 0x20, 0x93, 0x78, 0x94, 0x20, 0x96])).decoded).toEqual({ text: '€ 5 “x” –', encoding: 'iso-8859-1' });
  });

  it('when a file with a UTF-8 mark has bytes that are not UTF-8, then bad_encoding names the line', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('Jahr;Wert\n2024;1\n'), ...latin1('Förderschule;2\n')]);
    expect(decodeText(bytes)).toEqual({
      decoded: null,
      issues: [
        { row: null, column: null, code: 'bad_encoding', message: 'The file is marked as UTF-8 but line 3 is not UTF-8; save it again as “CSV UTF-8”.' },
      ],
    });
  });

  it('when the file is UTF-16 (Excel "Unicode text"), then bad_encoding says how to save it', () => {
    const { issues } = decodeText(Uint8Array.from([0xff, 0xfe, 0x4a, 0x00, 0x61, 0x00]));
    expect(issues).toEqual([
      {
        row: null,
        column: null,
        code: 'bad_encoding',
        message: "The file is UTF-16 text (Excel's “Unicode text”); save it as “CSV UTF-8” or as an Excel workbook (.xlsx).",
      },
    ]);
  });

  it('when the bytes contain NUL or many control characters, then the file is unreadable', () => {
    const message = 'The file is not a text table (it contains binary data); upload a CSV file or an Excel workbook (.xlsx).';
    for (const bytes of [
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      Uint8Array.from({ length: 50 }, (_, i) => (i % 2 ? 0x41 : 0x01)),
    ]) {
      expect(decodeText(bytes)).toEqual({ decoded: null, issues: [{ row: null, column: null, code: 'unreadable_file', message }] });
    }
  });

  it('when the file is empty or only whitespace (or only a BOM), then empty_file', () => {
    for (const bytes of [new Uint8Array(0), utf8(' \r\n\t\n'), Uint8Array.from([0xef, 0xbb, 0xbf])]) {
      expect(decodeText(bytes)).toEqual({ decoded: null, issues: [{ row: null, column: null, code: 'empty_file', message: 'The file is empty.' }] });
    }
  });
});
