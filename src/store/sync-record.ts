// What sync may do to the record, as the store's public API: sync never
// holds the database handle nor writes SQL; every write it makes (runs,
// files, listings and withdrawals, documents, reports) comes through here,
// and the ones that change what pages show move "Data last refreshed".
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { loadSyncStatus, type SyncStatus } from './read/sync-status.ts';
import {
  createRun,
  fileStates,
  finishRun,
  lastRunWithOutcome,
  listDocuments,
  listListings,
  listRuns,
  markAbandonedRuns,
  readLease,
  recordFileArchived,
  recordFileFailed,
  recordFileStored,
  recordProviderListings,
  releaseLease,
  renewLease,
  runsAfter,
  storeDocument,
  syncDb,
  tryAcquireLease,
  withdrawnHashes,
  type DocumentInput,
  type DocumentRecord,
  type FileKind,
  type LeaseRecord,
  type ListingInput,
  type ListingRecord,
  type RunTotals,
  type SyncFilesTable,
  type SyncOutcome,
  type SyncRunRecord,
} from './sync-repo.ts';

export interface SyncRecord {
  createRun(trigger: string, holder: string, now: number): Promise<number>;
  finishRun(id: number, totals: RunTotals, now: number): Promise<void>;
  /** Runs left "running" by a process that died; call only while holding the lease. */
  markAbandonedRuns(exceptId: number | null, now: number): Promise<number>;
  lastRunWithOutcome(outcomes: SyncOutcome[]): Promise<SyncRunRecord | null>;
  runsAfter(id: number): Promise<SyncRunRecord[]>;
  listRuns(limit?: number): Promise<SyncRunRecord[]>;
  fileStates(): Promise<Map<string, Pick<SyncFilesTable, 'file_id' | 'sha256' | 'state' | 'kind'>>>;
  recordFileArchived(fileId: string, url: string, sha256: string, runId: number, now: number): Promise<void>;
  recordFileStored(fileId: string, kind: FileKind, runId: number, now: number): Promise<void>;
  recordFileFailed(fileId: string, url: string, sha256: string | null, code: string, message: string, runId: number, now: number): Promise<void>;
  /** What a provider page lists now; reports no longer listed anywhere are marked withdrawn. Returns how many publications were newly withdrawn. */
  recordProviderListings(urn: string, listed: ListingInput[], now: number): Promise<number>;
  storeDocument(doc: DocumentInput, runId: number, now: number): Promise<'added' | 'unchanged'>;
  listDocuments(urn?: string): Promise<DocumentRecord[]>;
  listListings(urn?: string): Promise<ListingRecord[]>;
  withdrawnHashes(): Promise<Map<string, string>>;
  readLease(name: string): Promise<LeaseRecord | null>;
  tryAcquireLease(name: string, holder: string, ttlMs: number, now: number, stealableHolder?: string | null): Promise<boolean>;
  renewLease(name: string, holder: string, ttlMs: number, now: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
  /** The authorities the record knows by URN, to check Ofsted's listing against. */
  referenceAuthorities(): Promise<{ urn: string; name: string; isCurrent: boolean }[]>;
  /** True when a report with these bytes is stored with its full text, read by this reader version or a newer one. */
  hasCurrentReport(sha256: string, readerVersion: number): Promise<boolean>;
  status(now?: number): Promise<SyncStatus>;
}

export function syncRecord(db: Kysely<Database>): SyncRecord {
  const sdb = syncDb(db);
  return {
    createRun: (trigger, holder, now) => createRun(sdb, trigger, holder, now),
    finishRun: (id, totals, now) => finishRun(sdb, id, totals, now),
    markAbandonedRuns: (exceptId, now) => markAbandonedRuns(sdb, exceptId, now),
    lastRunWithOutcome: (outcomes) => lastRunWithOutcome(sdb, outcomes),
    runsAfter: (id) => runsAfter(sdb, id),
    listRuns: (limit) => listRuns(sdb, limit),
    fileStates: () => fileStates(sdb),
    recordFileArchived: (fileId, url, sha256, runId, now) => recordFileArchived(sdb, fileId, url, sha256, runId, now),
    recordFileStored: (fileId, kind, runId, now) => recordFileStored(sdb, fileId, kind, runId, now),
    recordFileFailed: (fileId, url, sha256, code, message, runId, now) => recordFileFailed(sdb, fileId, url, sha256, code, message, runId, now),
    recordProviderListings: (urn, listed, now) => recordProviderListings(sdb, urn, listed, now),
    storeDocument: (doc, runId, now) => storeDocument(sdb, doc, runId, now),
    listDocuments: (urn) => listDocuments(sdb, urn),
    listListings: (urn) => listListings(sdb, urn),
    withdrawnHashes: () => withdrawnHashes(sdb),
    readLease: (name) => readLease(sdb, name),
    tryAcquireLease: (name, holder, ttlMs, now, stealable) => tryAcquireLease(sdb, name, holder, ttlMs, now, stealable ?? null),
    renewLease: (name, holder, ttlMs, now) => renewLease(sdb, name, holder, ttlMs, now),
    releaseLease: (name, holder) => releaseLease(sdb, name, holder),
    async referenceAuthorities() {
      const rows = await db.selectFrom('authorities').select(['urn', 'name', 'is_current']).execute();
      return rows.flatMap((r) => (r.urn ? [{ urn: r.urn, name: r.name, isCurrent: Number(r.is_current) === 1 }] : []));
    },
    async hasCurrentReport(sha256, readerVersion) {
      const row = await db.selectFrom('reports').select('id').where('sha256', '=', sha256).where('has_full_text', '=', 1).where('reader_version', '>=', readerVersion).executeTakeFirst();
      return row !== undefined;
    },
    status: (now) => loadSyncStatus(db, now),
  };
}

export type { DocumentInput, DocumentRecord, FileKind, LeaseRecord, ListingInput, ListingRecord, RunTotals, SyncOutcome, SyncRunRecord } from './sync-repo.ts';
export type { AuthorityDiscrepancies, SyncFailure } from './sync-repo.ts';
