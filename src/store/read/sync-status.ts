// The state of syncing from Ofsted's site, for the pages: the last run that
// succeeded and any run that failed since, so a stale record is visible.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { lastRunWithOutcome, runsAfter, syncDb } from '../sync-repo.ts';

export interface SyncStatus {
  lastSuccess: { id: number; finishedAt: string | null; filesNew: number } | null;
  /** Runs since the last success that did not succeed (newest last). */
  problems: { id: number; startedAt: string; outcome: string; error: string | null; filesFailed: number }[];
}

export async function loadSyncStatus(db: Kysely<Database>): Promise<SyncStatus | null> {
  const sdb = syncDb(db);
  const last = await lastRunWithOutcome(sdb, ['succeeded', 'partial']);
  const after = await runsAfter(sdb, last?.id ?? 0);
  const problems = after.filter((r) => r.outcome === 'failed' || r.outcome === 'interrupted' || (r.outcome === 'partial' && r.filesFailed > 0));
  if (!last && after.length === 0) return null;
  return {
    lastSuccess: last ? { id: last.id, finishedAt: last.finishedAt, filesNew: last.filesNew } : null,
    problems: problems.map((r) => ({ id: r.id, startedAt: r.startedAt, outcome: r.outcome, error: r.error, filesFailed: r.filesFailed })),
  };
}
