// Keeping the record current from Ofsted's report site.
//   const result = await syncOnce({ store, config });
//   const scheduler = startSyncScheduler({ store, every: 24 * 3600_000, config, deps });
//   const status = await lastSyncStatus(store);
// Sync reads and writes the record only through the store's public API (store.syncRecord, store.saveReport).
import type { DocumentRecord, ListingRecord, Store } from '../store/index.ts';
import type { SyncConfig } from './config.ts';
import { defaultSyncDeps } from './deps.ts';
import { runSync, type SyncOptions, type SyncResult, type SyncStore } from './run.ts';

export { resolveSyncConfig, parseDuration, ConfigError, DEFAULT_FILES_URL, DEFAULT_SITE_URL, type SyncConfig, type SyncConfigInput } from './config.ts';
export { runSync, SyncBusyError, type SyncDeps, type SyncOptions, type SyncResult, type SyncStore, type PlannedFile } from './run.ts';
export { startSyncScheduler, type SchedulerOptions, type SyncScheduler } from './scheduler.ts';
export { lastSyncStatus, formatSyncStatus, type SyncStatus, type FailingFile } from './status.ts';
export { SiteLayoutChangedError } from './parse.ts';
export { defaultSyncDeps } from './deps.ts';
export { documentText, TextExtractionError } from './text-worker.ts';
export type { DocumentRecord, ListingRecord, SyncRunRecord, SyncFailure } from '../store/index.ts';

type StoreLike = Pick<Store, 'syncRecord'>;

/** Non-report publications (focused and monitoring visits, JTAI, area SEND, …), for one authority's page when urn is given. */
export function syncedDocuments(store: StoreLike, urn?: string): Promise<DocumentRecord[]> {
  return store.syncRecord.listDocuments(urn);
}

/** Where each synced file is listed on Ofsted's site, and whether it still is. */
export function syncedListings(store: StoreLike, urn?: string): Promise<ListingRecord[]> {
  return store.syncRecord.listListings(urn);
}

/** SHA-256 of reports and documents Ofsted no longer lists anywhere, with when that was noticed. */
export function withdrawnFiles(store: StoreLike): Promise<Map<string, string>> {
  return store.syncRecord.withdrawnHashes();
}

/** Same as syncedDocuments, under the name the store uses. */
export const listDocuments = (store: StoreLike, urn?: string): Promise<DocumentRecord[]> => syncedDocuments(store, urn);
export const listListings = (store: StoreLike, urn?: string): Promise<ListingRecord[]> => syncedListings(store, urn);
export const withdrawnHashes = (store: StoreLike): Promise<Map<string, string>> => withdrawnFiles(store);

/** One sync with the default reader. */
export async function syncOnce(options: Omit<SyncOptions, 'deps' | 'store'> & { store: SyncStore; config: SyncConfig }): Promise<SyncResult> {
  const { deps, close } = defaultSyncDeps();
  try {
    return await runSync({ ...options, deps });
  } finally {
    await close();
  }
}
