// The state of syncing from Ofsted's site, for `ilacs sync --status` and the
// pages alike: the last run that walked the whole site, every run since that
// did not, the files still failing, and a sync running now.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { lastRunWithOutcome, readLease, runsAfter, SYNC_LEASE, syncDb, type SyncRunRecord } from '../sync-repo.ts';

export interface FailingFile {
  fileId: string;
  url: string;
  code: string;
  message: string;
  since: string;
}

export interface SyncStatus {
  /** The last run that walked every page (it may still have had failed files: see failingFiles). */
  lastSuccess: SyncRunRecord | null;
  /** Runs after it that failed, were interrupted, or had failed files; newest first. */
  problemsSince: SyncRunRecord[];
  /** Files whose latest attempt failed; they are tried again on the next run. */
  failingFiles: FailingFile[];
  /** A sync holding the lease now, if any. */
  running: { holder: string; since: string | null } | null;
  /** False when nothing has ever synced into this database. */
  everRun: boolean;
}

/** A run that needs a person's attention: it failed, was interrupted, or left files failing. */
export function isProblemRun(r: Pick<SyncRunRecord, 'outcome' | 'filesFailed'>): boolean {
  return r.outcome === 'failed' || r.outcome === 'interrupted' || (r.outcome === 'partial' && r.filesFailed > 0);
}

export async function loadSyncStatus(store: Kysely<Database>, now = Date.now()): Promise<SyncStatus> {
  const db = syncDb(store);
  const lastSuccess = await lastRunWithOutcome(db, ['succeeded', 'partial']);
  const since = await runsAfter(db, lastSuccess?.id ?? 0);
  const problemsSince = since.filter(isProblemRun).reverse();
  const failing = await db.selectFrom('sync_files').select(['file_id', 'url', 'failure_code', 'failure_message', 'updated_at']).where('state', '=', 'failed').orderBy('updated_at', 'desc').execute();
  const lease = await readLease(db, SYNC_LEASE);
  const running = lease?.holder && lease.expiresAt > new Date(now).toISOString() ? { holder: lease.holder, since: lease.acquiredAt } : null;
  const any = await db.selectFrom('sync_runs').select('id').limit(1).executeTakeFirst();
  return {
    lastSuccess,
    problemsSince,
    failingFiles: failing.map((f) => ({ fileId: f.file_id, url: f.url, code: f.failure_code ?? 'failed', message: f.failure_message ?? '', since: f.updated_at })),
    running,
    everRun: any !== undefined,
  };
}
