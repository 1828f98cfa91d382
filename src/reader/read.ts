// Bytes in, a Report or a typed error out. This runs in whichever thread
// calls it; ReaderPool runs it in worker threads with time and memory
// limits, which is what hostile files need.
import { loadPdfText, PdfError, type PdfText } from './pdf/pdfjs.ts';
import { parseReport } from './parse.ts';
import { sniff } from './sniff.ts';
import { sha256Of } from './digest.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES } from './limits.ts';
import type { ReadError, ReadResult } from '../domain/report.ts';

export interface ReadOptions {
  /** Refuse PDFs with more pages than this (default 200) before reading any page. */
  maxPages?: number;
  /** Refuse files larger than this many bytes (default 100 MB). */
  maxBytes?: number;
  /** Let the reader take (detach) the bytes' buffer instead of copying it. */
  transfer?: boolean;
}

function pdfFailure(err: unknown, maxPages: number): ReadError {
  if (err instanceof PdfError) {
    switch (err.kind) {
      case 'encrypted':
        return { code: 'encrypted', message: 'the PDF is encrypted with a password, so its text cannot be read; ask the publisher for an unprotected copy' };
      case 'too_large':
        return {
          code: 'not_a_report',
          message: `${err.message.replace(/,.*$/, '')}; no inspection report has more than ${maxPages}, so this is not one (it was not read further)`,
        };
      case 'not_a_pdf':
        return { code: 'not_a_pdf', message: err.message };
      case 'damaged':
        return { code: 'damaged', message: `${err.message}; the file may be corrupt: download it again` };
    }
  }
  const msg = err instanceof Error ? err.message : String(err);
  return { code: 'damaged', message: `the PDF could not be read (${msg}); the file may be corrupt: download it again` };
}

function megabytes(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** The error for a file over the size limit, or null. */
export function tooBig(size: number, maxBytes: number): ReadError | null {
  if (size <= maxBytes) return null;
  return {
    code: 'not_a_report',
    message: `the file is ${megabytes(size)}, more than the ${megabytes(maxBytes)} allowed; inspection reports are a few MB at most, so this is not one (it was not read)`,
  };
}

/** Reads one report. Never throws: every failure is a typed error with a message a person can act on. */
export async function readReport(bytes: Uint8Array, options: ReadOptions = {}): Promise<ReadResult> {
  let sha256 = '';
  try {
    sha256 = sha256Of(bytes);
    const bad = sniff(bytes);
    if (bad) return { ok: false, error: bad, sha256 };
    const big = tooBig(bytes.length, options.maxBytes ?? DEFAULT_MAX_BYTES);
    if (big) return { ok: false, error: big, sha256 };
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    let doc: PdfText;
    try {
      doc = await loadPdfText(bytes, { maxPages, ...(options.transfer ? { transfer: true } : {}) });
    } catch (err) {
      return { ok: false, error: pdfFailure(err, maxPages), sha256 };
    }
    const parsed = parseReport(doc, { sha256 });
    return parsed.ok ? parsed : { ok: false, error: parsed.error, sha256 };
  } catch (err) {
    // parseReport promises not to throw; this is the last guard for the
    // promise readReport makes to its callers.
    const msg = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { code: 'unsupported_layout', message: `the report could not be read (${msg}); please report this file` }, sha256 };
  }
}
