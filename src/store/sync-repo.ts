// Sync's tables (migration 100_sync) and every query sync makes on them.
import type { Generated, Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { markRefreshed } from './reports.ts';

export type SyncOutcome = 'running' | 'succeeded' | 'partial' | 'failed' | 'interrupted';
export type FileState = 'archived' | 'stored' | 'failed';
export type FileKind = 'report' | 'document';

export interface SyncFailure {
  fileId: string | null;
  url: string;
  urn: string | null;
  code: string;
  message: string;
}

export interface AuthorityDiscrepancies {
  /** In Ofsted's listing but not in the reference data. */
  unlisted: { urn: string; name: string }[];
  /** Current reference authorities that the listing no longer shows. */
  missing: { urn: string; name: string }[];
}

export interface SyncRunsTable {
  id: Generated<number>;
  trigger: string;
  holder: string;
  started_at: string;
  finished_at: string | null;
  outcome: SyncOutcome;
  pages_fetched: number;
  requests: number;
  providers: number;
  files_new: number;
  files_unchanged: number;
  files_failed: number;
  withdrawn: number;
  /** JSON SyncFailure[]. */
  failures: string;
  /** JSON AuthorityDiscrepancies. */
  authorities: string;
  error: string | null;
}

export interface SyncFilesTable {
  file_id: string;
  url: string;
  sha256: string | null;
  /** archived: bytes kept, not yet stored; stored: in the record; failed: see failure_*. */
  state: FileState;
  kind: FileKind | null;
  failure_code: string | null;
  failure_message: string | null;
  attempts: number;
  first_seen_at: string;
  updated_at: string;
  last_run_id: number | null;
}

export interface SyncListingsTable {
  urn: string;
  file_id: string;
  type: string;
  published: string | null;
  label: string;
  first_seen_at: string;
  last_seen_at: string;
  /** Set when the publication disappeared from the provider's page. */
  withdrawn_at: string | null;
}

export interface SyncDocumentsTable {
  id: Generated<number>;
  sha256: string;
  type: string;
  published: string | null;
  authority_urn: string | null;
  file_id: string;
  source_url: string;
  /** Relative to the archive folder: <sha prefix>/<sha>.pdf. */
  archive_path: string;
  page_count: number;
  text: string;
  created_at: string;
}

export interface SyncLeaseTable {
  name: string;
  holder: string | null;
  acquired_at: string | null;
  expires_at: string;
}

// A type alias, not an interface: Kysely's withTables needs an index-compatible record.
export type SyncTables = {
  sync_runs: SyncRunsTable;
  sync_files: SyncFilesTable;
  sync_listings: SyncListingsTable;
  sync_documents: SyncDocumentsTable;
  sync_lease: SyncLeaseTable;
};

export type SyncDatabase = Database & SyncTables;
export type SyncDb = Kysely<SyncDatabase>;

export function syncDb(db: Kysely<Database>): SyncDb {
  return db.withTables<SyncTables>();
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The lease that keeps syncs one at a time across processes. */
export const SYNC_LEASE = 'sync';

// ---- runs

export async function createRun(db: SyncDb, trigger: string, holder: string, now: number): Promise<number> {
  const row = await db
    .insertInto('sync_runs')
    .values({
      trigger,
      holder,
      started_at: iso(now),
      finished_at: null,
      outcome: 'running',
      pages_fetched: 0,
      requests: 0,
      providers: 0,
      files_new: 0,
      files_unchanged: 0,
      files_failed: 0,
      withdrawn: 0,
      failures: '[]',
      authorities: '{"unlisted":[],"missing":[]}',
      error: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export interface RunTotals {
  outcome: Exclude<SyncOutcome, 'running'>;
  pagesFetched: number;
  requests: number;
  providers: number;
  filesNew: number;
  filesUnchanged: number;
  filesFailed: number;
  withdrawn: number;
  failures: SyncFailure[];
  authorities: AuthorityDiscrepancies;
  error: string | null;
}

export async function finishRun(db: SyncDb, id: number, totals: RunTotals, now: number): Promise<void> {
  await db
    .updateTable('sync_runs')
    .set({
      finished_at: iso(now),
      outcome: totals.outcome,
      pages_fetched: totals.pagesFetched,
      requests: totals.requests,
      providers: totals.providers,
      files_new: totals.filesNew,
      files_unchanged: totals.filesUnchanged,
      files_failed: totals.filesFailed,
      withdrawn: totals.withdrawn,
      failures: JSON.stringify(totals.failures),
      authorities: JSON.stringify(totals.authorities),
      error: totals.error,
    })
    .where('id', '=', id)
    .execute();
}

/** Runs left "running" by a process that died; call only while holding the lease. */
export async function markAbandonedRuns(db: SyncDb, exceptId: number | null, now: number): Promise<number> {
  let q = db
    .updateTable('sync_runs')
    .set({ outcome: 'interrupted', finished_at: iso(now), error: 'the run stopped before finishing (process killed or server stopped); the next run resumed from what it had stored' })
    .where('outcome', '=', 'running');
  if (exceptId !== null) q = q.where('id', '<>', exceptId);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows ?? 0);
}

/** A recorded run: its totals as finishRun wrote them, or "running". */
export interface SyncRunRecord extends Omit<RunTotals, 'outcome'> {
  id: number;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: SyncOutcome;
}

function toRecord(r: Omit<SyncRunsTable, 'id'> & { id: number }): SyncRunRecord {
  return {
    id: Number(r.id),
    trigger: r.trigger,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    outcome: r.outcome,
    pagesFetched: Number(r.pages_fetched),
    requests: Number(r.requests),
    providers: Number(r.providers),
    filesNew: Number(r.files_new),
    filesUnchanged: Number(r.files_unchanged),
    filesFailed: Number(r.files_failed),
    withdrawn: Number(r.withdrawn),
    failures: JSON.parse(r.failures) as SyncFailure[],
    authorities: JSON.parse(r.authorities) as AuthorityDiscrepancies,
    error: r.error,
  };
}

/** Runs newest first. */
export async function listRuns(db: SyncDb, limit = 50): Promise<SyncRunRecord[]> {
  const rows = await db.selectFrom('sync_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toRecord);
}

export async function lastRunWithOutcome(db: SyncDb, outcomes: SyncOutcome[]): Promise<SyncRunRecord | null> {
  const row = await db.selectFrom('sync_runs').selectAll().where('outcome', 'in', outcomes).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function runsAfter(db: SyncDb, id: number): Promise<SyncRunRecord[]> {
  const rows = await db.selectFrom('sync_runs').selectAll().where('id', '>', id).orderBy('id', 'asc').execute();
  return rows.map(toRecord);
}

// ---- files

export async function fileStates(db: SyncDb): Promise<Map<string, Pick<SyncFilesTable, 'file_id' | 'sha256' | 'state' | 'kind'>>> {
  const rows = await db.selectFrom('sync_files').select(['file_id', 'sha256', 'state', 'kind']).execute();
  return new Map(rows.map((r) => [r.file_id, r]));
}

export async function recordFileArchived(db: SyncDb | Transaction<SyncDatabase>, fileId: string, url: string, sha256: string, runId: number, now: number): Promise<void> {
  await db
    .insertInto('sync_files')
    .values({ file_id: fileId, url, sha256, state: 'archived', attempts: 1, first_seen_at: iso(now), updated_at: iso(now), last_run_id: runId })
    .onConflict((oc) =>
      oc.column('file_id').doUpdateSet((eb) => ({
        url,
        sha256,
        state: 'archived',
        kind: null,
        failure_code: null,
        failure_message: null,
        attempts: eb('sync_files.attempts', '+', 1),
        updated_at: iso(now),
        last_run_id: runId,
      })),
    )
    .execute();
}

export async function recordFileStored(db: SyncDb | Transaction<SyncDatabase>, fileId: string, kind: FileKind, runId: number, now: number): Promise<void> {
  await db
    .updateTable('sync_files')
    .set({ state: 'stored', kind, failure_code: null, failure_message: null, updated_at: iso(now), last_run_id: runId })
    .where('file_id', '=', fileId)
    .execute();
}

export async function recordFileFailed(db: SyncDb, fileId: string, url: string, sha256: string | null, code: string, message: string, runId: number, now: number): Promise<void> {
  await db
    .insertInto('sync_files')
    .values({ file_id: fileId, url, sha256, state: 'failed', failure_code: code, failure_message: message, attempts: 1, first_seen_at: iso(now), updated_at: iso(now), last_run_id: runId })
    .onConflict((oc) =>
      oc.column('file_id').doUpdateSet((eb) => ({
        url,
        sha256,
        state: 'failed',
        kind: null,
        failure_code: code,
        failure_message: message,
        attempts: eb('sync_files.attempts', '+', 1),
        updated_at: iso(now),
        last_run_id: runId,
      })),
    )
    .execute();
}

// ---- listings

export interface ListingInput {
  fileId: string;
  type: string;
  published: string | null;
  label: string;
}

/**
 * Records what a provider page lists now: new publications are added,
 * ones seen again are refreshed (and un-withdrawn), ones gone from the page
 * are marked withdrawn. Returns how many were newly marked withdrawn.
 */
export async function recordProviderListings(db: SyncDb, urn: string, listed: ListingInput[], now: number): Promise<number> {
  return db.transaction().execute(async (tx) => {
    for (const p of listed) {
      await tx
        .insertInto('sync_listings')
        .values({ urn, file_id: p.fileId, type: p.type, published: p.published, label: p.label, first_seen_at: iso(now), last_seen_at: iso(now), withdrawn_at: null })
        .onConflict((oc) => oc.columns(['urn', 'file_id']).doUpdateSet({ type: p.type, published: p.published, label: p.label, last_seen_at: iso(now), withdrawn_at: null }))
        .execute();
    }
    let q = tx.updateTable('sync_listings').set({ withdrawn_at: iso(now) }).where('urn', '=', urn).where('withdrawn_at', 'is', null);
    const ids = listed.map((p) => p.fileId);
    if (ids.length > 0) q = q.where('file_id', 'not in', ids);
    const res = await q.executeTakeFirst();
    // A report Ofsted withdrew (or listed again) changes what the pages show: the record is refreshed.
    if (await syncReportWithdrawals(tx)) await markRefreshed(tx as unknown as Kysely<Database>, iso(now));
    return Number(res.numUpdatedRows ?? 0);
  });
}

export interface ListingRecord {
  urn: string;
  fileId: string;
  type: string;
  published: string | null;
  withdrawnAt: string | null;
  sha256: string | null;
  state: FileState | null;
}

/** Every publication seen on provider pages, with what became of its file. */
export async function listListings(db: SyncDb, urn?: string): Promise<ListingRecord[]> {
  let q = db
    .selectFrom('sync_listings as l')
    .leftJoin('sync_files as f', 'f.file_id', 'l.file_id')
    .select(['l.urn', 'l.file_id', 'l.type', 'l.published', 'l.withdrawn_at', 'f.sha256', 'f.state']);
  if (urn !== undefined) q = q.where('l.urn', '=', urn);
  const rows = await q.orderBy('l.urn').orderBy('l.file_id').execute();
  return rows.map((r) => ({ urn: r.urn, fileId: r.file_id, type: r.type, published: r.published, withdrawnAt: r.withdrawn_at, sha256: r.sha256, state: r.state }));
}

/**
 * Content hashes (reports or documents) that Ofsted no longer lists
 * anywhere: every listing of every file with those bytes is withdrawn.
 */
export async function withdrawnHashes(db: SyncDb | Transaction<SyncDatabase>): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('sync_listings as l')
    .innerJoin('sync_files as f', 'f.file_id', 'l.file_id')
    .select(['f.sha256', 'l.withdrawn_at'])
    .where('f.sha256', 'is not', null)
    .execute();
  const out = new Map<string, string>();
  const listed = new Set<string>();
  for (const r of rows) {
    const sha = r.sha256!;
    if (r.withdrawn_at === null) listed.add(sha);
    else if ((out.get(sha) ?? '') < r.withdrawn_at) out.set(sha, r.withdrawn_at);
  }
  for (const sha of listed) out.delete(sha);
  return out;
}

// ---- documents and reports

export async function reportIdBySha(db: SyncDb, sha256: string): Promise<number | null> {
  const row = await db.selectFrom('reports').select('id').where('sha256', '=', sha256).executeTakeFirst();
  return row ? Number(row.id) : null;
}

export async function documentIdBySha(db: SyncDb, sha256: string): Promise<number | null> {
  const row = await db.selectFrom('sync_documents').select('id').where('sha256', '=', sha256).executeTakeFirst();
  return row ? Number(row.id) : null;
}

export interface DocumentInput {
  sha256: string;
  type: string;
  published: string | null;
  authorityUrn: string | null;
  authorityName: string | null;
  fileId: string;
  sourceUrl: string;
  archivePath: string;
  pageCount: number;
  text: string;
}

/**
 * Stores a non-report publication and its searchable text, and marks its
 * file stored, in one transaction; the same bytes twice are one document.
 */
export async function storeDocument(db: SyncDb, doc: DocumentInput, runId: number, now: number): Promise<'added' | 'unchanged'> {
  return db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('sync_documents').select('id').where('sha256', '=', doc.sha256).executeTakeFirst();
    let outcome: 'added' | 'unchanged' = 'unchanged';
    if (!existing) {
      const row = await tx
        .insertInto('sync_documents')
        .values({
          sha256: doc.sha256,
          type: doc.type,
          published: doc.published,
          authority_urn: doc.authorityUrn,
          file_id: doc.fileId,
          source_url: doc.sourceUrl,
          archive_path: doc.archivePath,
          page_count: doc.pageCount,
          text: doc.text,
          created_at: iso(now),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const heading = [doc.type, doc.authorityName, doc.published].filter(Boolean).join(', ');
      await tx
        .insertInto('search_documents')
        .values({ kind: 'document', report_id: null, ref_id: Number(row.id), heading, body: doc.text, page: 1 })
        .execute();
      await markRefreshed(tx as unknown as Kysely<Database>, iso(now));
      outcome = 'added';
    }
    await recordFileStored(tx, doc.fileId, 'document', runId, now);
    return outcome;
  });
}

export interface DocumentRecord {
  id: number;
  sha256: string;
  type: string;
  published: string | null;
  authorityUrn: string | null;
  fileId: string;
  sourceUrl: string;
  archivePath: string;
  pageCount: number;
}

export async function listDocuments(db: SyncDb, urn?: string): Promise<DocumentRecord[]> {
  let q = db.selectFrom('sync_documents').select(['id', 'sha256', 'type', 'published', 'authority_urn', 'file_id', 'source_url', 'archive_path', 'page_count']);
  if (urn !== undefined) {
    // A document belongs to every authority whose page lists it (shared trusts).
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('sync_listings as l')
          .innerJoin('sync_files as f', 'f.file_id', 'l.file_id')
          .select('l.urn')
          .whereRef('f.sha256', '=', 'sync_documents.sha256')
          .where('l.urn', '=', urn),
      ),
    );
  }
  const rows = await q.orderBy('published', 'desc').orderBy('id').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    sha256: r.sha256,
    type: r.type,
    published: r.published,
    authorityUrn: r.authority_urn,
    fileId: r.file_id,
    sourceUrl: r.source_url,
    archivePath: r.archive_path,
    pageCount: Number(r.page_count),
  }));
}

// ---- lease

export interface LeaseRecord {
  holder: string | null;
  acquiredAt: string | null;
  expiresAt: string;
}

export async function readLease(db: SyncDb, name: string): Promise<LeaseRecord | null> {
  const row = await db.selectFrom('sync_lease').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? { holder: row.holder, acquiredAt: row.acquired_at, expiresAt: row.expires_at } : null;
}

/**
 * Takes the named lease when it is free, expired, already ours, or held by
 * `stealableHolder` (a holder known to be dead). One conditional UPDATE, so
 * two processes racing for it cannot both win.
 */
export async function tryAcquireLease(db: SyncDb, name: string, holder: string, ttlMs: number, now: number, stealableHolder: string | null = null): Promise<boolean> {
  await db.insertInto('sync_lease').values({ name, holder: null, acquired_at: null, expires_at: iso(0) }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const res = await db
    .updateTable('sync_lease')
    .set({ holder, acquired_at: iso(now), expires_at: iso(now + ttlMs) })
    .where('name', '=', name)
    .where((eb) => {
      const free = [eb('holder', 'is', null), eb('expires_at', '<', iso(now)), eb('holder', '=', holder)];
      if (stealableHolder !== null) free.push(eb('holder', '=', stealableHolder));
      return eb.or(free);
    })
    .executeTakeFirst();
  return Number(res.numUpdatedRows ?? 0) === 1;
}

export async function renewLease(db: SyncDb, name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
  const res = await db.updateTable('sync_lease').set({ expires_at: iso(now + ttlMs) }).where('name', '=', name).where('holder', '=', holder).executeTakeFirst();
  return Number(res.numUpdatedRows ?? 0) === 1;
}

export async function releaseLease(db: SyncDb, name: string, holder: string): Promise<void> {
  await db.updateTable('sync_lease').set({ holder: null, acquired_at: null, expires_at: iso(0) }).where('name', '=', name).where('holder', '=', holder).execute();
}

// ---- what marking withdrawn means for the record

/**
 * Reports whose bytes Ofsted no longer lists anywhere are marked withdrawn
 * (with the date it was noticed); a report listed again is withdrawn no
 * longer. True when any report changed, so the caller can mark the record
 * refreshed.
 */
export async function syncReportWithdrawals(db: SyncDb | Transaction<SyncDatabase>): Promise<boolean> {
  const withdrawn = await withdrawnHashes(db as SyncDb);
  let changed = false;
  const marked = await db.selectFrom('reports').select(['id', 'sha256', 'withdrawn_at']).where('withdrawn_at', 'is not', null).execute();
  for (const r of marked) {
    if (!withdrawn.has(r.sha256)) {
      await db.updateTable('reports').set({ withdrawn_at: null }).where('id', '=', r.id).execute();
      changed = true;
    }
  }
  const already = new Set(marked.map((r) => r.sha256));
  for (const [sha, at] of withdrawn) {
    if (already.has(sha)) continue;
    const res = await db.updateTable('reports').set({ withdrawn_at: at }).where('sha256', '=', sha).where('withdrawn_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows ?? 0) > 0) changed = true;
  }
  return changed;
}
