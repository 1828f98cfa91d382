// Keeping the record current from Ofsted's report site.
//   const result = await syncOnce({ store, config });
//   const scheduler = startSyncScheduler({ store, every: 24 * 3600_000, config, deps });
//   const status = await lastSyncStatus(store);
import type { Kysely } from 'kysely';
import { loadPdfText } from '../reader/pdf/pdfjs.ts';
import { ReaderPool } from '../reader/pool.ts';
import { findReportBySha, saveReport } from '../store/reports.ts';
import type { Database } from '../store/schema.ts';
import type { ReferenceAuthority } from './authorities.ts';
import type { SyncConfig } from './config.ts';
import { runSync, type SyncDeps, type SyncOptions, type SyncResult } from './run.ts';

export { resolveSyncConfig, parseDuration, ConfigError, type SyncConfig, type SyncConfigInput } from './config.ts';
export { runSync, SyncBusyError, type SyncDeps, type SyncOptions, type SyncResult, type PlannedFile } from './run.ts';
export { startSyncScheduler, type SchedulerOptions, type SyncScheduler } from './scheduler.ts';
export { lastSyncStatus, formatSyncStatus, type SyncStatus, type FailingFile } from './status.ts';
export { SiteLayoutChangedError } from './parse.ts';
export { listDocuments, listListings, withdrawnHashes, type DocumentRecord, type ListingRecord, type SyncRunRecord } from '../store/sync-repo.ts';

/** Plain text of a non-report PDF, page by page, for search. */
export async function pdfPlainText(bytes: Uint8Array): Promise<{ pageCount: number; text: string }> {
  const doc = await loadPdfText(bytes, { maxPages: 500 });
  const text = doc.pages.map((p) => p.lines.map((l) => l.text).join('\n')).join('\n\n');
  return { pageCount: doc.pageCount, text: text.replace(/[ \t]+/g, ' ').trim() };
}

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
    saveReport: async (db, report, source) => (await saveReport(db, report, source, { fullText: true })).outcome,
    hasReport: async (db, sha) => (await findReportBySha(db, sha))?.hasFullText ?? false,
    documentText: pdfPlainText,
    referenceAuthorities,
  };
  return { deps, close: () => pool.close() };
}

/** One sync with the default reader and store writer. */
export async function syncOnce(options: Omit<SyncOptions, 'deps' | 'db'> & { store: { db: Kysely<Database> }; config: SyncConfig }): Promise<SyncResult> {
  const { deps, close } = defaultSyncDeps();
  try {
    return await runSync({ ...options, db: options.store.db, deps });
  } finally {
    await close();
  }
}
