// What the last syncs did, for `ilacs sync --status` and the web pages:
// the last sync that walked the whole site, and every problem since.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { lastRunWithOutcome, readLease, runsAfter, syncDb, type SyncRunRecord } from '../store/sync-repo.ts';
import { LEASE_NAME } from './lease.ts';

export interface FailingFile {
  fileId: string;
  url: string;
  code: string;
  message: string;
  since: string;
}

export interface SyncStatus {
  /** The last run that walked every page (it may still have had failed files). */
  lastSuccess: SyncRunRecord | null;
  /** Runs since then that failed, were interrupted or had failed files, newest first. */
  problemsSince: SyncRunRecord[];
  /** Files whose latest attempt failed; they are tried again on the next run. */
  failingFiles: FailingFile[];
  /** A sync holding the lease now, if any. */
  running: { holder: string; since: string | null } | null;
  /** False when nothing has ever synced into this database. */
  everRun: boolean;
}

export async function lastSyncStatus(store: { db: Kysely<Database> }, now = Date.now()): Promise<SyncStatus> {
  const db = syncDb(store.db);
  const lastSuccess = await lastRunWithOutcome(db, ['succeeded', 'partial']);
  const since = await runsAfter(db, lastSuccess ? lastSuccess.id - 1 : 0);
  const problemsSince = since.filter((r) => r.outcome === 'failed' || r.outcome === 'interrupted' || r.outcome === 'partial').reverse();
  const failing = await db.selectFrom('sync_files').select(['file_id', 'url', 'failure_code', 'failure_message', 'updated_at']).where('state', '=', 'failed').orderBy('updated_at', 'desc').execute();
  const lease = await readLease(db, LEASE_NAME);
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

/** A few lines a person reads in a terminal or a log. */
export function formatSyncStatus(s: SyncStatus): string {
  const lines: string[] = [];
  if (!s.everRun) return 'No sync has run against this database yet. Run `ilacs sync` (see README: "Keeping the record current").\n';
  if (s.lastSuccess) {
    const r = s.lastSuccess;
    lines.push(`Last successful sync: ${r.finishedAt ?? r.startedAt} (run ${r.id}, ${r.trigger}): ${r.providers} providers, ${r.pagesFetched} pages, ${r.filesNew} new, ${r.filesUnchanged} unchanged, ${r.filesFailed} failed${r.withdrawn ? `, ${r.withdrawn} withdrawn` : ''}.`);
    const names = (list: { urn: string; name: string }[]) => list.slice(0, 10).map((a) => `${a.name} (URN ${a.urn})`).join(', ') + (list.length > 10 ? ` and ${list.length - 10} more (--json lists them all)` : '');
    if (r.authorities.unlisted.length > 0) lines.push(`  In Ofsted's listing but not in the reference data: ${names(r.authorities.unlisted)}`);
    if (r.authorities.missing.length > 0) lines.push(`  Reference authorities missing from Ofsted's listing: ${names(r.authorities.missing)}`);
  } else {
    lines.push('No sync has finished successfully yet.');
  }
  if (s.running) lines.push(`A sync is running now (${s.running.holder}, since ${s.running.since ?? 'unknown'}).`);
  const problems = s.problemsSince.filter((r) => r.outcome !== 'partial' || r.id !== s.lastSuccess?.id || r.filesFailed > 0);
  if (problems.length === 0 && s.failingFiles.length === 0) {
    lines.push('No failures since.');
  } else {
    for (const r of problems) {
      lines.push(`Run ${r.id} (${r.startedAt}) ${r.outcome}${r.error ? `: ${r.error}` : r.filesFailed ? `: ${r.filesFailed} file(s) failed` : ''}`);
    }
    if (s.failingFiles.length > 0) {
      lines.push(`Files still failing (${s.failingFiles.length}), retried next run:`);
      for (const f of s.failingFiles) lines.push(`  ${f.url}: ${f.code}: ${f.message}`);
    }
  }
  return lines.join('\n') + '\n';
}
