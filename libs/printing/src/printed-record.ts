import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/** One line of a printed record: when, what, and what was written (in the order given). */
export interface PrintedEntry {
  when: string;
  heading: string;
  lines: string[];
}

export interface PrintedSection {
  heading: string;
  entries: PrintedEntry[];
}

export interface PrintedRecord {
  title: string;
  school: string;
  /** Who printed it, as the view log names them. */
  reader: string;
  printedAt: string;
  sections: PrintedSection[];
}

const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'short', timeStyle: 'short' });

/** An instant as a school reads it: "27/02/2026, 15:30" in London. */
export function londonDateTime(iso: string): string {
  return LONDON.format(new Date(iso));
}

/** The line at the top of every page: a printed record leaves the platform, so it says whose it is and who took it. */
export function pageHeader(record: Pick<PrintedRecord, 'school' | 'reader' | 'printedAt'>): string {
  return `CONFIDENTIAL · ${record.school} · printed by ${record.reader} · ${londonDateTime(record.printedAt)}`;
}

// DejaVu Sans covers the Latin, Greek and Cyrillic scripts of pupils' names; PDF's built-in fonts stop at Western European.
const fonts = createRequire(import.meta.url);
const REGULAR = fonts.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const BOLD = fonts.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const MARGIN = 56;
const HEADER_Y = 24;

/** The record as an A4 PDF: title, sections of entries in order, the header and "page n of m" on every page. */
export function renderPdf(record: PrintedRecord): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN + 14, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: record.title, Author: record.school, Subject: pageHeader(record), CreationDate: new Date(record.printedAt) },
  });
  doc.registerFont('regular', REGULAR);
  doc.registerFont('bold', BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('bold').fontSize(16).text(record.title);
  doc.moveDown(0.5);
  for (const section of record.sections) {
    doc.font('bold').fontSize(12).text(section.heading);
    doc.moveDown(0.3);
    if (section.entries.length === 0) doc.font('regular').fontSize(10).text('Nothing recorded.');
    for (const entry of section.entries) {
      doc.font('bold').fontSize(10).text(`${entry.when} — ${entry.heading}`);
      doc.font('regular').fontSize(10);
      for (const line of entry.lines) doc.text(line, { indent: 12 });
      doc.moveDown(0.4);
    }
    doc.moveDown(0.5);
  }

  const range = doc.bufferedPageRange();
  const header = pageHeader(record);
  const width = doc.page.width - 2 * MARGIN;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing in the margins would otherwise start a new page.
    const { top, bottom } = doc.page.margins;
    doc.page.margins.top = 0;
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(8).text(header, MARGIN, HEADER_Y, { width, lineBreak: false });
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN / 2, {
      width,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.top = top;
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}

/** The reader as a printed page names them: their name and what they read as ("Dee Smith (DSL)"). */
export function readerLabel(reader: { name: string; roles: readonly string[] }, roleLabels: Readonly<Record<string, string>>): string {
  const roles = reader.roles.filter((r) => r !== 'staff').map((r) => roleLabels[r] ?? r);
  return roles.length === 0 ? reader.name : `${reader.name} (${roles.join(', ')})`;
}
