import { UnsupportedMediaTypeError, ValidationError } from './errors';

/**
 * What an attachment may be. Checked on the whole upload before anything is
 * stored: the declared type must be on the allow-list and the bytes must be
 * what that type says (a renamed HTML page is not a PDF). Pure: works on bytes.
 */
export const ATTACHMENT_TYPES = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'text/plain': 'text',
  'text/csv': 'text',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
} as const;
export type AttachmentContentType = keyof typeof ATTACHMENT_TYPES;
export const ATTACHMENT_CONTENT_TYPES = Object.keys(ATTACHMENT_TYPES) as AttachmentContentType[];

export const FILE_NAME_MAX = 200;
const FILE_NAME_HEADER = 'X-File-Name';

const isAllowedType = (type: string): type is AttachmentContentType => Object.hasOwn(ATTACHMENT_TYPES, type);

/** The media type of a Content-Type header (without parameters), if it is on the allow-list; 415 otherwise. */
export function parseAttachmentType(header: string | undefined): AttachmentContentType {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  if (isAllowedType(type)) return type;
  throw new UnsupportedMediaTypeError('unsupported_media_type', type ? `Files of type '${type}' cannot be attached.` : 'Send the file with its Content-Type.', [
    {
      field: 'Content-Type',
      code: type ? 'not_allowed' : 'required',
      message: `must be one of ${ATTACHMENT_CONTENT_TYPES.join(', ')}`,
      params: { allowed: ATTACHMENT_CONTENT_TYPES.join(', ') },
    },
  ]);
}

// Control characters, and the bidirectional overrides that make "gpj.exe" look like "exe.jpg".
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_NAME = /[\u0000-\u001f\u007f-\u009f/\\\u202a-\u202e\u2066-\u2069]/;

/** The file name from the X-File-Name header (URI-encoded): 1–200 characters, no path and no control characters; 422 otherwise. */
export function parseFileName(header: string | undefined): string {
  const fail = (code: string, message: string, params?: Record<string, number>) => {
    throw new ValidationError([{ field: FILE_NAME_HEADER, code, message, ...(params ? { params } : {}) }]);
  };
  if (header === undefined || header.trim() === '') return fail('required', 'is required: the URI-encoded file name');
  let name: string;
  try {
    name = decodeURIComponent(header).normalize('NFC').trim();
  } catch {
    return fail('invalid_encoding', 'must be URI-encoded (encodeURIComponent)');
  }
  if (name === '') return fail('empty', 'must not be empty');
  if ([...name].length > FILE_NAME_MAX) return fail('too_big', `must be at most ${FILE_NAME_MAX} characters`, { maximum: FILE_NAME_MAX });
  if (FORBIDDEN_IN_NAME.test(name)) return fail('invalid_characters', 'must not contain path separators or control characters');
  if (/^\.+$/.test(name)) return fail('invalid_characters', 'must be a file name');
  return name;
}

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
const PDF = ascii('%PDF-');
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);

function includes(bytes: Uint8Array, text: string): boolean {
  const needle = ascii(text);
  const last = bytes.length - needle.length;
  for (let i = bytes.indexOf(needle[0]!); i !== -1 && i <= last; i = bytes.indexOf(needle[0]!, i + 1)) {
    if (startsWith(bytes, needle, i)) return true;
  }
  return false;
}

/** An OpenDocument package starts with an uncompressed entry "mimetype" holding its media type. */
function isOpenDocument(bytes: Uint8Array, type: string): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 38 + type.length) return false;
  const size = view.getUint32(18, true);
  const nameLength = view.getUint16(26, true);
  const extraLength = view.getUint16(28, true);
  const at = 30 + nameLength + extraLength;
  return nameLength === 8 && startsWith(bytes, ascii('mimetype'), 30) && size === type.length && startsWith(bytes, ascii(type), at);
}

function isUtf8Text(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const CHECKS: Record<(typeof ATTACHMENT_TYPES)[AttachmentContentType], { what: string; matches: (bytes: Uint8Array, type: string) => boolean }> = {
  pdf: { what: 'a PDF document', matches: (b) => startsWith(b, PDF) },
  png: { what: 'a PNG image', matches: (b) => startsWith(b, PNG) },
  jpeg: { what: 'a JPEG image', matches: (b) => startsWith(b, JPEG) },
  text: { what: 'UTF-8 text without NUL bytes', matches: isUtf8Text },
  // Office Open XML: a ZIP package with a content-types part and the part folder of its kind.
  docx: { what: 'a Word document (docx)', matches: (b) => startsWith(b, ZIP) && includes(b, '[Content_Types].xml') && includes(b, 'word/') },
  xlsx: { what: 'an Excel workbook (xlsx)', matches: (b) => startsWith(b, ZIP) && includes(b, '[Content_Types].xml') && includes(b, 'xl/') },
  odt: { what: 'an OpenDocument text (odt)', matches: (b, type) => startsWith(b, ZIP) && isOpenDocument(b, type) },
  ods: { what: 'an OpenDocument spreadsheet (ods)', matches: (b, type) => startsWith(b, ZIP) && isOpenDocument(b, type) },
};

/** 415 unless the content is what the declared type says, judged by its leading bytes (and, for text, by being valid UTF-8). */
export function assertContentMatches(type: AttachmentContentType, bytes: Uint8Array): void {
  const check = CHECKS[ATTACHMENT_TYPES[type]];
  if (check.matches(bytes, type)) return;
  throw new UnsupportedMediaTypeError('content_type_mismatch', `The file was sent as '${type}' but its content is not ${check.what}.`, [
    { field: 'body', code: 'content_type_mismatch', message: `is not ${check.what}`, params: { declared: type } },
  ]);
}

/** `Content-Disposition: attachment` with an ASCII fallback and the exact name as RFC 5987 `filename*`. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
