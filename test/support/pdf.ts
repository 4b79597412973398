import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs a poppler tool (pdftotext, pdfinfo) on the PDF, from a temporary file. */
async function withPdfFile(pdf: Buffer, tool: string, args: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pdf-test-'));
  try {
    const file = path.join(dir, 'file.pdf');
    await writeFile(file, pdf);
    return (await run(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])])).stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The PDF's text as `pdftotext -layout` reads it, no-break spaces as spaces. */
export async function pdfText(pdf: Buffer): Promise<string> {
  return (await withPdfFile(pdf, 'pdftotext', ['-layout', '-enc', 'UTF-8'])).replace(/\u00a0/g, ' ');
}

/** `pdfinfo`'s report: title, author, pages, tagged… */
export function pdfInfo(pdf: Buffer): Promise<string> {
  return withPdfFile(pdf, 'pdfinfo', []);
}
