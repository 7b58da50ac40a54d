import type { Request } from 'express';
import { ProblemException } from '#lib/core';

/** An MIS export of a large school (2,000 pupils, every column) is well under this; the JSON routes keep 100 KB. */
export const CSV_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

/**
 * The request's CSV body, read here rather than by a global parser so that only these routes take
 * bodies this large. UTF-8 (with or without BOM) as Arbor and Bromcom write it; a file that is not
 * UTF-8 is read as Windows-1252, which older SIMS reports still produce.
 */
export async function readCsvBody(req: Request, limit = CSV_BODY_LIMIT_BYTES): Promise<string> {
  if (!/^text\/csv\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    throw new ProblemException({
      type: 'urn:problem:unsupported-media-type',
      title: 'Unsupported media type',
      status: 415,
      detail: 'Send the export as text/csv (first row: the column names)',
    });
  }
  const tooLarge = () =>
    new ProblemException({
      type: 'urn:problem:payload-too-large',
      title: 'Request too large',
      status: 413,
      detail: `The file is larger than ${limit / 1024 / 1024} MiB: split it`,
    });
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  const bytes = Buffer.concat(chunks);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
