// The reader ingest uses by default: the project's ReaderPool, one reader
// process per core, each file bounded in memory, time and output. The pool
// (and pdf.js behind it) starts on the first file that needs reading, so a
// re-run over unchanged files never pays for it.
import { availableParallelism } from 'node:os';
import type { ReaderPool, ReaderPoolOptions } from '../reader/index.ts';
import { READER_VERSION } from '../reader/version.ts';
import type { ReportReader } from './ingest.ts';

export function poolReader(options: ReaderPoolOptions = {}): ReportReader & { close(): Promise<void> } {
  let pool: Promise<ReaderPool> | null = null;
  const getPool = (): Promise<ReaderPool> => (pool ??= import('../reader/index.ts').then(({ ReaderPool: Pool }) => new Pool(options)));
  return {
    concurrency: Math.max(1, Math.floor(options.workers ?? availableParallelism())),
    version: READER_VERSION,
    // Handed over, not copied, when the bytes fill their own buffer (the
    // pool copies a view into a larger, perhaps shared, one); ingest has
    // hashed them already.
    read: async (bytes, sha256) => (await getPool()).readBytes(bytes, { transfer: true, sha256 }),
    close: async () => {
      if (pool) await (await pool).close();
    },
  };
}
