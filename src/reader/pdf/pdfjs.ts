// The only place that talks to pdf.js. Returns positioned lines per page.
import { getDocument, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { buildLines, type PageText, type TextItem } from './layout.ts';

export interface PdfText {
  pageCount: number;
  pages: PageText[];
}

export interface LoadOptions {
  /** Refuse documents with more pages than this (hostile or not a report). */
  maxPages?: number;
  /**
   * Let pdf.js take (detach) the caller's buffer instead of copying it:
   * for callers that own the bytes and will not use them again.
   */
  transfer?: boolean;
}

export class PdfError extends Error {
  readonly kind: 'encrypted' | 'damaged' | 'not_a_pdf' | 'too_large';
  constructor(kind: PdfError['kind'], message: string) {
    super(message);
    this.kind = kind;
  }
}

export async function loadPdfText(bytes: Uint8Array, options: LoadOptions = {}): Promise<PdfText> {
  // pdf.js transfers (detaches) the buffer it is given: hand it a copy
  // unless the caller gave it away. pdf.js also refuses Buffer instances,
  // so a whole-buffer Buffer is re-viewed as a plain Uint8Array.
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const data = options.transfer && whole ? new Uint8Array(bytes.buffer) : new Uint8Array(bytes);
  const task = getDocument({
    data,
    verbosity: VerbosityLevel.ERRORS,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    useWorkerFetch: false,
    isOffscreenCanvasSupported: false,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => {});
    const name = (err as { name?: string }).name ?? '';
    const msg = (err as Error).message ?? String(err);
    if (name === 'PasswordException') throw new PdfError('encrypted', 'the PDF is encrypted with a password, so its text cannot be read');
    if (name === 'InvalidPDFException') throw new PdfError('damaged', `the PDF structure is damaged (${msg})`);
    throw new PdfError('damaged', `the PDF could not be opened (${msg})`);
  }
  try {
    const pageCount = doc.numPages;
    if (options.maxPages !== undefined && pageCount > options.maxPages) {
      throw new PdfError('too_large', `the PDF has ${pageCount} pages, more than the ${options.maxPages} allowed`);
    }
    const pages: PageText[] = [];
    for (let n = 1; n <= pageCount; n++) {
      let page, content;
      try {
        page = await doc.getPage(n);
        content = await page.getTextContent({ includeMarkedContent: false, disableNormalization: false });
      } catch (err) {
        const msg = (err as Error).message ?? String(err);
        throw new PdfError('damaged', `page ${n} of ${pageCount} could not be read (${msg}), so the PDF is damaged`);
      }
      const view = page.view;
      const items: TextItem[] = [];
      for (const raw of content.items) {
        if (!('str' in raw)) continue;
        const t = raw.transform as number[];
        const h = Math.hypot(t[2]!, t[3]!) || Math.abs(t[3]!) || raw.height;
        items.push({ str: raw.str, x: t[4]!, y: t[5]!, w: raw.width, h, font: raw.fontName });
      }
      pages.push({ number: n, width: view[2]! - view[0]!, height: view[3]! - view[1]!, lines: buildLines(n, items) });
      page.cleanup();
    }
    return { pageCount, pages };
  } finally {
    await task.destroy().catch(() => {});
  }
}
