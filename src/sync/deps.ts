// The real reader behind sync: reports, and other publications' plain text,
// are read in a reader process (bounded in memory, time and output, as
// hostile files need; never in this process, which may be the web
// server's). What sync writes goes through the store's public API.
import { ReaderPool } from '../reader/pool.ts';
import { READER_VERSION } from '../reader/version.ts';
import type { SyncDeps } from './run.ts';
import { documentText } from './text-worker.ts';

/** The reader, in one reader process, bounded in memory, time and output. Close the returned pool when done. */
export function defaultSyncDeps(): { deps: SyncDeps; close: () => Promise<void> } {
  const pool = new ReaderPool({ workers: 1 });
  const deps: SyncDeps = {
    readReport: (bytes) => pool.readBytes(bytes),
    documentText: (bytes) => documentText(pool, bytes),
    readerVersion: READER_VERSION,
  };
  return { deps, close: () => pool.close() };
}
