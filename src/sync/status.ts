// What the last syncs did, for `ilacs sync --status` and the web pages:
// the last sync that walked the whole site, and every problem since.
import type { Store, SyncStatus } from '../store/index.ts';

export type { SyncStatus, FailingFile } from '../store/index.ts';

/** The one sync status the pages show too (store/read/sync-status.ts). */
export function lastSyncStatus(store: Pick<Store, 'syncRecord'>, now = Date.now()): Promise<SyncStatus> {
  return store.syncRecord.status(now);
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
  const problems = s.problemsSince;
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
