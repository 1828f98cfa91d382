// The only place that talks to pdf.js. Returns positioned lines per page.
import { getDocument, PDFWorker, VerbosityLevel } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { buildLines, type PageText, type TextItem } from './layout.ts';
import { installWorkerPatches, WORKER_SPECIFIER } from './speedups.ts';
import { decodeBudget, installBoundPatches, startDecodeBudget } from './bounds.ts';
import { DEFAULT_MAX_DECODED_BYTES } from '../limits.ts';

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
  /**
   * Stop once the document's text passes this many units (a character each,
   * plus one per text item), so a file that draws one content stream on
   * page after page cannot make the reader hold millions of items.
   */
  maxTextUnits?: number;
  /**
   * Bytes pdf.js may decode (decompress) for the whole document; default
   * DEFAULT_MAX_DECODED_BYTES. Exact for one document at a time per thread,
   * which is how the reader processes read.
   */
  maxDecodedBytes?: number;
}

export class PdfError extends Error {
  /**
   * too_many_pages: over maxPages; too_large: a stream decodes to more than
   * the reader allows, or the text runs past maxTextUnits; too_complex: the
   * structure nests deeper than the reader's stack.
   */
  readonly kind: 'encrypted' | 'damaged' | 'not_a_pdf' | 'too_many_pages' | 'too_large' | 'too_complex';
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
      for (const listener of this.#listeners) {
        try {
          listener.call(this, { data });
        } catch {
          // As across a real port, a handler's failure stays on its side: a
          // text stream the reader cancelled (past its limit) may still be
          // sent a chunk, which its closed controller refuses.
        }
      }
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
    installBoundPatches();
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

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MB`;
}

/** The error for a document that hit one of the reader's bounds, or null. */
function boundsError(err: unknown): PdfError | null {
  const budget = decodeBudget();
  if (budget?.spent) {
    return new PdfError('too_large', `the PDF's compressed streams unpack to more than ${megabytes(budget.limit)}, far more than any report's, so it was not read further (it may be a compression bomb)`);
  }
  if (err instanceof PdfError && (err.kind === 'too_large' || err.kind === 'too_complex')) return err;
  const msg = (err as Error | undefined)?.message ?? '';
  if (/array buffer allocation failed|invalid typed array length|invalid array length/i.test(msg)) {
    return new PdfError('too_large', 'reading the PDF needed more memory than the reader allows, so it was not read further (it may be malformed, or a compression bomb)');
  }
  if (/maximum call stack size exceeded/i.test(msg)) {
    return new PdfError('too_complex', 'the PDF nests its structure deeper than the reader can follow, so it was not read (it may be malformed or built to exhaust readers)');
  }
  return null;
}

type PageResult = { n: number; view: number[]; items: TextItem[] } | PdfError;

export async function loadPdfText(bytes: Uint8Array, options: LoadOptions = {}): Promise<PdfText> {
  // pdf.js transfers (detaches) the buffer it is given: hand it a copy
  // unless the caller gave it away. pdf.js also refuses Buffer instances,
  // so a whole-buffer Buffer is re-viewed as a plain Uint8Array.
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const data = options.transfer && whole ? new Uint8Array(bytes.buffer) : new Uint8Array(bytes);
  const worker = await pdfWorker();
  startDecodeBudget(options.maxDecodedBytes ?? DEFAULT_MAX_DECODED_BYTES);
  const task = getDocument({
    data,
    worker,
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
    const bound = boundsError(err);
    if (bound) throw bound;
    const name = (err as { name?: string }).name ?? '';
    const msg = (err as Error).message ?? String(err);
    if (name === 'PasswordException') throw new PdfError('encrypted', 'the PDF is encrypted with a password, so its text cannot be read');
    if (name === 'InvalidPDFException') throw new PdfError('damaged', `the PDF structure is damaged (${msg})`);
    throw new PdfError('damaged', `the PDF could not be opened (${msg})`);
  }
  // Set once any page fails: the other pages stop reading their text. A
  // page waiting for its next chunk is woken by `abort` (pdf.js may never
  // send one once other pages' streams are cancelled).
  let stopped: PdfError | null = null;
  let wake: () => void = () => {};
  const abort = new Promise<{ done: true; value: undefined }>((resolve) => {
    wake = () => resolve({ done: true, value: undefined });
  });
  const stop = (err: PdfError): PdfError => {
    stopped ??= err;
    wake();
    return stopped;
  };
  try {
    const pageCount = doc.numPages;
    if (options.maxPages !== undefined && pageCount > options.maxPages) {
      throw new PdfError('too_many_pages', `the PDF has ${pageCount} pages, more than the ${options.maxPages} allowed`);
    }
    const maxUnits = options.maxTextUnits ?? Infinity;
    let units = 0;
    const tooMuchText = (): PdfError =>
      new PdfError('too_large', `the PDF holds more than ${maxUnits.toLocaleString('en-GB')} characters of text, far more than any report, so it was not read further`);
    // Ask for every page at once: pdf.js works through them in order, and
    // has the next page to work on while one waits on decompression.
    const texts: Promise<PageResult>[] = [];
    for (let n = 1; n <= pageCount; n++) {
      texts.push(
        (async (): Promise<PageResult> => {
          const page = await doc.getPage(n);
          // Read as a stream (what getTextContent does inside), so reading
          // stops as soon as the text passes its limit.
          const reader = page.streamTextContent({ includeMarkedContent: false, disableNormalization: false }).getReader();
          const items: TextItem[] = [];
          for (;;) {
            const { value, done } = await Promise.race([reader.read(), abort]);
            if (stopped) {
              void reader.cancel().catch(() => {});
              return stopped;
            }
            if (done) break;
            for (const raw of (value as { items: unknown[] }).items as Parameters<typeof toItem>[0][]) {
              if (!('str' in raw)) continue;
              units += raw.str.length + 1;
              items.push(toItem(raw));
            }
            if (units > maxUnits) {
              void reader.cancel().catch(() => {});
              return stop(tooMuchText());
            }
          }
          const view = page.view;
          page.cleanup();
          return { n, view, items };
        })().catch((err: unknown) => {
          const bound = boundsError(err);
          if (bound) return stop(bound);
          const msg = (err as Error).message ?? String(err);
          return new PdfError('damaged', `page ${n} of ${pageCount} could not be read (${msg}), so the PDF is damaged`);
        }),
      );
    }
    const pages: PageText[] = [];
    for (const text of texts) {
      const t = await text;
      // pdf.js reads leniently and swallows most errors, the bounds' among them.
      const bound = boundsError(t);
      if (bound) throw bound;
      if (t instanceof PdfError) throw t;
      pages.push({ number: t.n, width: t.view[2]! - t.view[0]!, height: t.view[3]! - t.view[1]!, lines: buildLines(t.n, t.items) });
    }
    return { pageCount, pages };
  } catch (err) {
    throw boundsError(err) ?? err;
  } finally {
    // pdf.js's destroy waits for every page's text task to finish, and a
    // task whose stream was cancelled may never do so: after a bound was hit
    // the document is let go instead (ReaderPool replaces a process that
    // answered too_large or too_complex, so nothing it left behind lingers).
    const destroyed = task.destroy().catch(() => {});
    if (!stopped) await destroyed;
  }
}

function toItem(raw: { str: string; transform: number[]; width: number; height: number; fontName: string }): TextItem {
  const t = raw.transform;
  const h = Math.hypot(t[2]!, t[3]!) || Math.abs(t[3]!) || raw.height;
  return { str: raw.str, x: t[4]!, y: t[5]!, w: raw.width, h, font: raw.fontName };
}
