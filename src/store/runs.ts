// The run log: every ingest (or snapshot import, or sync) is a run, and every
// file it saw is recorded with its outcome, so failures are never silent.
import type { Kysely } from 'kysely';
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
  added: number;
  unchanged: number;
  failed: number;
}

export async function startRun(db: Kysely<Database>, command: string): Promise<number> {
  const row = await db
    .insertInto('ingest_runs')
    .values({ command, started_at: new Date().toISOString(), status: 'running', seen: 0, added: 0, unchanged: 0, failed: 0 })
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
    .set({ ...counts, status, finished_at: new Date().toISOString() })
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
    unchanged: r.unchanged,
    failed: r.failed,
  }));
}

export async function runFiles(db: Kysely<Database>, runId: number): Promise<FileRecord[]> {
  const rows = await db.selectFrom('ingest_files').selectAll().where('run_id', '=', runId).orderBy('id').execute();
  return rows.map((r) => ({ path: r.path, sha256: r.sha256, outcome: r.outcome, errorCode: r.error_code, errorMessage: r.error_message, reportId: r.report_id }));
}
