// Keeping the record current from Ofsted's report site.
//   const result = await syncOnce({ store, config });
//   const scheduler = startSyncScheduler({ store, every: 24 * 3600_000, config, deps });
//   const status = await lastSyncStatus(store);
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { SyncConfig } from './config.ts';
import { defaultSyncDeps } from './deps.ts';
import { listDocuments, listListings, syncDb, withdrawnHashes, type DocumentRecord, type ListingRecord } from '../store/sync-repo.ts';
import { runSync, type SyncOptions, type SyncResult } from './run.ts';

export { resolveSyncConfig, parseDuration, ConfigError, DEFAULT_FILES_URL, DEFAULT_SITE_URL, type SyncConfig, type SyncConfigInput } from './config.ts';
export { runSync, SyncBusyError, type SyncDeps, type SyncOptions, type SyncResult, type PlannedFile } from './run.ts';
export { startSyncScheduler, type SchedulerOptions, type SyncScheduler } from './scheduler.ts';
export { lastSyncStatus, formatSyncStatus, type SyncStatus, type FailingFile } from './status.ts';
export { SiteLayoutChangedError } from './parse.ts';
export { defaultSyncDeps } from './deps.ts';
export { pdfPlainText, pdfPlainTextBounded } from './text-worker.ts';
export { listDocuments, listListings, withdrawnHashes, type DocumentRecord, type ListingRecord, type SyncRunRecord, type SyncFailure } from '../store/sync-repo.ts';

type StoreLike = { db: Kysely<Database> };

/** Non-report publications (focused and monitoring visits, JTAI, area SEND, …), for one authority's page when urn is given. */
export function syncedDocuments(store: StoreLike, urn?: string): Promise<DocumentRecord[]> {
  return listDocuments(syncDb(store.db), urn);
}

/** Where each synced file is listed on Ofsted's site, and whether it still is. */
export function syncedListings(store: StoreLike, urn?: string): Promise<ListingRecord[]> {
  return listListings(syncDb(store.db), urn);
}

/** SHA-256 of reports and documents Ofsted no longer lists anywhere, with when that was noticed. */
export function withdrawnFiles(store: StoreLike): Promise<Map<string, string>> {
  return withdrawnHashes(syncDb(store.db));
}

/** One sync with the default reader and store writer. */
export async function syncOnce(options: Omit<SyncOptions, 'deps' | 'db'> & { store: StoreLike; config: SyncConfig }): Promise<SyncResult> {
  const { deps, close } = defaultSyncDeps();
  try {
    return await runSync({ ...options, db: options.store.db, deps });
  } finally {
    await close();
  }
}
