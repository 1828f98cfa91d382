// Counts for `ilacs stats` and for pages that say how much the record holds.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { lastRuns, type RunSummary } from './runs.ts';
import { parseFlags } from './reports.ts';
import type { ReadFlag } from '../domain/report.ts';

export interface FailedFileStat {
  /** The path the file was read from. */
  file: string;
  code: string;
  message: string;
}

/** A report the reader could not read completely, and what is missing. */
export interface PartlyReadStat {
  reportId: number;
  /** "Southend-on-Sea, ILACS2023, 2024-01-15". */
  label: string;
  flags: ReadFlag[];
}

export interface StoreStats {
  authorities: number;
  currentAuthorities: number;
  reports: number;
  reportsWithFullText: number;
  /** Reports held as facts only: search sees their improvement items, not their text. */
  reportsWithoutFullText: number;
  /** Reports the reader could not read completely (flags), with what is missing. */
  partlyRead: number;
  partlyReadReports: PartlyReadStat[];
  /** Reports by the version of the reader that read them. */
  reportsByReaderVersion: Record<string, number>;
  reportsByFramework: Record<string, number>;
  judgements: number;
  improvements: number;
  sections: number;
  /** Files (by path) whose latest read failed and whose bytes are not stored as a report. */
  failedFiles: number;
  /** Those files, with the reader's (or the store's) error, by path. */
  failures: FailedFileStat[];
  /** The most recent ingest, snapshot import or sync run, or null before any. */
  lastRun: RunSummary | null;
  /** Latest on-site end date of any stored report. */
  newestInspection: string | null;
  /** Latest listing (publication) date of any stored report. */
  newestListing: string | null;
}

async function count(db: Kysely<Database>, table: 'authorities' | 'reports' | 'judgements' | 'improvements' | 'sections'): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function storeStats(db: Kysely<Database>): Promise<StoreStats> {
  const byFramework = await db.selectFrom('reports').select(['framework', (eb) => eb.fn.countAll().as('n')]).groupBy('framework').orderBy('framework').execute();
  const current = await db.selectFrom('authorities').select((eb) => eb.fn.countAll().as('n')).where('is_current', '=', 1).executeTakeFirstOrThrow();
  const full = await db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).where('has_full_text', '=', 1).executeTakeFirstOrThrow();
  const newest = await db
    .selectFrom('reports')
    .select([(eb) => eb.fn.max('inspection_end').as('inspection'), (eb) => eb.fn.max('listing_date').as('listing')])
    .executeTakeFirstOrThrow();
  // A file counts as failed while its latest outcome is a failure and its bytes are not stored as a report.
  const failed = await sql<{ path: string; error_code: string | null; error_message: string | null }>`
    select lf.path, lf.error_code, lf.error_message from (
      select max(f.id) as last_id from ingest_files f group by f.path
    ) latest
    join ingest_files lf on lf.id = latest.last_id
    where lf.outcome = 'failed'
      and not exists (select 1 from reports r where r.sha256 = lf.sha256)
    order by lf.path
  `.execute(db);
  const [lastRun] = await lastRuns(db, 1);
  const flagged = await db
    .selectFrom('reports as r')
    .leftJoin('authorities as a', 'a.urn', 'r.authority_urn')
    .select(['r.id', 'r.flags', 'r.printed_name', 'r.framework', 'r.inspection_start', 'a.name'])
    .where('r.flags', '<>', '[]')
    .orderBy('r.framework')
    .orderBy('r.inspection_start')
    .orderBy('r.id')
    .execute();
  const partlyReadReports = flagged
    .map((r) => ({ reportId: Number(r.id), label: [r.name ?? r.printed_name, r.framework, r.inspection_start ?? 'undated'].join(', '), flags: parseFlags(r.flags) }))
    .filter((r) => r.flags.length > 0);
  const versions = await db.selectFrom('reports').select(['reader_version', (eb) => eb.fn.countAll().as('n')]).groupBy('reader_version').orderBy('reader_version').execute();
  const reports = await count(db, 'reports');
  return {
    authorities: await count(db, 'authorities'),
    currentAuthorities: Number(current.n),
    reports,
    reportsWithFullText: Number(full.n),
    reportsWithoutFullText: reports - Number(full.n),
    partlyRead: partlyReadReports.length,
    partlyReadReports,
    reportsByReaderVersion: Object.fromEntries(versions.map((v) => [String(v.reader_version), Number(v.n)])),
    reportsByFramework: Object.fromEntries(byFramework.map((r) => [r.framework, Number(r.n)])),
    judgements: await count(db, 'judgements'),
    improvements: await count(db, 'improvements'),
    sections: await count(db, 'sections'),
    failedFiles: failed.rows.length,
    failures: failed.rows.map((r) => ({ file: r.path, code: r.error_code ?? 'unknown', message: r.error_message ?? '' })),
    lastRun: lastRun ?? null,
    newestInspection: newest.inspection ?? null,
    newestListing: newest.listing ?? null,
  };
}
