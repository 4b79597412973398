import { AppError } from './errors';
import { assertContentMatches, contentDisposition, parseAttachmentType, parseFileName, type AttachmentContentType } from './attachments';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? Array.from(new TextEncoder().encode(part)) : part)));

/** The first entry of a ZIP package: a stored file `name` with `content` (CRC left 0; only the header is read). */
function zipEntry(name: string, content: string): number[] {
  const le16 = (n: number) => [n & 0xff, n >> 8];
  const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
  return [0x50, 0x4b, 0x03, 0x04, ...le16(10), ...le16(0), ...le16(0), ...le16(0), ...le16(0), ...le32(0), ...le32(content.length), ...le32(content.length)]
    .concat(le16(name.length), le16(0))
    .concat(Array.from(new TextEncoder().encode(name + content)));
}

function errorOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

const ODT = 'application/vnd.oasis.opendocument.text';
const ODS = 'application/vnd.oasis.opendocument.spreadsheet';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('parseAttachmentType', () => {
  it('when the type is on the allow-list, then it is returned without parameters and in lower case', () => {
    expect(parseAttachmentType('Application/PDF')).toBe('application/pdf');
    expect(parseAttachmentType('text/csv; charset=utf-8')).toBe('text/csv');
  });

  it('when the type is missing or not allowed, then 415 naming Content-Type', () => {
    for (const header of [undefined, '', 'text/html', 'application/json', 'application/zip', 'image/svg+xml', 'constructor']) {
      const error = errorOf(() => parseAttachmentType(header));
      expect(error.status).toBe(415);
      expect(error.extras.errors).toEqual([expect.objectContaining({ field: 'Content-Type' })]);
    }
  });
});

describe('parseFileName', () => {
  it('when the name is URI-encoded, then it is decoded and trimmed', () => {
    expect(parseFileName(encodeURIComponent(' Protokoll März 2026.pdf '))).toBe('Protokoll März 2026.pdf');
  });

  it.each([
    ['missing', undefined, 'required'],
    ['blank', '%20', 'empty'],
    ['badly encoded', '%E0%A4%A', 'invalid_encoding'],
    ['a path', encodeURIComponent('../etc/passwd'), 'invalid_characters'],
    ['a Windows path', encodeURIComponent('a\\b.pdf'), 'invalid_characters'],
    ['with a control character', encodeURIComponent('a\nb.pdf'), 'invalid_characters'],
    ['with a bidi override', encodeURIComponent('rechnung\u202Efdp.exe'), 'invalid_characters'],
    ['only dots', '..', 'invalid_characters'],
    ['201 characters long', encodeURIComponent(`${'ä'.repeat(197)}.pdf`), 'too_big'],
  ])('when the name is %s, then 422 naming X-File-Name', (_label, header, code) => {
    const error = errorOf(() => parseFileName(header));
    expect(error.status).toBe(422);
    expect(error.extras.errors).toEqual([expect.objectContaining({ field: 'X-File-Name', code })]);
  });

  it('when the name has exactly 200 characters, then it is accepted', () => {
    const name = `${'ä'.repeat(196)}.pdf`;
    expect(parseFileName(encodeURIComponent(name))).toBe(name);
  });
});

describe('assertContentMatches', () => {
  const good: [AttachmentContentType, Uint8Array][] = [
    ['application/pdf', bytes('%PDF-1.4\n%âãÏÓ\n')],
    ['image/png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
    ['image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16])],
    ['text/plain', bytes('Grüße\r\n')],
    ['text/csv', bytes('a;b\n1;2\n')],
    [DOCX, bytes(zipEntry('[Content_Types].xml', '<Types/>'), zipEntry('word/document.xml', '<w/>'))],
    [XLSX, bytes(zipEntry('[Content_Types].xml', '<Types/>'), zipEntry('xl/workbook.xml', '<x/>'))],
    [ODT, bytes(zipEntry('mimetype', ODT), zipEntry('content.xml', '<c/>'))],
    [ODS, bytes(zipEntry('mimetype', ODS))],
  ];

  it.each(good)('when %s content starts as its type says, then it passes', (type, content) => {
    expect(() => assertContentMatches(type, content)).not.toThrow();
  });

  const bad: [AttachmentContentType, Uint8Array][] = [
    ['application/pdf', bytes('<html><script>alert(1)</script>')],
    ['image/png', bytes([0xff, 0xd8, 0xff, 0xe0])],
    ['image/jpeg', bytes('%PDF-1.4')],
    ['text/plain', bytes('abc', [0], 'def')],
    ['text/csv', bytes([0xc3, 0x28])],
    [DOCX, bytes(zipEntry('[Content_Types].xml', '<Types/>'), zipEntry('xl/workbook.xml', '<x/>'))],
    [DOCX, bytes(zipEntry('evil.exe', 'MZ'))],
    [XLSX, bytes('PK')],
    [ODT, bytes(zipEntry('mimetype', ODS))],
    [ODS, bytes(zipEntry('content.xml', ODS))],
  ];

  it.each(bad)('when %s content is something else, then 415 naming the mismatch', (type, content) => {
    const error = errorOf(() => assertContentMatches(type, content));
    expect(error.status).toBe(415);
    expect(error.code).toBe('content_type_mismatch');
    expect(error.extras.errors).toEqual([expect.objectContaining({ field: 'body', code: 'content_type_mismatch', params: { declared: type } })]);
  });
});

describe('contentDisposition', () => {
  it('when the name is not ASCII, then it is sent exactly as filename* and approximated as filename', () => {
    expect(contentDisposition('Bericht "März" (final).pdf')).toBe(
      `attachment; filename="Bericht _M_rz_ (final).pdf"; filename*=UTF-8''Bericht%20%22M%C3%A4rz%22%20%28final%29.pdf`,
    );
  });
});
