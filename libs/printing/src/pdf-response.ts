import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';

/** A printed record as the answer: inline (the browser's viewer prints it), never cached (it names a child). */
export function pdfFile(res: Response, pdf: Buffer, filename: string): StreamableFile {
  res.setHeader('Cache-Control', 'no-store');
  return new StreamableFile(pdf, {
    type: 'application/pdf',
    disposition: `inline; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '-')}"`,
    length: pdf.length,
  });
}
