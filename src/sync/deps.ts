// The real reader and store behind sync: reports are read in a worker
// thread (bounded in time and memory, as hostile files need) and written by
// the store's report writer; other publications keep their plain text.
import type { Kysely } from 'kysely';
import { ReaderPool } from '../reader/pool.ts';
import { READER_VERSION } from '../reader/version.ts';
import { findReportBySha, saveReport } from '../store/reports.ts';
import type { Database } from '../store/schema.ts';
import type { ReferenceAuthority } from './authorities.ts';
import type { SyncDeps } from './run.ts';
import { pdfPlainTextBounded } from './text-worker.ts';

async function referenceAuthorities(db: Kysely<Database>): Promise<ReferenceAuthority[]> {
  const rows = await db.selectFrom('authorities').select(['urn', 'name', 'is_current']).execute();
  return rows.flatMap((r) => (r.urn ? [{ urn: r.urn, name: r.name, isCurrent: Number(r.is_current) === 1 }] : []));
}

/**
 * The reader (in a worker thread, bounded in time and memory) and the
 * store's report writer. Close the returned pool when done.
 */
export function defaultSyncDeps(): { deps: SyncDeps; close: () => Promise<void> } {
  const pool = new ReaderPool({ workers: 1 });
  const deps: SyncDeps = {
    readReport: (bytes) => pool.readBytes(bytes),
    saveReport: async (db, report, source) => (await saveReport(db, report, source, { fullText: true, readerVersion: READER_VERSION })).outcome,
    hasReport: async (db, sha) => {
      const found = await findReportBySha(db, sha);
      return found !== undefined && found.hasFullText && found.readerVersion >= READER_VERSION;
    },
    documentText: (bytes) => pdfPlainTextBounded(bytes),
    referenceAuthorities,
  };
  return { deps, close: () => pool.close() };
}

