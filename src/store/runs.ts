// The run log: every ingest (or snapshot import, or sync) is a run, and every
// file it saw is recorded with its outcome, so failures are never silent.
import type { Kysely } from 'kysely';
import { processGone, processPlace } from './process-owner.ts';
import type { Database, FileOutcome, RunStatus } from './schema.ts';

export interface FileRecord {
  path: string;
  sha256: string | null;
  outcome: FileOutcome;
  errorCode?: string | null;
  errorMessage?: string | null;
  reportId?: number | null;
}

export interface RunCounts {
  seen: number;
  /** New reports. */
  added: number;
  /** Reports the record had as facts only that gained their full text. */
  textAdded?: number;
  /** Reports an older reader had read, read again. */
  reread?: number;
  unchanged: number;
  failed: number;
}

const COUNT_OF: Record<FileOutcome, keyof RunCounts> = { added: 'added', text_added: 'textAdded', reread: 'reread', unchanged: 'unchanged', failed: 'failed' };

function countColumns(c: RunCounts) {
  return { seen: c.seen, added: c.added, text_added: c.textAdded ?? 0, reread: c.reread ?? 0, unchanged: c.unchanged, failed: c.failed };
}

/** What a run's recorded files add up to. */
async function countsOf(db: Kysely<Database>, runId: number): Promise<RunCounts> {
  const rows = await db
    .selectFrom('ingest_files')
    .select(['outcome', (eb) => eb.fn.countAll().as('n')])
    .where('run_id', '=', runId)
    .groupBy('outcome')
    .execute();
  const counts: Required<RunCounts> = { seen: 0, added: 0, textAdded: 0, reread: 0, unchanged: 0, failed: 0 };
  for (const r of rows) {
    counts[COUNT_OF[r.outcome]] = Number(r.n);
    counts.seen += Number(r.n);
  }
  return counts;
}

/**
 * Runs recorded as running on this machine whose process no longer exists
 * (killed, or the machine restarted) are recorded as interrupted, with the
 * counts of the files they got through. Runs of other machines sharing a
 * PostgreSQL database cannot be checked from here and are left alone.
 */
export async function markInterruptedRuns(db: Kysely<Database>): Promise<number> {
  const running = await db.selectFrom('ingest_runs').select(['id', 'pid', 'host']).where('status', '=', 'running').where('host', '=', processPlace()).execute();
  let marked = 0;
  for (const run of running) {
    if (!processGone(run.host, run.pid)) continue;
    const res = await db
      .updateTable('ingest_runs')
      .set({ ...countColumns(await countsOf(db, run.id)), status: 'interrupted', finished_at: new Date().toISOString() })
      .where('id', '=', run.id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    marked += Number(res.numUpdatedRows ?? 0);
  }
  return marked;
}

export async function startRun(db: Kysely<Database>, command: string): Promise<number> {
  await markInterruptedRuns(db);
  const row = await db
    .insertInto('ingest_runs')
    .values({ command, started_at: new Date().toISOString(), status: 'running', seen: 0, added: 0, unchanged: 0, failed: 0, pid: process.pid, host: processPlace() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function recordFile(db: Kysely<Database>, runId: number, file: FileRecord): Promise<void> {
  await db
    .insertInto('ingest_files')
    .values({
      run_id: runId,
      path: file.path,
      sha256: file.sha256,
      outcome: file.outcome,
      error_code: file.errorCode ?? null,
      error_message: file.errorMessage ?? null,
      report_id: file.reportId ?? null,
      recorded_at: new Date().toISOString(),
    })
    .execute();
}

export async function finishRun(db: Kysely<Database>, runId: number, counts: RunCounts, status: RunStatus = 'completed'): Promise<void> {
  await db
    .updateTable('ingest_runs')
    .set({ ...countColumns(counts), status, finished_at: new Date().toISOString() })
    .where('id', '=', runId)
    .execute();
}

export interface RunSummary extends RunCounts {
  id: number;
  command: string;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
}

export async function lastRuns(db: Kysely<Database>, limit = 10): Promise<RunSummary[]> {
  const rows = await db.selectFrom('ingest_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    command: r.command,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status,
    seen: r.seen,
    added: r.added,
    textAdded: Number(r.text_added),
    reread: Number(r.reread),
    unchanged: r.unchanged,
    failed: r.failed,
  }));
}

export async function runFiles(db: Kysely<Database>, runId: number): Promise<FileRecord[]> {
  const rows = await db.selectFrom('ingest_files').selectAll().where('run_id', '=', runId).orderBy('id').execute();
  return rows.map((r) => ({ path: r.path, sha256: r.sha256, outcome: r.outcome, errorCode: r.error_code, errorMessage: r.error_message, reportId: r.report_id }));
}
