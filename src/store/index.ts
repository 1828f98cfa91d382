// The store: the record in SQLite or PostgreSQL, one code path through Kysely.
//   const store = await openStore(url);   // migrations run here
//   await store.saveReport(report, { sourceUrl }, { fullText: true, readerVersion: READER_VERSION });
//   await store.search('homeless 16 17', { region: 'London' });
import fs from 'node:fs';
import type { Kysely } from 'kysely';
import { AUTHORITIES } from '../domain/authorities.ts';
import type { Report } from '../domain/report.ts';
import type { DatabaseConfig } from '../config.ts';
import { seedAuthorities, type AuthoritySeed } from './authorities.ts';
import type { DialectName } from './migrations/dialect.ts';
import { openDatabase, whenRaceClears, type DatabaseAccess } from './open.ts';
import { findReportBySha, fullTextHashes, ingestedPaths, outdatedReports, saveReport, type OutdatedReport, type ReportSource, type SaveOptions, type SaveResult } from './reports.ts';
import { finishRun, lastRuns, recordFile, runFiles, startRun, type FileRecord, type RunCounts, type RunSummary } from './runs.ts';
import type { Database, RunStatus } from './schema.ts';
import { search, type Paging, type SearchFilters, type SearchPage } from './search.ts';
import { PostgresSearchPool, SqliteSearchPool, type SearchPoolOptions } from './search-pool.ts';
import { importSnapshot, readSnapshotHeader, SHIPPED_SNAPSHOT, type ImportSummary } from './snapshot.ts';
import { storeStats, type StoreStats } from './stats.ts';
import { syncRecord, type SyncRecord } from './sync-record.ts';
import { workflowRecord, type WorkflowRecord } from './workflow-repo.ts';
import { dataVersion, loadFactChanges, loadRecord, loadSections, type FactChangeRow, type RecordData, type SectionRow } from './read/index.ts';

/** What the web needs from the record: typed reads, never the database handle. */
export interface RecordReader {
  /** A fingerprint that changes whenever the record does. */
  dataVersion(): Promise<string>;
  /** The whole record but report text, for the views. */
  loadRecord(): Promise<RecordData>;
  /** A report's text by section (empty when it has none). */
  reportSections(reportId: number): Promise<SectionRow[]>;
  /** Published facts of a report that later reads corrected, oldest first. */
  reportChanges(reportId: number): Promise<FactChangeRow[]>;
  search(query: string, filters?: SearchFilters, paging?: Paging): Promise<SearchPage>;
}

export interface Store extends RecordReader {
  db: Kysely<Database>;
  /** Sync's writes and reads of the record: sync goes through this, never the database handle. */
  syncRecord: SyncRecord;
  /** The inspection workflow's accounts, sessions, inspections and audit (src/workflow goes through this, never the database handle). */
  workflow: WorkflowRecord;
  dialect: DialectName;
  config: DatabaseConfig;
  /** True when this open created the database. */
  created: boolean;
  /** Set when this open loaded the shipped snapshot into a new default database. */
  snapshotImport: ImportSummary | null;
  close(): Promise<void>;
  /** Refreshes the authorities from seeds (skipped when unchanged since the last refresh); true when it wrote. */
  seedAuthorities(seeds: readonly AuthoritySeed[], options?: { force?: boolean }): Promise<boolean>;
  findReportBySha(sha256: string): Promise<{ id: number; hasFullText: boolean; readerVersion: number } | undefined>;
  /** Hashes stored with full text by this reader version or newer: what ingest need not read again. */
  fullTextHashes(minReaderVersion: number): Promise<Map<string, number>>;
  saveReport(report: Report, source: ReportSource, options: SaveOptions): Promise<SaveResult>;
  /** Reports an older reader than `readerVersion` read: what reread reads again. */
  outdatedReports(readerVersion: number): Promise<OutdatedReport[]>;
  /** Paths a file with these bytes was ingested from, most recent first. */
  ingestedPaths(sha256: string): Promise<string[]>;
  stats(): Promise<StoreStats>;
  startRun(command: string): Promise<number>;
  recordFile(runId: number, file: FileRecord): Promise<void>;
  finishRun(runId: number, counts: RunCounts, status?: RunStatus): Promise<void>;
  lastRuns(limit?: number): Promise<RunSummary[]>;
  runFiles(runId: number): Promise<FileRecord[]>;
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
}

export interface OpenOptions {
  /**
   * "read" for commands that only read (stats, serve, snapshot export): a
   * SQLite file that does not exist is refused, naming the path, instead of
   * being created empty. "write" (default) creates it, only in a folder that exists.
   */
  access?: DatabaseAccess;
  /** Authorities to seed/refresh on open: defaults to the domain's reference data (src/domain/authorities.ts). */
  authorities?: readonly AuthoritySeed[];
  /**
   * Load the shipped snapshot (data-snapshot/) into the default database when
   * it was never loaded there, or a newer one ships. Only the default database
   * (no --database, no DATABASE_URL) gets it. Default true.
   */
  shippedSnapshot?: boolean;
  /**
   * Where searches run: by default on SQLite in worker threads with their own
   * read-only connections (so a burst of searches does not hold up the
   * process), and on PostgreSQL a bounded number at once with a statement
   * timeout. `false` runs them on the calling thread (one-off commands).
   */
  searchPool?: SearchPoolOptions | false;
}

const SHIPPED_KEY = 'shipped_snapshot_loaded';

async function needsShippedSnapshot(store: Store): Promise<boolean> {
  if (!store.config.isDefault || !fs.existsSync(SHIPPED_SNAPSHOT)) return false;
  const loaded = await store.getMeta(SHIPPED_KEY);
  if (!loaded) return true;
  // A newer snapshot (e.g. after git pull) adds the reports it has and the database lacks; import never overwrites.
  const shipped = await readSnapshotHeader(SHIPPED_SNAPSHOT).catch(() => null);
  return shipped !== null && shipped.builtAt > loaded;
}

/**
 * Opens (creating if needed) the database named by url, else DATABASE_URL,
 * else the default SQLite file, and runs pending migrations.
 */
export async function openStore(url?: string, options: OpenOptions = {}): Promise<Store> {
  const { db, config, created } = await openDatabase(url, options.access ?? 'write');
  const dialect: DialectName = config.dialect;
  // Made on the first search, so commands that never search start no workers.
  let sqlitePool: SqliteSearchPool | null = null;
  let postgresPool: PostgresSearchPool | null = null;
  const poolOptions = options.searchPool === false ? null : (options.searchPool ?? {});
  const runSearch = (query: string, filters?: SearchFilters, paging?: Paging): Promise<SearchPage> => {
    if (poolOptions && config.dialect === 'sqlite' && config.path !== ':memory:') return (sqlitePool ??= new SqliteSearchPool(config.path, poolOptions)).search(query, filters, paging);
    if (poolOptions && config.dialect === 'postgres') return (postgresPool ??= new PostgresSearchPool(db, poolOptions)).search(query, filters, paging);
    return search(db, dialect, query, filters, paging);
  };
  const store: Store = {
    db,
    dialect,
    config,
    created,
    snapshotImport: null,
    syncRecord: syncRecord(db),
    workflow: workflowRecord(db),
    close: async () => {
      await sqlitePool?.close();
      await db.destroy();
    },
    seedAuthorities: (seeds, opts) => seedAuthorities(db, seeds, opts),
    findReportBySha: (sha) => findReportBySha(db, sha),
    fullTextHashes: (v) => fullTextHashes(db, v),
    saveReport: (report, source, opts) => saveReport(db, report, source, opts),
    outdatedReports: (v) => outdatedReports(db, v),
    ingestedPaths: (sha) => ingestedPaths(db, sha),
    search: runSearch,
    stats: () => storeStats(db),
    dataVersion: () => dataVersion(db),
    loadRecord: () => loadRecord(db),
    reportSections: (id) => loadSections(db, id),
    reportChanges: (id) => loadFactChanges(db, id),
    startRun: (command) => startRun(db, command),
    recordFile: (runId, file) => recordFile(db, runId, file),
    finishRun: (runId, counts, status) => finishRun(db, runId, counts, status),
    lastRuns: (limit) => lastRuns(db, limit),
    runFiles: (runId) => runFiles(db, runId),
    getMeta: async (key) => (await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value,
    setMeta: async (key, value) => {
      await db
        .insertInto('meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },
  };
  try {
    const seeds = options.authorities ?? AUTHORITIES;
    await whenRaceClears(() => store.seedAuthorities(seeds));
    if (options.shippedSnapshot !== false && (await needsShippedSnapshot(store))) {
      store.snapshotImport = await importSnapshot(db, SHIPPED_SNAPSHOT);
      await store.setMeta(SHIPPED_KEY, store.snapshotImport.header.builtAt);
    }
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return store;
}

export type { Database } from './schema.ts';
export type * from './schema.ts';
export type { AuthoritySeed } from './authorities.ts';
export type { ReportSource, SaveOptions, SaveResult, SaveOutcome, FactChange, OutdatedReport } from './reports.ts';
export { headlineGrade, FILE_OUTCOME } from './reports.ts';
export type { FileRecord, RunCounts, RunSummary } from './runs.ts';
export type { SearchFilters, Paging, SearchHit, SearchPage, SnippetPart } from './search.ts';
export { EXPORT_PAGE_SIZE } from './search.ts';
export { SearchBusyError, type SearchPoolOptions } from './search-pool.ts';
export { parseSearchQuery } from './search-query.ts';
export type { StoreStats } from './stats.ts';
export type * from './read/index.ts';
export { exportSnapshot, importSnapshot, readSnapshotHeader, SHIPPED_SNAPSHOT, OGL_ATTRIBUTION, SnapshotError, type ImportSummary, type SnapshotHeader } from './snapshot.ts';
export type { DialectName } from './migrations/dialect.ts';
export type * from './sync-record.ts';
export { SYNC_LEASE } from './sync-repo.ts';
export { DuplicateEmailError } from './workflow-repo.ts';
export type { WorkflowRecord, UserRecord, NewUser, SessionRecord, NewInspection, InspectionSummary, InspectionRecord, EvidenceRecord, JudgementRecord, CommentRecord, AuditRecord, MoveStamp } from './workflow-repo.ts';
