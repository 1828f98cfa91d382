// The reader ingest uses by default: the project's ReaderPool, one worker
// thread per core, each file bounded in time and memory.
import { ReaderPool, type ReaderPoolOptions } from '../reader/index.ts';
import type { ReportReader } from './ingest.ts';

export function poolReader(options: ReaderPoolOptions = {}): ReportReader & { close(): Promise<void> } {
  const pool = new ReaderPool(options);
  return {
    concurrency: pool.size,
    // Copied, not transferred: a Buffer from fs may sit in Node's shared pool, which cannot be transferred.
    read: (bytes) => pool.readBytes(bytes),
    close: () => pool.close(),
  };
}
