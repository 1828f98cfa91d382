// Extracts a non-report PDF's plain text in a worker thread, bounded in
// time and memory, so a hostile letter cannot stall a server that syncs on
// a schedule. Run as a worker: answers one request and exits.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { loadPdfText } from '../reader/pdf/pdfjs.ts';

export interface PlainText {
  pageCount: number;
  text: string;
}

type Reply = { ok: true; value: PlainText } | { ok: false; kind: string; message: string };

/** Plain text of a PDF, page by page, for search (in this thread). */
export async function pdfPlainText(bytes: Uint8Array): Promise<PlainText> {
  const doc = await loadPdfText(bytes, { maxPages: 500 });
  const text = doc.pages.map((p) => p.lines.map((l) => l.text).join('\n')).join('\n\n');
  return { pageCount: doc.pageCount, text: text.replace(/[ \t]+/g, ' ').trim() };
}

export class TextExtractionError extends Error {
  readonly kind: string;
  constructor(kind: string, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** pdfPlainText in a fresh worker thread, given at most timeoutMs and maxHeapMb. */
export function pdfPlainTextBounded(bytes: Uint8Array, timeoutMs = 60_000, maxHeapMb = 512): Promise<PlainText> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { bytes: new Uint8Array(bytes) },
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => settle(() => reject(new TextExtractionError('damaged', `reading the PDF's text took longer than ${Math.round(timeoutMs / 1000)} s; the file may be malformed`))), timeoutMs);
    worker.once('message', (reply: Reply) => settle(() => (reply.ok ? resolve(reply.value) : reject(new TextExtractionError(reply.kind, reply.message)))));
    worker.once('error', (err: Error) => settle(() => reject(new TextExtractionError('damaged', `the PDF's text could not be read (${err.message})`))));
    worker.once('exit', (code) => settle(() => reject(new TextExtractionError('damaged', `the text reader stopped (exit code ${code}); the file may be malformed`))));
  });
}

if (parentPort && (workerData as { bytes?: Uint8Array } | null)?.bytes) {
  const port = parentPort;
  pdfPlainText((workerData as { bytes: Uint8Array }).bytes).then(
    (value) => port.postMessage({ ok: true, value } satisfies Reply),
    (err: unknown) => port.postMessage({ ok: false, kind: (err as { kind?: string }).kind ?? 'damaged', message: (err as Error).message ?? String(err) } satisfies Reply),
  );
}
