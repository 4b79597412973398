import PDFDocument from 'pdfkit';
import type { ReportLang } from '../domain/monitoring/number-format';

export interface SvgToPdfOptions {
  width: number;
  height: number;
  fontCallback: (family: string, bold: boolean, italic: boolean) => string;
  warningCallback: (message: string) => void;
}
// svg-to-pdfkit ships no types, and an ambient declaration would not be seen while reports/ is outside tsconfig's
// include; this is the one function of it we use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const svgToPdf = require('svg-to-pdfkit') as (doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options: SvgToPdfOptions) => void;

/** pdfkit's table cells know `scope` (for TH) at runtime; its types do not. */
type Cell = PDFKit.Mixins.CellOptions & { scope?: 'Row' | 'Column' };
type StructOptions = PDFKit.Mixins.StructureElementOptions & { bbox?: [number, number, number, number] };

const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const TEXT_COLOR = '#1f1f1f';
const MUTED_COLOR = '#4d4d4d';
const RULE_COLOR = '#8c8c8c';
const MARGIN = { top: 56, bottom: 64, left: 56, right: 56 };
const BODY_SIZE = 10.5;
const HEADING_SIZES = { 1: 18, 2: 14, 3: 12 } as const;

const WIN_ANSI_EXTRAS = new Set('ƒ–—‘’‚“”„†‡•…€‰‹›ˆ™ŒœŠšŸŽž˜');
const REPLACEMENTS: Record<string, string> = {
  '−': '-',
  '‑': '-',
  '≤': '<=',
  '≥': '>=',
  '→': '->',
  '←': '<-',
  '\u202f': '\u00a0',
  '\u2009': ' ',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ı: 'i',
};

/**
 * The standard PDF fonts (Helvetica) know only WinAnsi: German letters, „ “ – € § ‰ are in it; anything else is
 * replaced by its nearest WinAnsi spelling (`ő` → `o`, `≥` → `>=`) or `?`, so that no character comes out as garbage.
 */
export function toWinAnsi(text: string): string {
  return text.normalize('NFC').replace(/[^\t\n\x20-\x7e\xa0-\xff]/gu, (c) => {
    if (WIN_ANSI_EXTRAS.has(c)) return c;
    const replaced = REPLACEMENTS[c] ?? c.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    return /^[\x20-\x7e\xa0-\xff]+$/.test(replaced) ? replaced : '?';
  });
}

export interface ReportDocumentOptions {
  title: string;
  lang: ReportLang;
  author: string;
  subject: string;
  /** Also the PDF's creation date, so that the same input gives the same bytes. */
  createdAt: Date;
}

export interface TableOptions {
  caption: string;
  header: string[];
  rows: string[][];
  /** Column alignment; by default the first column left, the others (numbers) right. */
  align?: ('left' | 'right')[];
  /** Column widths in points, `*` sharing what is left; by default all share equally. */
  widths?: (number | '*')[];
}

/**
 * An A4 report as a tagged PDF: every piece of content sits in the structure tree (headings, paragraphs, lists,
 * tables with header cells, figures with alternative text); page furniture is marked as artifact. The document
 * carries title, language and author and asks viewers to show the title.
 */
export class ReportDocument {
  readonly doc: PDFKit.PDFDocument;
  private readonly root: PDFKit.PDFStructureElement;
  private section: PDFKit.PDFStructureElement;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  private readonly lang: ReportLang;

  constructor(options: ReportDocumentOptions) {
    this.lang = options.lang;
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      pdfVersion: '1.7',
      tagged: true,
      lang: options.lang === 'de' ? 'de-DE' : 'en-GB',
      displayTitle: true,
      bufferPages: true,
      info: {
        Title: toWinAnsi(options.title),
        Author: toWinAnsi(options.author),
        Subject: toWinAnsi(options.subject),
        Creator: 'mandate-engine',
        Producer: 'mandate-engine (PDFKit)',
        CreationDate: options.createdAt,
      },
    });
    this.done = new Promise((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
    this.section = this.root;
    this.doc.font(FONT).fontSize(BODY_SIZE).fillColor(TEXT_COLOR);
  }

  private get width(): number {
    return this.doc.page.width - MARGIN.left - MARGIN.right;
  }

  private get spaceLeft(): number {
    return this.doc.page.height - MARGIN.bottom - this.doc.y;
  }

  /** Starts a new page unless `height` points still fit, so that a heading is not left alone at the foot of a page. */
  keepSpace(height: number): void {
    if (this.spaceLeft < height) this.doc.addPage();
  }

  /** Starts a new page unless the current one is still empty. */
  newPage(): void {
    if (this.doc.y > MARGIN.top + 1) this.doc.addPage();
  }

  /** One element of the structure tree, drawn by `draw`. */
  private tagged(type: string, draw: () => void, options: StructOptions = {}, parent = this.section): void {
    const element = this.doc.struct(type, options);
    parent.add(element);
    element.add(draw);
    element.end();
  }

  private write(text: string, font: string, size: number, options: PDFKit.Mixins.TextOptions = {}, color = TEXT_COLOR): void {
    this.doc
      .font(font)
      .fontSize(size)
      .fillColor(color)
      .text(toWinAnsi(text), MARGIN.left, this.doc.y, { width: this.width, ...options });
  }

  /** Groups what follows (an indicator, an option) until `endSection`. */
  beginSection(): void {
    this.endSection();
    this.section = this.doc.struct('Sect');
    this.root.add(this.section);
  }

  endSection(): void {
    if (this.section === this.root) return;
    this.section.end();
    this.section = this.root;
  }

  heading(text: string, level: 1 | 2 | 3): void {
    const size = HEADING_SIZES[level];
    // A heading keeps the start of what it heads on its page.
    this.keepSpace(size * 2 + 130);
    if (this.doc.y > MARGIN.top) this.doc.moveDown(level === 1 ? 0.2 : 0.6);
    this.tagged(`H${level}`, () => this.write(text, BOLD, size, { paragraphGap: 4 }));
    if (level < 3) this.doc.outline.addItem(toWinAnsi(text));
  }

  paragraph(text: string, options: { muted?: boolean; bold?: boolean } = {}): void {
    this.tagged('P', () => this.write(text, options.bold ? BOLD : FONT, BODY_SIZE, { paragraphGap: 6 }, options.muted ? MUTED_COLOR : TEXT_COLOR));
  }

  /** A bulleted list; the bullet is the list item's label, as PDF/UA wants it. */
  list(items: string[]): void {
    const list = this.doc.struct('L');
    this.section.add(list);
    for (const item of items) {
      // The bullet and the first line of its text stay on one page.
      this.keepSpace(2 * BODY_SIZE * 1.2);
      const entry = this.doc.struct('LI');
      list.add(entry);
      const y = this.doc.y;
      this.tagged(
        'Lbl',
        () =>
          this.doc
            .font(FONT)
            .fontSize(BODY_SIZE)
            .fillColor(TEXT_COLOR)
            .text('•', MARGIN.left + 4, y, { lineBreak: false }),
        {},
        entry,
      );
      this.doc.y = y;
      this.tagged('LBody', () => this.doc.text(toWinAnsi(item), MARGIN.left + 18, y, { width: this.width - 18, paragraphGap: 3 }), {}, entry);
      entry.end();
    }
    list.end();
    this.doc.moveDown(0.4);
  }

  /** Label–value pairs as a two-column table with row headers, which reads well aloud and in print. */
  facts(rows: [string, string][]): void {
    this.table({ caption: '', header: [], rows, align: ['left', 'left'] });
  }

  /**
   * A table with header cells for its columns (`header`) and for its rows (first column). Without a header it
   * is a label–value table.
   */
  table(options: TableOptions): void {
    const { caption, header, rows } = options;
    const columns = Math.max(header.length, ...rows.map((r) => r.length));
    const align = options.align ?? Array.from({ length: columns }, (_, i) => (i === 0 ? 'left' : 'right'));
    // The caption and the first rows stay together.
    this.keepSpace(24 + 18 * Math.min(rows.length + 1, 4));
    if (caption) this.paragraph(caption, { bold: true });
    const cell = (text: string, column: number, head: 'Row' | 'Column' | null): Cell => ({
      text: toWinAnsi(text),
      align: { x: align[column] ?? 'left', y: 'top' },
      ...(head ? { type: 'TH', scope: head, font: { src: BOLD } } : {}),
      ...(head === 'Column' ? { backgroundColor: '#ececec' } : {}),
    });
    const data: Cell[][] = [];
    if (header.length > 0) data.push(header.map((h, i) => cell(h, i, 'Column')));
    for (const row of rows) data.push(row.map((text, i) => cell(text, i, i === 0 ? 'Row' : null)));
    this.doc.font(FONT).fontSize(9).fillColor(TEXT_COLOR);
    const labelTable = header.length === 0;
    this.doc.table({
      data,
      position: { x: MARGIN.left, y: this.doc.y },
      maxWidth: this.width,
      columnStyles: options.widths ?? (labelTable ? [Math.min(130, this.width * 0.3), '*'] : undefined),
      defaultStyle: { padding: [3, 5, 3, 5], border: 0.5, borderColor: RULE_COLOR, textColor: TEXT_COLOR },
      structParent: this.section,
    } as PDFKit.Mixins.TableOptionsWithData);
    this.doc.x = MARGIN.left;
    this.doc.font(FONT).fontSize(BODY_SIZE).moveDown(0.8);
  }

  /**
   * An SVG chart (from charts.ts) as a figure with `alt` as its alternative text, full width, moved to the
   * next page when it does not fit.
   */
  chart(svg: string, alt: string): void {
    const viewBox = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
    const width = this.width;
    const height = viewBox ? (width * Number(viewBox[2])) / Number(viewBox[1]) : width * 0.6;
    this.keepSpace(height + 8);
    const x = MARGIN.left;
    const y = this.doc.y + 4;
    const draw = () =>
      svgToPdf(this.doc, toWinAnsi(svg), x, y, {
        width,
        height,
        fontCallback: (_family, bold) => (bold ? BOLD : FONT),
        warningCallback: () => undefined,
      });
    this.tagged('Figure', draw, { alt: toWinAnsi(alt), bbox: [x, y, x + width, y + height] });
    // svg-to-pdfkit leaves its last font and colour behind.
    this.doc.font(FONT).fontSize(BODY_SIZE).fillColor(TEXT_COLOR);
    this.doc.x = MARGIN.left;
    this.doc.y = y + height + 8;
  }

  /** The text cut to `width` points in the current font, with an ellipsis when it was cut. */
  private fit(text: string, width: number): string {
    if (this.doc.widthOfString(text) <= width) return text;
    let cut = text;
    while (cut.length > 0 && this.doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
    return `${cut.trimEnd()}…`;
  }

  /** Writes `footer(page, pages)` (left) and `Seite x von y` (right) on every page, then the bytes. */
  finish(footer: (page: number, pages: number) => string): Promise<Buffer> {
    this.endSection();
    this.root.end();
    const { start, count } = this.doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      this.doc.switchToPage(i);
      const page = this.doc.page;
      // Writing into the bottom margin would otherwise start a new page.
      page.margins.bottom = 0;
      const y = page.height - 40;
      const pageText = this.lang === 'de' ? `Seite ${i + 1} von ${count}` : `Page ${i + 1} of ${count}`;
      this.doc.markContent('Artifact', { type: 'Pagination' });
      this.doc.font(FONT).fontSize(8).fillColor(MUTED_COLOR);
      this.doc.text(this.fit(toWinAnsi(footer(i + 1, count)), this.width - 90), MARGIN.left, y, { lineBreak: false });
      this.doc.text(pageText, MARGIN.left + this.width - 80, y, { width: 80, align: 'right', lineBreak: false });
      this.doc.endMarkedContent();
      page.margins.bottom = MARGIN.bottom;
    }
    this.doc.end();
    return this.done;
  }
}
