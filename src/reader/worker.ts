// A ReaderPool worker thread: reads one file at a time for the pool.
// Files are read here rather than in the main thread so the bytes never
// cross threads; bytes the caller already holds arrive transferred.
import { readFile, stat } from 'node:fs/promises';
import { enableCompileCache } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { sha256OfFile } from './digest.ts';
import type { ReadResult } from '../domain/report.ts';

// Every worker compiles pdf.js (megabytes of JavaScript) before it can read
// a file; V8's on-disk code cache halves that start-up. Enabled before the
// reader is imported, which is why that import is dynamic.
enableCompileCache();
const { readReport, tooBig } = await import('./read.ts');

export type WorkerRequest = { id: number; path: string } | { id: number; bytes: Uint8Array };
export type WorkerReply = { id: number; result: ReadResult } | { id: number; ioError: string };
export interface WorkerConfig {
  maxPages: number;
  maxBytes: number;
}

const config = workerData as WorkerConfig;
const port = parentPort;
if (!port) throw new Error('src/reader/worker.ts runs only as a worker thread');

port.on('message', (req: WorkerRequest) => {
  void handle(req).then((reply) => port.postMessage(reply));
});
// The reader (pdf.js, the layouts) has loaded: the pool starts each file's
// clock only from here.
port.postMessage({ ready: true });

async function handle(req: WorkerRequest): Promise<WorkerReply> {
  let bytes: Uint8Array;
  if ('path' in req) {
    try {
      // A huge file is refused from its size, without loading it.
      const big = tooBig((await stat(req.path)).size, config.maxBytes);
      if (big) return { id: req.id, result: { ok: false, error: big, sha256: await sha256OfFile(req.path) } };
      bytes = await readFile(req.path);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      return { id: req.id, ioError: e.code ? `${e.code}: ${e.message.replace(/^\w+: /, '')}` : String(e.message ?? e) };
    }
  } else {
    bytes = req.bytes;
  }
  // The bytes are this thread's own, so pdf.js may take them without a copy.
  return { id: req.id, result: await readReport(bytes, { maxPages: config.maxPages, maxBytes: config.maxBytes, transfer: true }) };
}
