// The real reader behind sync: reports are read in a worker thread (bounded
// in time and memory, as hostile files need); other publications keep their
// plain text. What sync writes goes through the store's public API.
import { ReaderPool } from '../reader/pool.ts';
import { READER_VERSION } from '../reader/version.ts';
import type { SyncDeps } from './run.ts';
import { pdfPlainTextBounded } from './text-worker.ts';

/** The reader, in a worker thread, bounded in time and memory. Close the returned pool when done. */
export function defaultSyncDeps(): { deps: SyncDeps; close: () => Promise<void> } {
  const pool = new ReaderPool({ workers: 1 });
  const deps: SyncDeps = {
    readReport: (bytes) => pool.readBytes(bytes),
    documentText: (bytes) => pdfPlainTextBounded(bytes),
    readerVersion: READER_VERSION,
  };
  return { deps, close: () => pool.close() };
}
