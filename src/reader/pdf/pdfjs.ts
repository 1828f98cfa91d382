// The only place that talks to pdf.js. Returns positioned lines per page.
import { getDocument, PDFWorker, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { buildLines, type PageText, type TextItem } from './layout.ts';
import { installWorkerPatches, WORKER_SPECIFIER } from './speedups.ts';

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

type Listener = (event: { data: unknown }) => void;

/**
 * pdf.js runs its parser in this thread under Node (a "fake worker") and
 * passes every message through structuredClone as if it crossed threads.
 * It does not, so this port hands each message over as it is, in order and
 * asynchronously like a real port: reading a report then skips copying its
 * text twice. Both ends share the port; pdf.js's message handlers pick out
 * the messages addressed to them.
 */
class SameThreadPort {
  #listeners = new Set<Listener>();
  #queue = Promise.resolve();
  postMessage(message: unknown): void {
    // The sender of a stream chunk reuses the chunk object (it swaps in
    // fresh arrays for the next chunk), so the chunk itself is copied.
    const m = message as { chunk?: unknown };
    const data = m && typeof m.chunk === 'object' && m.chunk !== null && !ArrayBuffer.isView(m.chunk) ? { ...m, chunk: { ...m.chunk } } : message;
    this.#queue = this.#queue.then(() => {
      for (const listener of this.#listeners) listener.call(this, { data });
    });
  }
  addEventListener(_type: string, listener: Listener): void {
    this.#listeners.add(listener);
  }
  removeEventListener(_type: string, listener: Listener): void {
    this.#listeners.delete(listener);
  }
  terminate(): void {
    this.#listeners.clear();
  }
}

let threadWorker: Promise<PDFWorker> | null = null;

/** One pdf.js worker per thread, serving every document read in it. */
function pdfWorker(): Promise<PDFWorker> {
  threadWorker ??= (async () => {
    installWorkerPatches();
    // Imported by name at run time: the worker build ships no type declarations.
    const specifier: string = WORKER_SPECIFIER;
    const { WorkerMessageHandler } = (await import(specifier)) as { WorkerMessageHandler: { initializeFromPort(port: unknown): void } };
    const port = new SameThreadPort();
    WorkerMessageHandler.initializeFromPort(port);
    const worker = new PDFWorker({ port: port as unknown as ConstructorParameters<typeof PDFWorker>[0] extends { port?: infer P } ? P : never, verbosity: VerbosityLevel.ERRORS });
    await worker.promise;
    return worker;
  })();
  return threadWorker;
}

export async function loadPdfText(bytes: Uint8Array, options: LoadOptions = {}): Promise<PdfText> {
  // pdf.js transfers (detaches) the buffer it is given: hand it a copy
  // unless the caller gave it away. pdf.js also refuses Buffer instances,
  // so a whole-buffer Buffer is re-viewed as a plain Uint8Array.
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const data = options.transfer && whole ? new Uint8Array(bytes.buffer) : new Uint8Array(bytes);
  const task = getDocument({
    data,
    worker: await pdfWorker(),
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
    // Ask for every page at once: pdf.js works through them in order, and
    // has the next page to work on while one waits on decompression.
    const texts: Promise<{ n: number; view: number[]; items: TextItem[] } | PdfError>[] = [];
    for (let n = 1; n <= pageCount; n++) {
      texts.push(
        (async () => {
          const page = await doc.getPage(n);
          const content = await page.getTextContent({ includeMarkedContent: false, disableNormalization: false });
          const items: TextItem[] = [];
          for (const raw of content.items) {
            if (!('str' in raw)) continue;
            const t = raw.transform as number[];
            const h = Math.hypot(t[2]!, t[3]!) || Math.abs(t[3]!) || raw.height;
            items.push({ str: raw.str, x: t[4]!, y: t[5]!, w: raw.width, h, font: raw.fontName });
          }
          const view = page.view;
          page.cleanup();
          return { n, view, items };
        })().catch((err: unknown) => {
          const msg = (err as Error).message ?? String(err);
          return new PdfError('damaged', `page ${n} of ${pageCount} could not be read (${msg}), so the PDF is damaged`);
        }),
      );
    }
    const pages: PageText[] = [];
    for (const text of texts) {
      const t = await text;
      if (t instanceof PdfError) throw t;
      pages.push({ number: t.n, width: t.view[2]! - t.view[0]!, height: t.view[3]! - t.view[1]!, lines: buildLines(t.n, t.items) });
    }
    return { pageCount, pages };
  } finally {
    await task.destroy().catch(() => {});
  }
}
