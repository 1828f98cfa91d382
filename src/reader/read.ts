// Bytes in, a Report (or a document's plain text) or a typed error out.
// This runs in whichever thread calls it; ReaderPool runs it in reader
// processes with limits on memory, processor time and output, which is what
// hostile files need.
import { loadPdfText, PdfError, type PdfText } from './pdf/pdfjs.ts';
import { parseReport } from './parse.ts';
import { sniff } from './sniff.ts';
import { sha256Of } from './digest.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_PAGES, DEFAULT_MAX_TEXT_UNITS } from './limits.ts';
import type { ReadError, ReadResult } from '../domain/report.ts';

export interface ReadOptions {
  /** Refuse PDFs with more pages than this (default 200) before reading any page. */
  maxPages?: number;
  /** Refuse files larger than this many bytes (default 100 MB). */
  maxBytes?: number;
  /** Let the reader take (detach) the bytes' buffer instead of copying it. */
  transfer?: boolean;
  /** Refuse documents whose text runs past this many characters (plus one per text item); default 8 million. */
  maxTextUnits?: number;
}

/** A document's plain text, page by page, for search; or why it could not be read. */
export type TextResult = { ok: true; pageCount: number; text: string; sha256: string } | { ok: false; error: ReadError; sha256: string };

function pdfFailure(err: unknown, maxPages: number): ReadError {
  if (err instanceof PdfError) {
    switch (err.kind) {
      case 'encrypted':
        return { code: 'encrypted', message: 'the PDF is encrypted with a password, so its text cannot be read; ask the publisher for an unprotected copy' };
      case 'too_large':
        return { code: 'too_large', message: err.message };
      case 'too_complex':
        return { code: 'too_complex', message: err.message };
      case 'too_many_pages':
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

/**
 * The checks every read starts with (the bytes look like a PDF, the file is
 * not too big), then the document's text from pdf.js: the text, or the
 * typed error that ends the read. Throws only on the reader's own faults.
 */
async function loadChecked(bytes: Uint8Array, options: ReadOptions, documentOnly: boolean): Promise<{ doc: PdfText } | { error: ReadError }> {
  const bad = sniff(bytes);
  if (bad) return { error: bad };
  const big = tooBig(bytes.length, options.maxBytes ?? DEFAULT_MAX_BYTES);
  if (big) return { error: big };
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  try {
    return { doc: await loadPdfText(bytes, { maxPages, maxTextUnits: options.maxTextUnits ?? DEFAULT_MAX_TEXT_UNITS, ...(options.transfer ? { transfer: true } : {}) }) };
  } catch (err) {
    const error = pdfFailure(err, maxPages);
    // A document is not read as a report: say only that it has too many pages.
    if (documentOnly && err instanceof PdfError && err.kind === 'too_many_pages') error.message = `${err.message}, so its text was not read`;
    return { error };
  }
}

/** Reads one report. Never throws: every failure is a typed error with a message a person can act on. */
export async function readReport(bytes: Uint8Array, options: ReadOptions = {}): Promise<ReadResult> {
  let sha256 = '';
  try {
    sha256 = sha256Of(bytes);
    const loaded = await loadChecked(bytes, options, false);
    if ('error' in loaded) return { ok: false, error: loaded.error, sha256 };
    const parsed = parseReport(loaded.doc, { sha256 });
    return parsed.ok ? parsed : { ok: false, error: parsed.error, sha256 };
  } catch (err) {
    // parseReport promises not to throw; this is the last guard for the
    // promise readReport makes to its callers.
    return { ok: false, error: lastGuard(err, 'the report could not be read'), sha256 };
  }
}

function lastGuard(err: unknown, what: string): ReadError {
  const msg = err instanceof Error ? err.message : String(err);
  if (err instanceof RangeError && /call stack/i.test(msg)) {
    return { code: 'too_complex', message: `${what}: its text nests deeper than the reader can follow (it may be malformed or built to exhaust readers)` };
  }
  return { code: 'unsupported_layout', message: `${what} (${msg}); please report this file` };
}

/**
 * A document's plain text (lines joined, pages separated by a blank line),
 * for documents kept for search rather than read as reports. Never throws.
 */
export async function readPlainText(bytes: Uint8Array, options: ReadOptions = {}): Promise<TextResult> {
  let sha256 = '';
  try {
    sha256 = sha256Of(bytes);
    const loaded = await loadChecked(bytes, options, true);
    if ('error' in loaded) return { ok: false, error: loaded.error, sha256 };
    const text = loaded.doc.pages.map((p) => p.lines.map((l) => l.text).join('\n')).join('\n\n');
    return { ok: true, pageCount: loaded.doc.pageCount, text: text.replace(/[ \t]+/g, ' ').trim(), sha256 };
  } catch (err) {
    return { ok: false, error: lastGuard(err, "the PDF's text could not be read"), sha256 };
  }
}
