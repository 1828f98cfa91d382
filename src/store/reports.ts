// Writing reports: one transaction per report, keyed by the file's SHA-256,
// so the same bytes stored twice are one report and a killed process leaves
// either the whole report or nothing.
import { sql, type Insertable, type Kysely } from 'kysely';
import { FRAMEWORKS, headlineGradeOf, type Grade } from '../domain/frameworks.ts';
import type { ImprovementItem, ReadFlag, Report } from '../domain/report.ts';
import { dialectOf } from './migrations/dialect.ts';
import type { Database, FileOutcome, ImprovementList, SearchDocumentsTable } from './schema.ts';

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

/**
 * added: a report the record did not have. textAdded: a report known from its
 * facts (a snapshot) now has its full text. reread: a newer reader's facts
 * replaced an older reader's (same id). unchanged: nothing to learn.
 */
export type SaveOutcome = 'added' | 'textAdded' | 'reread' | 'unchanged';

/** How a save is recorded in the run log. */
export const FILE_OUTCOME: Record<SaveOutcome, FileOutcome> = { added: 'added', textAdded: 'text_added', reread: 'reread', unchanged: 'unchanged' };

export interface SaveResult {
  reportId: number;
  outcome: SaveOutcome;
  /** Published facts this save changed on a report the record already had (recorded in its history). */
  changes: FactChange[];
}

export interface SaveOptions {
  /**
   * True when the report carries its sections (the full text): read from the
   * PDF, or from a snapshot that carries text. False for facts only, which
   * never replace a full read of the same reader version.
   */
  fullText: boolean;
  /** The reader version that produced the report (src/reader/version.ts; a snapshot line says its own). */
  readerVersion: number;
}

/** One published fact that changed: "judgement:overall" good → requires_improvement. */
export interface FactChange {
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

/** The report's headline grade: its framework's headline judgement (overall effectiveness; from 2026 the leaders judgement; a review's LSCB grade). */
export function headlineGrade(report: Pick<Report, 'framework' | 'judgements'>): Grade | null {
  return headlineGradeOf(report.framework, report.judgements);
}

export async function findReportBySha(db: Kysely<Database>, sha256: string): Promise<{ id: number; hasFullText: boolean; readerVersion: number } | undefined> {
  const row = await db.selectFrom('reports').select(['id', 'has_full_text', 'reader_version']).where('sha256', '=', sha256).executeTakeFirst();
  return row ? { id: Number(row.id), hasFullText: Number(row.has_full_text) === 1, readerVersion: Number(row.reader_version) } : undefined;
}

/**
 * The hashes already stored with their full text by reader version
 * `minReaderVersion` or newer (→ report id): what an ingest can skip
 * without reading. An older reader's report is read again.
 */
export async function fullTextHashes(db: Kysely<Database>, minReaderVersion: number): Promise<Map<string, number>> {
  const rows = await db.selectFrom('reports').select(['sha256', 'id']).where('has_full_text', '=', 1).where('reader_version', '>=', minReaderVersion).execute();
  return new Map(rows.map((r) => [r.sha256, Number(r.id)]));
}

/** Runs fn in one write transaction: all of its writes are kept, or none (on SQLite the write lock is taken up front). */
export async function inWriteTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (dialectOf(db as Kysely<unknown>) === 'postgres') return db.transaction().execute((trx) => fn(trx));
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

/** Records that the record changed now (or at `at`, never moving the date back): pages show it as "Data last refreshed". */
export async function markRefreshed(trx: Kysely<Database>, at = new Date().toISOString()): Promise<void> {
  const current = await trx.selectFrom('meta').select('value').where('key', '=', 'data_refreshed_at').executeTakeFirst();
  if (current && current.value >= at) return;
  await trx
    .insertInto('meta')
    .values({ key: 'data_refreshed_at', value: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: at }))
    .execute();
}

export async function saveReport(db: Kysely<Database>, report: Report, source: ReportSource, options: SaveOptions & { refreshedAt?: string }): Promise<SaveResult> {
  return inWriteTransaction(db, async (trx) => {
    const result = await saveInTransaction(trx, report, source, options);
    if (result.outcome !== 'unchanged') await markRefreshed(trx, options.refreshedAt);
    return result;
  });
}

/** The published facts of a report, as text, by field: what its history compares. */
export function factsOf(report: Pick<Report, 'framework' | 'localAuthority' | 'inspection' | 'judgements' | 'improvements' | 'lscbImprovements' | 'flags'>, authorityUrn: string | null): Map<string, string | null> {
  const facts = new Map<string, string | null>([
    ['framework', report.framework],
    ['authority', authorityUrn],
    ['inspection_start', report.inspection.start],
    ['inspection_end', report.inspection.end],
    ['lead_inspector', report.inspection.leadInspector],
    ['headline_grade', headlineGrade(report)],
    ['improvements', JSON.stringify(report.improvements.map((i) => i.text))],
    ['lscb_improvements', JSON.stringify(report.lscbImprovements.map((i) => i.text))],
    ['flags', JSON.stringify(report.flags.map((f) => f.code).sort())],
  ]);
  for (const j of report.judgements) facts.set(`judgement:${j.key}`, j.grade);
  return facts;
}

async function storedFacts(trx: Kysely<Database>, id: number): Promise<Map<string, string | null>> {
  const r = await trx.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const judgements = await trx.selectFrom('judgements').select(['key', 'grade']).where('report_id', '=', id).orderBy('position').execute();
  const items = await trx.selectFrom('improvements').select(['list', 'text']).where('report_id', '=', id).orderBy('list').orderBy('position').execute();
  const item = (text: string): ImprovementItem => ({ text, page: 1, tag: null });
  return factsOf(
    {
      framework: r.framework,
      localAuthority: { urn: r.authority_urn ?? '', name: '', printedName: r.printed_name },
      inspection: { start: r.inspection_start, end: r.inspection_end, leadInspector: r.lead_inspector, datesEvidence: null, leadInspectorEvidence: null },
      judgements: judgements.map((j) => ({ key: j.key, grade: j.grade, page: 1, text: '' })),
      improvements: items.filter((i) => i.list === 'main').map((i) => item(i.text)),
      lscbImprovements: items.filter((i) => i.list === 'lscb').map((i) => item(i.text)),
      flags: parseFlags(r.flags),
    },
    r.authority_urn,
  );
}

function diffFacts(before: Map<string, string | null>, after: Map<string, string | null>): FactChange[] {
  const changes: FactChange[] = [];
  for (const field of new Set([...before.keys(), ...after.keys()])) {
    const oldValue = before.get(field) ?? null;
    const newValue = after.get(field) ?? null;
    if (oldValue !== newValue) changes.push({ field, oldValue, newValue });
  }
  return changes;
}

/** A stored flags column back as ReadFlags (anything malformed is dropped, not trusted). */
export function parseFlags(text: string | null | undefined): ReadFlag[] {
  try {
    const v: unknown = JSON.parse(text ?? '[]');
    if (!Array.isArray(v)) return [];
    return v.flatMap((f: Partial<ReadFlag> | null) => (f && typeof f.code === 'string' && typeof f.message === 'string' ? [{ code: f.code, message: f.message } as ReadFlag] : []));
  } catch {
    return [];
  }
}

/** saveReport's work, inside a transaction the caller holds (a snapshot import applies all its reports in one). */
export async function saveInTransaction(trx: Kysely<Database>, report: Report, source: ReportSource, options: SaveOptions): Promise<SaveResult> {
  const now = new Date().toISOString();
  const existing = await trx
    .selectFrom('reports')
    .select(['id', 'has_full_text', 'source_url', 'listing_date', 'reader_version'])
    .where('sha256', '=', report.sha256)
    .executeTakeFirst();

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
    flags: JSON.stringify(report.flags.map((f) => ({ code: f.code, message: f.message }))),
    reader_version: options.readerVersion,
    updated_at: now,
  };

  if (existing) {
    const id = Number(existing.id);
    const storedVersion = Number(existing.reader_version);
    const hadText = Number(existing.has_full_text) === 1;
    const newer = options.readerVersion > storedVersion;
    const gainsText = options.fullText && !hadText;
    // The record learns a source address or listing date it lacked, never loses or replaces one.
    const fill: { source_url?: string; listing_date?: string; file_name?: string } = {};
    if (!existing.source_url && source.sourceUrl) fill.source_url = source.sourceUrl;
    if (!existing.listing_date && source.listingDate) fill.listing_date = source.listingDate;
    if (!newer && !gainsText) {
      if (Object.keys(fill).length > 0) await trx.updateTable('reports').set(fill).where('id', '=', id).execute();
      return { reportId: id, outcome: 'unchanged', changes: [] };
    }
    if (source.fileName) fill.file_name = source.fileName;
    // An older reader's text may fill a gap, but its facts never replace a newer reader's.
    const replaceFacts = options.readerVersion >= storedVersion;
    const replaceText = options.fullText;
    let changes: FactChange[] = [];
    if (replaceFacts) {
      const before = await storedFacts(trx, id);
      changes = diffFacts(before, factsOf(report, authorityUrn));
      await trx.updateTable('reports').set({ ...columns, ...fill, has_full_text: replaceText || hadText ? 1 : 0 }).where('id', '=', id).execute();
      await deleteReportContent(trx, id, { facts: true, text: replaceText });
      if (changes.length > 0) {
        await trx
          .insertInto('fact_changes')
          .values(changes.map((c) => ({ report_id: id, field: c.field, old_value: c.oldValue, new_value: c.newValue, old_reader_version: storedVersion, new_reader_version: options.readerVersion, changed_at: now })))
          .execute();
      }
    } else {
      await trx.updateTable('reports').set({ ...fill, has_full_text: 1, updated_at: now }).where('id', '=', id).execute();
      await deleteReportContent(trx, id, { facts: false, text: true });
    }
    await insertContent(trx, id, report, { facts: replaceFacts, text: replaceText });
    return { reportId: id, outcome: gainsText ? 'textAdded' : 'reread', changes };
  }

  const inserted = await trx
    .insertInto('reports')
    .values({
      ...columns,
      has_full_text: options.fullText ? 1 : 0,
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
    return { reportId: Number(other.id), outcome: 'unchanged', changes: [] };
  }
  const reportId = Number(inserted.id);
  await insertContent(trx, reportId, report, { facts: true, text: options.fullText });
  return { reportId, outcome: 'added', changes: [] };
}

async function resolveAuthority(trx: Kysely<Database>, urn: string, fallback: string | null): Promise<string | null> {
  for (const candidate of [urn, fallback]) {
    if (!candidate) continue;
    const row = await trx.selectFrom('authorities').select('urn').where('urn', '=', candidate).executeTakeFirst();
    if (row) return row.urn;
  }
  return null;
}

interface Parts {
  /** Judgements and improvement items (and the items' search rows). */
  facts: boolean;
  /** Sections (and their search rows). */
  text: boolean;
}

async function deleteReportContent(trx: Kysely<Database>, reportId: number, parts: Parts): Promise<void> {
  if (parts.facts) {
    await trx.deleteFrom('search_documents').where('report_id', '=', reportId).where('kind', '=', 'improvement').execute();
    await trx.deleteFrom('judgements').where('report_id', '=', reportId).execute();
    await trx.deleteFrom('improvements').where('report_id', '=', reportId).execute();
  }
  if (parts.text) {
    await trx.deleteFrom('search_documents').where('report_id', '=', reportId).where('kind', '=', 'section').execute();
    await trx.deleteFrom('sections').where('report_id', '=', reportId).execute();
  }
}

/**
 * Search indexes at most this much of one section: PostgreSQL refuses a
 * tsvector over 1 MB, and a section longer than this is not a real one.
 * The sections table keeps the whole text.
 */
export const MAX_SEARCH_TEXT = 200_000;

/** The heading an improvement item is found under in search: the framework's name for its list, or for a judged part's own list. */
function improvementHeading(report: Report, list: ImprovementList): string {
  const fw = FRAMEWORKS[report.framework];
  if (list === 'main') return fw?.improvements?.name ?? 'What needs to improve';
  const own = fw?.judgements.find((j) => j.ownList);
  return `${own?.short ?? 'LSCB'} review: recommendations`;
}

async function insertContent(trx: Kysely<Database>, reportId: number, report: Report, parts: Parts): Promise<void> {
  if (parts.facts && report.judgements.length > 0) {
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
    if (!parts.facts || items.length === 0) continue;
    const ids = await trx
      .insertInto('improvements')
      .values(items.map((item, i) => ({ report_id: reportId, list, position: i, text: item.text, page: item.page, tag: item.tag })))
      .returning(['id', 'position'])
      .execute();
    for (const { id, position } of ids) {
      const item = items[position];
      if (item) searchRows.push({ kind: 'improvement', report_id: reportId, ref_id: id, heading: improvementHeading(report, list), body: item.text, page: item.page });
    }
  }

  if (parts.text && report.sections.length > 0) {
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

/** A report an older reader read: what reread needs to find its PDF and name it. */
export interface OutdatedReport {
  id: number;
  sha256: string;
  readerVersion: number;
  fileName: string | null;
  /** "Southend-on-Sea, ILACS2023, 2024-01-15": how a person recognises it. */
  label: string;
}

/** Reports read by a reader older than `readerVersion`, oldest id first. */
export async function outdatedReports(db: Kysely<Database>, readerVersion: number): Promise<OutdatedReport[]> {
  const rows = await db
    .selectFrom('reports as r')
    .leftJoin('authorities as a', 'a.urn', 'r.authority_urn')
    .select(['r.id', 'r.sha256', 'r.reader_version', 'r.file_name', 'r.printed_name', 'r.framework', 'r.inspection_start', 'a.name'])
    .where('r.reader_version', '<', readerVersion)
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    sha256: r.sha256,
    readerVersion: Number(r.reader_version),
    fileName: r.file_name,
    label: [r.name ?? r.printed_name, r.framework, r.inspection_start ?? 'undated'].join(', '),
  }));
}

/** Paths a file with these bytes was ingested from, most recent first (they may have moved since). */
export async function ingestedPaths(db: Kysely<Database>, sha256: string): Promise<string[]> {
  const rows = await db.selectFrom('ingest_files').select(['path', 'id']).where('sha256', '=', sha256).where('outcome', '<>', 'failed').orderBy('id', 'desc').execute();
  return [...new Set(rows.map((r) => r.path))].filter((p) => !p.includes('#'));
}
