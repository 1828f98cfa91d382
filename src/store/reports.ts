// Writing reports: one transaction per report, keyed by the file's SHA-256,
// so the same bytes stored twice are one report and a killed process leaves
// either the whole report or nothing.
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Grade } from '../domain/frameworks.ts';
import type { ImprovementItem, Report } from '../domain/report.ts';
import { dialectOf } from './migrations/dialect.ts';
import type { Database, ImprovementList, SearchDocumentsTable } from './schema.ts';

export interface ReportSource {
  /** Public address of the PDF, when known (e.g. from a sidecar index.csv). */
  sourceUrl?: string | null;
  /** Date on Ofsted's listing, when known. */
  listingDate?: string | null;
  /** The file the report was read from (shown in run logs). */
  fileName?: string | null;
  /** Authority to use when the reader's URN is not a known authority (e.g. the listing's URN). */
  fallbackUrn?: string | null;
}

export type SaveOutcome = 'added' | 'updated' | 'unchanged';

export interface SaveResult {
  reportId: number;
  outcome: SaveOutcome;
}

export interface SaveOptions {
  /**
   * True when the report was read from the PDF, so its sections are the full
   * text; false for facts only (a snapshot), which never replace a full read.
   */
  fullText: boolean;
}

/** Overall effectiveness when the framework has it, else the leaders judgement (2026), else the LSCB's. */
export function headlineGrade(report: Pick<Report, 'judgements'>): Grade | null {
  for (const key of ['overall', 'leaders', 'lscb'] as const) {
    const j = report.judgements.find((x) => x.key === key);
    if (j) return j.grade;
  }
  return null;
}

export async function findReportBySha(db: Kysely<Database>, sha256: string): Promise<{ id: number; hasFullText: boolean } | undefined> {
  const row = await db.selectFrom('reports').select(['id', 'has_full_text']).where('sha256', '=', sha256).executeTakeFirst();
  return row ? { id: row.id, hasFullText: row.has_full_text === 1 } : undefined;
}

/** The hashes already stored with their full text (→ report id): what an ingest can skip without reading. */
export async function fullTextHashes(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db.selectFrom('reports').select(['sha256', 'id']).where('has_full_text', '=', 1).execute();
  return new Map(rows.map((r) => [r.sha256, r.id]));
}

export async function saveReport(db: Kysely<Database>, report: Report, source: ReportSource, options: SaveOptions): Promise<SaveResult> {
  return inWriteTransaction(db, (trx) => saveInTransaction(trx, report, source, options));
}

/** Runs fn in one write transaction: all of its writes are kept, or none. */
export async function inWriteTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (dialectOf(db as Kysely<unknown>) === 'postgres') return db.transaction().execute(fn);
  // SQLite: take the write lock up front (BEGIN IMMEDIATE). A deferred transaction that reads and
  // then writes fails at once, without waiting, when another process wrote in between.
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => {});
      throw err;
    }
  });
}

/** saveReport's work, inside a transaction the caller holds (a snapshot import applies all its reports in one). */
export async function saveInTransaction(trx: Kysely<Database>, report: Report, source: ReportSource, options: SaveOptions): Promise<SaveResult> {
  const now = new Date().toISOString();
  const existing = await trx.selectFrom('reports').select(['id', 'has_full_text', 'source_url', 'listing_date']).where('sha256', '=', report.sha256).executeTakeFirst();

  if (existing && (existing.has_full_text === 1 || !options.fullText)) {
    // Same bytes again: keep the report, only learn a source address or listing date it lacked.
    const fill: { source_url?: string; listing_date?: string } = {};
    if (!existing.source_url && source.sourceUrl) fill.source_url = source.sourceUrl;
    if (!existing.listing_date && source.listingDate) fill.listing_date = source.listingDate;
    if (Object.keys(fill).length > 0) await trx.updateTable('reports').set(fill).where('id', '=', existing.id).execute();
    return { reportId: existing.id, outcome: 'unchanged' };
  }

  const authorityUrn = await resolveAuthority(trx, report.localAuthority.urn, source.fallbackUrn ?? null);
  const columns = {
    authority_urn: authorityUrn,
    printed_name: report.localAuthority.printedName,
    framework: report.framework,
    title: report.title,
    inspection_start: report.inspection.start,
    inspection_end: report.inspection.end,
    lead_inspector: report.inspection.leadInspector,
    dates_page: report.inspection.datesEvidence?.page ?? null,
    dates_text: report.inspection.datesEvidence?.text ?? null,
    lead_inspector_page: report.inspection.leadInspectorEvidence?.page ?? null,
    lead_inspector_text: report.inspection.leadInspectorEvidence?.text ?? null,
    page_count: report.pageCount,
    headline_grade: headlineGrade(report),
    has_full_text: options.fullText ? 1 : 0,
    updated_at: now,
  };

  let reportId: number;
  if (existing) {
    // Facts from a snapshot, now read from the PDF itself: same report (same id, so links hold), full text added.
    reportId = existing.id;
    await trx
      .updateTable('reports')
      .set({
        ...columns,
        source_url: source.sourceUrl ?? existing.source_url,
        listing_date: source.listingDate ?? existing.listing_date,
        ...(source.fileName ? { file_name: source.fileName } : {}),
      })
      .where('id', '=', reportId)
      .execute();
    await deleteReportContent(trx, reportId);
  } else {
    const inserted = await trx
      .insertInto('reports')
      .values({
        ...columns,
        sha256: report.sha256,
        source_url: source.sourceUrl ?? null,
        listing_date: source.listingDate ?? null,
        file_name: source.fileName ?? null,
        created_at: now,
      })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      // Another process stored the same bytes between our check and insert.
      const other = await trx.selectFrom('reports').select('id').where('sha256', '=', report.sha256).executeTakeFirstOrThrow();
      return { reportId: other.id, outcome: 'unchanged' };
    }
    reportId = inserted.id;
  }

  await insertContent(trx, reportId, report, options.fullText);
  return { reportId, outcome: existing ? 'updated' : 'added' };
}

async function resolveAuthority(trx: Kysely<Database>, urn: string, fallback: string | null): Promise<string | null> {
  for (const candidate of [urn, fallback]) {
    if (!candidate) continue;
    const row = await trx.selectFrom('authorities').select('urn').where('urn', '=', candidate).executeTakeFirst();
    if (row) return row.urn;
  }
  return null;
}

async function deleteReportContent(trx: Kysely<Database>, reportId: number): Promise<void> {
  await trx.deleteFrom('search_documents').where('report_id', '=', reportId).execute();
  await trx.deleteFrom('judgements').where('report_id', '=', reportId).execute();
  await trx.deleteFrom('improvements').where('report_id', '=', reportId).execute();
  await trx.deleteFrom('sections').where('report_id', '=', reportId).execute();
}

/**
 * Search indexes at most this much of one section: PostgreSQL refuses a
 * tsvector over 1 MB, and a section longer than this is not a real one.
 * The sections table keeps the whole text.
 */
export const MAX_SEARCH_TEXT = 200_000;

const IMPROVEMENT_HEADINGS: Record<ImprovementList, string> = {
  main: 'What needs to improve',
  lscb: 'LSCB review: recommendations',
};

async function insertContent(trx: Kysely<Database>, reportId: number, report: Report, fullText: boolean): Promise<void> {
  if (report.judgements.length > 0) {
    await trx
      .insertInto('judgements')
      .values(report.judgements.map((j, i) => ({ report_id: reportId, position: i, key: j.key, grade: j.grade, page: j.page, source_text: j.text })))
      .execute();
  }

  const lists: [ImprovementList, ImprovementItem[]][] = [
    ['main', report.improvements],
    ['lscb', report.lscbImprovements],
  ];
  const searchRows: Insertable<SearchDocumentsTable>[] = [];
  for (const [list, items] of lists) {
    if (items.length === 0) continue;
    const ids = await trx
      .insertInto('improvements')
      .values(items.map((item, i) => ({ report_id: reportId, list, position: i, text: item.text, page: item.page, tag: item.tag })))
      .returning(['id', 'position'])
      .execute();
    for (const { id, position } of ids) {
      const item = items[position];
      if (item) searchRows.push({ kind: 'improvement', report_id: reportId, ref_id: id, heading: IMPROVEMENT_HEADINGS[list], body: item.text, page: item.page });
    }
  }

  if (fullText && report.sections.length > 0) {
    const ids = await trx
      .insertInto('sections')
      .values(report.sections.map((s, i) => ({ report_id: reportId, position: i, heading: s.heading, text: s.text, page_from: s.pages[0], page_to: s.pages[1] })))
      .returning(['id', 'position'])
      .execute();
    for (const { id, position } of ids) {
      const s = report.sections[position];
      if (s) searchRows.push({ kind: 'section', report_id: reportId, ref_id: id, heading: s.heading.slice(0, 1000), body: s.text.slice(0, MAX_SEARCH_TEXT), page: s.pages[0] });
    }
  }

  // Batches keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < searchRows.length; i += 500) {
    await trx.insertInto('search_documents').values(searchRows.slice(i, i + 500)).execute();
  }
}
