import { createHash, createPublicKey, verify } from 'node:crypto';
import { PDFDict, PDFDocument, PDFName, PDFString, type PDFFont, type PDFPage, StandardFonts } from 'pdf-lib';
import type { PackageSigner } from './package-signing.js';

/** The whole child protection file of a pupil, as it leaves the school: what the package's hash covers. */
export interface ChildProtectionFile {
  format: 'child-protection-file/1';
  transfer: {
    id: string;
    from: { schoolId: string; name: string };
    to: { schoolId: string | null; name: string; urn: string | null };
    leftOn: string;
    dueOn: string;
  };
  pupil: { id: string; firstName: string; lastName: string; dateOfBirth: string; yearGroup: string; upn: string | null };
  generatedAt: string;
  generatedBy: { staffId: string; name: string };
  chronology: { occurredAt: string; recordedAt: string; late: boolean; kind: string; summary: string }[];
  /** Each concern as it stands (decisions, actions, referrals, closure) with its history. */
  concerns: Record<string, unknown>[];
  /** The restraint / physical intervention records, corrections applied, with their follow-ups. */
  restraints: Record<string, unknown>[];
  /** The staff who acted on the records, by id, with their names. */
  people: Record<string, string>;
}

/** JSON with object keys sorted at every level and no whitespace: one text for one content, whoever writes it. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const sha256Hex = (bytes: string | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The file's content hash: SHA-256 of its canonical JSON. */
export const contentHashOf = (file: unknown): string => sha256Hex(canonicalJson(file));

export const PACKAGE_ATTACHMENT = 'child-protection-file.json';
const SIGNATURE_KEY = 'CpSignature';
const HASH_KEY = 'CpContentHash';
/** An Ed25519 signature is 64 bytes: 128 hex digits, written over this placeholder once the rest is final. */
const SIGNATURE_HEX = 128;
const PLACEHOLDER = '0'.repeat(SIGNATURE_HEX);
const SIGNATURE_MARK = Buffer.from(`/${SIGNATURE_KEY} (`, 'latin1');

/**
 * The package: a PDF for people (every entry of the file in order) that carries the file's canonical
 * JSON as an attachment, its SHA-256 in the document information (CpContentHash), and an Ed25519
 * signature over every byte of the PDF but the signature's own 128 hex digits (CpSignature). Any
 * change to the document, the attachment or the hash breaks the signature.
 */
export async function renderPackage(file: ChildProtectionFile, signer: PackageSigner): Promise<Buffer> {
  const json = canonicalJson(file);
  const hash = sha256Hex(json);
  const at = new Date(file.generatedAt);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(`Child protection file: ${file.pupil.firstName} ${file.pupil.lastName}`);
  doc.setSubject('Child protection file transfer (KCSIE): confidential');
  doc.setProducer('Safeguarding platform');
  doc.setCreator('Safeguarding platform');
  doc.setCreationDate(at);
  doc.setModificationDate(at);
  // pdf-lib keeps the information dictionary to itself; it is the trailer's /Info.
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  info.set(PDFName.of(HASH_KEY), PDFString.of(hash));
  info.set(PDFName.of('CpSignatureAlgorithm'), PDFString.of('Ed25519'));
  info.set(PDFName.of('CpSigningKey'), PDFString.of(signer.publicKeyPem.replace(/-----[^-]+-----|\s/g, '')));
  info.set(PDFName.of(SIGNATURE_KEY), PDFString.of(PLACEHOLDER));
  await doc.attach(Buffer.from(json, 'utf8'), PACKAGE_ATTACHMENT, {
    mimeType: 'application/json',
    description: 'The child protection file as canonical JSON (its SHA-256 is CpContentHash)',
    creationDate: at,
    modificationDate: at,
  });
  const writer = new PageWriter(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  writeFile(writer, file, hash);
  // Plain objects (no object streams): the signature placeholder stays findable as bytes.
  const bytes = Buffer.from(await doc.save({ useObjectStreams: false }));
  const at0 = signatureOffset(bytes);
  if (at0 < 0) throw new Error('the package has no signature placeholder');
  const signature = signer.sign(bytes).toString('hex');
  bytes.write(signature, at0, 'latin1');
  return bytes;
}

function signatureOffset(bytes: Buffer): number {
  const mark = bytes.indexOf(SIGNATURE_MARK);
  return mark < 0 ? -1 : mark + SIGNATURE_MARK.length;
}

export interface PackageVerification {
  valid: boolean;
  /** Why it is not valid. */
  problems: string[];
  contentHash: string | null;
  file: ChildProtectionFile | null;
}

/**
 * Checks a package: the signature over the PDF's bytes with the platform's public key, then —
 * reading the PDF back — that the embedded hash is the SHA-256 of the attached file and that the
 * attachment is the file's canonical JSON.
 */
export async function verifyPackage(pdf: Uint8Array, publicKeyPem: string): Promise<PackageVerification> {
  const problems: string[] = [];
  const bytes = Buffer.from(pdf);
  const at = signatureOffset(bytes);
  const signatureHex = at < 0 ? '' : bytes.subarray(at, at + SIGNATURE_HEX).toString('latin1');
  if (!/^[0-9a-f]{128}$/.test(signatureHex)) problems.push('no signature');
  else {
    const unsigned = Buffer.from(bytes);
    unsigned.write(PLACEHOLDER, at, 'latin1');
    if (!verify(null, unsigned, createPublicKey(publicKeyPem), Buffer.from(signatureHex, 'hex')))
      problems.push('the signature does not match');
  }
  let contentHash: string | null = null;
  let file: ChildProtectionFile | null = null;
  try {
    const read = await readPackage(bytes);
    contentHash = read.contentHash;
    if (read.json === null) problems.push('no attached file');
    else {
      if (sha256Hex(read.json) !== contentHash) problems.push('the embedded hash is not the attached file’s');
      file = JSON.parse(read.json) as ChildProtectionFile;
      if (canonicalJson(file) !== read.json) problems.push('the attached file is not canonical JSON');
    }
  } catch (err) {
    problems.push(`not a readable PDF: ${(err as Error).message}`);
  }
  return { valid: problems.length === 0, problems, contentHash, file };
}

/** Reads the PDF back (PDF.js): the embedded hash and the attached file. */
export async function readPackage(pdf: Uint8Array): Promise<{ contentHash: string | null; json: string | null; text: string }> {
  const { getDocumentProxy, extractText } = await import('unpdf');
  // verbosity 0: PDF.js warns of the standard fonts it substitutes, which says nothing about the file.
  const doc = await getDocumentProxy(new Uint8Array(pdf), { verbosity: 0 });
  try {
    const { info } = (await doc.getMetadata()) as { info: { Custom?: Record<string, unknown> } };
    // PDF.js lists the attachments by name and hands their content on request.
    const attachments = (await doc.getAttachments()) as Map<string, { filename: string }> | null;
    const name = [...(attachments?.entries() ?? [])].find(([, a]) => a.filename === PACKAGE_ATTACHMENT)?.[0];
    const attached = name === undefined ? null : ((await doc.getAttachmentContent(name)) as Uint8Array | null);
    const hash = info.Custom?.[HASH_KEY];
    const { text } = await extractText(doc, { mergePages: true });
    return {
      contentHash: typeof hash === 'string' ? hash : null,
      json: attached ? Buffer.from(attached).toString('utf8') : null,
      text: text as string,
    };
  } finally {
    await doc.cleanup();
  }
}

// ---- the pages people read ----

const PAGE = { width: 595.28, height: 841.89, margin: 50 };

class PageWriter {
  private page!: PDFPage;
  private y = 0;
  private readonly glyphs = new Map<string, boolean>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.newPage();
  }

  private newPage(): void {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - PAGE.margin;
    this.page.drawText('CONFIDENTIAL: child protection file', { x: PAGE.margin, y: 20, size: 8, font: this.font });
  }

  /** The standard fonts write WinAnsi only: anything else is shown as '?' (the attachment keeps the exact text). */
  private printable(text: string): string {
    return [...text.replace(/\s+/g, ' ')]
      .map((ch) => {
        let ok = this.glyphs.get(ch);
        if (ok === undefined) {
          try {
            this.font.encodeText(ch);
            ok = true;
          } catch {
            ok = false;
          }
          this.glyphs.set(ch, ok);
        }
        return ok ? ch : '?';
      })
      .join('');
  }

  line(text: string, options: { size?: number; bold?: boolean; indent?: number } = {}): void {
    const size = options.size ?? 10;
    const font = options.bold ? this.bold : this.font;
    const x = PAGE.margin + (options.indent ?? 0);
    const width = PAGE.width - PAGE.margin - x;
    for (const part of wrap(this.printable(text), (t) => font.widthOfTextAtSize(t, size), width)) {
      if (this.y < PAGE.margin + size) this.newPage();
      this.y -= size * 1.35;
      this.page.drawText(part, { x, y: this.y, size, font });
    }
  }

  gap(): void {
    this.y -= 8;
  }
}

function wrap(text: string, widthOf: (t: string) => number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const candidate = current ? `${current} ${word}` : word;
    if (widthOf(candidate) <= width || current === '') current = candidate;
    else {
      lines.push(current);
      current = word;
    }
  }
  lines.push(current);
  return lines;
}

const value = (v: unknown): string => (typeof v === 'string' ? v : canonicalJson(v));

function writeRecord(w: PageWriter, record: Record<string, unknown>, indent: number): void {
  for (const [key, v] of Object.entries(record)) {
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    if (Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null)) {
      w.line(`${key}:`, { indent, bold: true });
      for (const item of v as Record<string, unknown>[]) {
        writeRecord(w, item, indent + 12);
        w.gap();
      }
    } else w.line(`${key}: ${value(v)}`, { indent });
  }
}

function writeFile(w: PageWriter, file: ChildProtectionFile, hash: string): void {
  const { pupil, transfer } = file;
  w.line('Child protection file', { size: 18, bold: true });
  w.line('Confidential. Keep separately from the main pupil file (KCSIE). Confirm receipt to the sending school.', { size: 9 });
  w.gap();
  w.line(
    `Pupil: ${pupil.firstName} ${pupil.lastName}, born ${pupil.dateOfBirth}, year ${pupil.yearGroup}${pupil.upn ? `, UPN ${pupil.upn}` : ''}`,
    {
      bold: true,
    },
  );
  w.line(`From: ${transfer.from.name}`);
  w.line(`To: ${transfer.to.name}${transfer.to.urn ? ` (URN ${transfer.to.urn})` : ''}`);
  w.line(`Left on ${transfer.leftOn}; due at the new school by ${transfer.dueOn}`);
  w.line(`Prepared ${file.generatedAt} by ${file.generatedBy.name}`);
  w.line(`Content hash (SHA-256 of the attached ${PACKAGE_ATTACHMENT}): ${hash}`, { size: 8 });
  w.line(
    'Signed with the platform key (Ed25519, CpSignature in the document information; public key: CpSigningKey and GET /api/cp-transfers/signing-key).',
    {
      size: 8,
    },
  );
  w.gap();
  w.line(`Chronology (${file.chronology.length})`, { size: 14, bold: true });
  for (const entry of file.chronology)
    w.line(`${entry.occurredAt}${entry.late ? ` (recorded late, ${entry.recordedAt})` : ''}: ${entry.summary}`);
  w.gap();
  w.line(`Concerns (${file.concerns.length})`, { size: 14, bold: true });
  for (const concern of file.concerns) {
    writeRecord(w, concern, 0);
    w.gap();
  }
  w.line(`Restraint and physical intervention records (${file.restraints.length})`, { size: 14, bold: true });
  for (const restraint of file.restraints) {
    writeRecord(w, restraint, 0);
    w.gap();
  }
  w.line('Staff named by id above', { size: 14, bold: true });
  for (const [id, name] of Object.entries(file.people)) w.line(`${id}: ${name}`);
}
