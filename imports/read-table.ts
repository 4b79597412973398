import { readCsvTable } from '../domain/monitoring/import/csv';
import { fileIssue } from '../domain/monitoring/import/issues';
import type { ImportIssue, RawTable } from '../domain/monitoring/types';
import { readXlsx, type XlsxOptions } from './xlsx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
/** Compound File Binary: .xls and the other Office 97–2003 formats. */
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((byte, i) => bytes[i] === byte);
const extensionOf = (fileName: string) => /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase() ?? '';

const OLD_EXCEL = 'Old Excel files (.xls) cannot be read; open the file in Excel and save it as an Excel workbook (.xlsx) or as CSV.';

/**
 * A file's table, whatever it is: XLSX when the bytes are a ZIP archive,
 * CSV otherwise. The bytes decide, not the name or the Content-Type (Windows
 * browsers send CSV files as application/vnd.ms-excel); the name and type
 * only sharpen the message when a file is not what it claims. Old Excel
 * (.xls) and OpenDocument (.ods) files get a clear `unsupported_format`.
 */
export async function readTable(
  bytes: Buffer,
  fileName: string,
  contentType?: string,
  options: XlsxOptions = {},
): Promise<{ table: RawTable | null; issues: ImportIssue[] }> {
  const fail = (issue: ImportIssue) => ({ table: null, issues: [issue] });
  const extension = extensionOf(fileName);
  if (bytes.length === 0) return fail(fileIssue('empty_file', 'The file is empty.'));
  if (startsWith(bytes, OLE)) return fail(fileIssue('unsupported_format', OLD_EXCEL));
  if (startsWith(bytes, ZIP) || startsWith(bytes, EMPTY_ZIP)) return readXlsx(bytes, options);
  if (extension === 'xls') return fail(fileIssue('unsupported_format', OLD_EXCEL));
  if (extension === 'ods') {
    return fail(fileIssue('unsupported_format', 'OpenDocument spreadsheets (.ods) cannot be read; save the table as an Excel workbook (.xlsx) or as CSV.'));
  }
  if (extension === 'xlsx' || extension === 'xlsm' || (extension === '' && contentType?.split(';')[0]?.trim() === XLSX_TYPE)) {
    return fail(
      fileIssue('unreadable_file', 'The file is sent as an Excel workbook (.xlsx) but is not one; it may be damaged, or another kind of file renamed.'),
    );
  }
  return readCsvTable(bytes, { maxRows: options.maxRows, maxColumns: options.maxColumns });
}
