// Loads the whole record of inspections (everything but report text) in a
// few queries. The record is small (hundreds of reports, a few thousand
// judgements and items), so the web layer reads it once per data version and
// computes its views in memory instead of asking the database per page.
import type { Kysely } from 'kysely';
import type { FrameworkId, Grade, JudgementKey } from '../../domain/frameworks.ts';
import type { ReadFlag } from '../../domain/report.ts';
import { parseFlags } from '../reports.ts';
import type { Database, ImprovementList } from '../schema.ts';
import { loadSyncStatus, type SyncStatus } from './sync-status.ts';
import { listDocuments, syncDb } from '../sync-repo.ts';

export interface AuthorityRow {
  /** The stable key. */
  slug: string;
  urn: string | null;
  laCode: string | null;
  name: string;
  officialName: string | null;
  region: string | null;
  regionCode: string | null;
  type: string | null;
  gss: string | null;
  formerGss: string[];
  altNames: string[];
  trusts: string[];
  isCurrent: boolean;
  startDate: string | null;
  endDate: string | null;
}

export interface LinkRow {
  predecessorSlug: string;
  successorSlug: string;
  effective: string | null;
}

export interface NeighbourRow {
  slug: string;
  position: number;
  neighbourSlug: string;
}

export interface JudgementRow {
  key: JudgementKey;
  grade: Grade;
  page: number;
  sourceText: string;
}

export interface ImprovementRow {
  list: ImprovementList;
  text: string;
  page: number;
  tag: string | null;
}

export interface ReportRow {
  id: number;
  authorityUrn: string | null;
  printedName: string;
  framework: FrameworkId;
  title: string;
  inspectionStart: string | null;
  inspectionEnd: string | null;
  leadInspector: string | null;
  datesPage: number | null;
  datesText: string | null;
  pageCount: number;
  headlineGrade: Grade | null;
  sourceUrl: string | null;
  listingDate: string | null;
  hasFullText: boolean;
  createdAt: string;
  updatedAt: string;
  /** The reader version that produced these facts. */
  readerVersion: number;
  /** What the reader could not read: empty when the report was read completely. */
  flags: ReadFlag[];
  /** When Ofsted stopped listing the report (it is kept, shown as withdrawn, and left out of "latest" views). */
  withdrawnAt: string | null;
  /** When a later read last corrected one of its published facts. */
  correctedAt: string | null;
  judgements: JudgementRow[];
  improvements: ImprovementRow[];
}

/** Another publication on an authority's Ofsted page (focused or monitoring visit letter, JTAI…), from sync. */
export interface DocumentRow {
  id: number;
  type: string;
  published: string | null;
  authorityUrn: string | null;
  sourceUrl: string;
  pageCount: number;
}

export interface RecordData {
  authorities: AuthorityRow[];
  links: LinkRow[];
  neighbours: NeighbourRow[];
  /** Ordered by inspection start, newest first. */
  reports: ReportRow[];
  meta: Record<string, string>;
  /** Null before any sync ran against this database. */
  sync: SyncStatus | null;
  /** Newest first. */
  documents: DocumentRow[];
}

function jsonList(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

export async function loadRecord(db: Kysely<Database>): Promise<RecordData> {
  const [authorities, links, neighbours, reports, judgements, improvements, meta] = await Promise.all([
    db.selectFrom('authorities').selectAll().orderBy('name').execute(),
    db.selectFrom('authority_links').selectAll().execute(),
    db.selectFrom('authority_neighbours').selectAll().orderBy('slug').orderBy('position').execute(),
    db
      .selectFrom('reports')
      .select([
        'id', 'authority_urn', 'printed_name', 'framework', 'title', 'inspection_start', 'inspection_end', 'lead_inspector',
        'dates_page', 'dates_text', 'page_count', 'headline_grade', 'source_url', 'listing_date', 'has_full_text', 'created_at', 'updated_at',
        'reader_version', 'flags', 'withdrawn_at',
      ])
      .orderBy('inspection_start', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    db.selectFrom('judgements').select(['report_id', 'key', 'grade', 'page', 'source_text']).orderBy('report_id').orderBy('position').execute(),
    db.selectFrom('improvements').select(['report_id', 'list', 'text', 'page', 'tag']).orderBy('report_id').orderBy('list').orderBy('position').execute(),
    db.selectFrom('meta').selectAll().execute(),
  ]);
  const corrected = await db.selectFrom('fact_changes').select(['report_id', (eb) => eb.fn.max('changed_at').as('at')]).groupBy('report_id').execute();
  const correctedAt = new Map(corrected.map((c) => [Number(c.report_id), c.at as string]));
  const status = await loadSyncStatus(db);
  const sync = status.everRun ? status : null;
  const documents = (await listDocuments(syncDb(db))).map((d) => ({ id: d.id, type: d.type, published: d.published, authorityUrn: d.authorityUrn, sourceUrl: d.sourceUrl, pageCount: d.pageCount }));
  const byReport = new Map<number, ReportRow>();
  const out: ReportRow[] = reports.map((r) => {
    const row: ReportRow = {
      id: Number(r.id),
      authorityUrn: r.authority_urn,
      printedName: r.printed_name,
      framework: r.framework,
      title: r.title,
      inspectionStart: r.inspection_start,
      inspectionEnd: r.inspection_end,
      leadInspector: r.lead_inspector,
      datesPage: r.dates_page,
      datesText: r.dates_text,
      pageCount: Number(r.page_count),
      headlineGrade: r.headline_grade,
      sourceUrl: r.source_url,
      listingDate: r.listing_date,
      hasFullText: Number(r.has_full_text) === 1,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      readerVersion: Number(r.reader_version),
      flags: parseFlags(r.flags),
      withdrawnAt: r.withdrawn_at,
      correctedAt: correctedAt.get(Number(r.id)) ?? null,
      judgements: [],
      improvements: [],
    };
    byReport.set(row.id, row);
    return row;
  });
  for (const j of judgements) byReport.get(Number(j.report_id))?.judgements.push({ key: j.key, grade: j.grade, page: Number(j.page), sourceText: j.source_text });
  for (const i of improvements) byReport.get(Number(i.report_id))?.improvements.push({ list: i.list, text: i.text, page: Number(i.page), tag: i.tag });
  return {
    authorities: authorities.map((a) => ({
      slug: a.slug,
      urn: a.urn,
      laCode: a.la_code,
      name: a.name,
      officialName: a.official_name,
      region: a.region,
      regionCode: a.region_code,
      type: a.type,
      gss: a.gss,
      formerGss: jsonList(a.former_gss),
      altNames: jsonList(a.alt_names),
      trusts: jsonList(a.trusts),
      isCurrent: Number(a.is_current) === 1,
      startDate: a.start_date,
      endDate: a.end_date,
    })),
    links: links.map((l) => ({ predecessorSlug: l.predecessor_slug, successorSlug: l.successor_slug, effective: l.effective })),
    neighbours: neighbours.map((n) => ({ slug: n.slug, position: Number(n.position), neighbourSlug: n.neighbour_slug })),
    reports: out,
    meta: Object.fromEntries(meta.map((m) => [m.key, m.value])),
    sync,
    documents,
  };
}
