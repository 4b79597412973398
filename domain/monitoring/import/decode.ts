import type { ImportIssue } from '../types';
import { fileIssue } from './issues';

export type TextEncoding = 'utf-8' | 'iso-8859-1';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
/** Share of control bytes (other than tab, line breaks and form feed) above which a file is not text. */
const MAX_CONTROL_SHARE = 0.01;

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((byte, i) => bytes[i] === byte);

const isUtf16 = (bytes: Uint8Array) => startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]);

function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return true;
  let controls = 0;
  for (const byte of bytes) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) controls += 1;
  }
  return controls > bytes.length * MAX_CONTROL_SHARE;
}

/**
 * Windows-1252 at 0x80–0x9F, where ISO-8859-1 has control characters that
 * text files never mean: `€`, typographic quotes and dashes. Mapped by hand
 * because Node's TextDecoder reads the windows-1252 label as plain Latin-1.
 */
const WINDOWS_1252: Record<string, string> = Object.fromEntries(
  Array.from('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ', (char, i) => [String.fromCharCode(0x80 + i), char]),
);

function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes).replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252[char] ?? char);
}

/** The line (1-based) of the first character a lenient UTF-8 decoder had to replace. */
function firstBadLine(bytes: Uint8Array): number {
  const text = new TextDecoder('utf-8').decode(bytes);
  const at = text.indexOf('\ufffd');
  return text.slice(0, Math.max(0, at)).split('\n').length;
}

/**
 * The text of a CSV file. UTF-8 when the bytes are valid UTF-8 (a BOM is
 * dropped), otherwise ISO-8859-1 as German statistics offices and older Excel
 * write it, read as its superset windows-1252 so that `€` and typographic
 * quotes survive. A file with NUL bytes or many control characters is not
 * text; UTF-16 (Excel's "Unicode text") is named as such.
 */
export function decodeText(bytes: Uint8Array): { decoded: DecodedText | null; issues: ImportIssue[] } {
  const fail = (issue: ImportIssue) => ({ decoded: null, issues: [issue] });
  if (bytes.length === 0) return fail(fileIssue('empty_file', 'The file is empty.'));
  if (isUtf16(bytes)) {
    return fail(fileIssue('bad_encoding', "The file is UTF-16 text (Excel's “Unicode text”); save it as “CSV UTF-8” or as an Excel workbook (.xlsx)."));
  }
  if (looksBinary(bytes)) {
    return fail(fileIssue('unreadable_file', 'The file is not a text table (it contains binary data); upload a CSV file or an Excel workbook (.xlsx).'));
  }
  const hasBom = startsWith(bytes, UTF8_BOM);
  const body = hasBom ? bytes.subarray(UTF8_BOM.length) : bytes;
  let decoded: DecodedText;
  try {
    decoded = { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    if (hasBom) {
      const line = firstBadLine(body);
      return fail(fileIssue('bad_encoding', `The file is marked as UTF-8 but line ${line} is not UTF-8; save it again as “CSV UTF-8”.`));
    }
    decoded = { text: decodeWindows1252(body), encoding: 'iso-8859-1' };
  }
  if (decoded.text.trim() === '') return fail(fileIssue('empty_file', 'The file is empty.'));
  return { decoded, issues: [] };
}
