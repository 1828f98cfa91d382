// The reader ingest uses by default: the project's ReaderPool, one worker
// thread per core, each file bounded in time and memory.
import { ReaderPool, type ReaderPoolOptions } from '../reader/index.ts';
import type { ReportReader } from './ingest.ts';

export function poolReader(options: ReaderPoolOptions = {}): ReportReader & { close(): Promise<void> } {
  const pool = new ReaderPool(options);
  return {
    concurrency: pool.size,
    // Ingest has hashed the bytes and does not need them again, so hand them over instead of copying.
    read: (bytes) => pool.readBytes(bytes, { transfer: true }),
    close: () => pool.close(),
  };
}
