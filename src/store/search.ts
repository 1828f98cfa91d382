// Full-text search over report sections, improvement items and other
// documents: one interface, SQLite FTS5 (bm25, snippet) or PostgreSQL
// (websearch_to_tsquery, ts_rank, ts_headline) underneath.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { FrameworkId, Grade } from '../domain/frameworks.ts';
import type { DialectName } from './migrations/dialect.ts';
import type { Database, SearchKind } from './schema.ts';
import { isEmptyQuery, parseSearchQuery, toFts5, toWebsearch } from './search-query.ts';

export interface SearchFilters {
  framework?: FrameworkId | FrameworkId[];
  /** Inspections starting in or after this year. */
  yearFrom?: number;
  /** Inspections starting in or before this year. */
  yearTo?: number;
  /** The report's headline grade (see headlineGrade). */
  grade?: Grade;
  /** Region name or code, e.g. "London" or "E12000007". */
  region?: string;
  /** Authority URN or slug. */
  authority?: string;
  kind?: SearchKind;
  /**
   * Only improvement items whose tag, as printed, is one of these (the web
   * maps a National Framework code to every printed form of it). An empty
   * list matches nothing.
   */
  improvementTags?: string[];
}

export interface Paging {
  /** 1-based. */
  page?: number;
  /** Default 20, at most 100 (at most EXPORT_PAGE_SIZE when exporting). */
  pageSize?: number;
  /** One row per passage (default), or one per report: its best-ranked passage, with how many passages matched. */
  groupBy?: 'passage' | 'report';
  /** Paging through every match for a download: pages may be EXPORT_PAGE_SIZE long. */
  exporting?: boolean;
}

/** The longest page a download asks for at a time. */
export const EXPORT_PAGE_SIZE = 1000;

export interface SnippetPart {
  text: string;
  match: boolean;
}

export interface SearchHit {
  documentId: number;
  kind: SearchKind;
  /** Row id in sections, improvements or the sync documents table. */
  refId: number;
  heading: string;
  page: number | null;
  /** The matching passage, split into plain text and matched words. */
  snippet: SnippetPart[];
  rank: number;
  /** Grouped by report: how many of the report's passages matched (1 when grouped by passage). */
  passages: number;
  report: {
    id: number;
    title: string;
    framework: FrameworkId;
    inspectionStart: string | null;
    inspectionEnd: string | null;
    headlineGrade: Grade | null;
    sourceUrl: string | null;
  } | null;
  authority: { urn: string; slug: string; name: string; region: string | null } | null;
}

export interface SearchPage {
  query: string;
  /** Rows in the grouping asked for: passages, or reports (and other documents) when grouped by report. */
  total: number;
  groupBy: 'passage' | 'report';
  /** Every matching passage. */
  passageTotal: number;
  /** Every report with a matching passage, and how many matched (for counting reports by year, framework, region). */
  reportMatches: { reportId: number; passages: number }[];
  page: number;
  pageSize: number;
  results: SearchHit[];
}

// Private-use characters mark matches inside snippets: they cannot occur in report text.
const OPEN = '\uE000';
const CLOSE = '\uE001';

export async function search(db: Kysely<Database>, dialect: DialectName, query: string, filters: SearchFilters = {}, paging: Paging = {}): Promise<SearchPage> {
  const pageSize = Math.min(paging.exporting ? EXPORT_PAGE_SIZE : 100, Math.max(1, Math.floor(paging.pageSize ?? 20)));
  const page = Math.max(1, Math.floor(paging.page ?? 1));
  const groupBy = paging.groupBy === 'report' ? 'report' : 'passage';
  const parsed = parseSearchQuery(query);
  const empty: SearchPage = { query, total: 0, groupBy, passageTotal: 0, reportMatches: [], page, pageSize, results: [] };
  if (isEmptyQuery(parsed)) return empty;

  const where = filterConditions(filters);
  const offset = (page - 1) * pageSize;
  // The matching passages after the filters (id, report, rank): the same for SQLite and PostgreSQL from here on.
  const matches =
    dialect === 'sqlite'
      ? sql`select d.id as id, d.report_id as report_id, m.rank as rank
          from (select rowid as id, bm25(search_fts, 4.0, 1.0) as rank from search_fts where search_fts match ${toFts5(parsed)}) m
          join search_documents d on d.id = m.id
          left join reports r on r.id = d.report_id
          left join authorities a on a.urn = r.authority_urn
          where 1 = 1 ${where}`
      : sql`select d.id as id, d.report_id as report_id, -ts_rank(d.tsv, q.query) as rank
          from search_documents d
          cross join websearch_to_tsquery('english', ${toWebsearch(parsed)}) as q(query)
          left join reports r on r.id = d.report_id
          left join authorities a on a.urn = r.authority_urn
          where d.tsv @@ q.query ${where}`;
  // Grouped by report: each report's best passage stands for it (another publication, without a report, is its own group).
  const rows: MatchRow[] = (
    groupBy === 'report'
      ? await sql<MatchRow>`
          with f as ${dialect === 'sqlite' ? sql`materialized` : sql``} (${matches}),
          g as (select id, rank, row_number() over (partition by coalesce(report_id, -id) order by rank, id) as rn,
                  count(*) over (partition by coalesce(report_id, -id)) as passages from f)
          select id, rank, passages, count(*) over () as total, sum(passages) over () as passage_total
          from g where rn = 1 order by rank, id limit ${pageSize} offset ${offset}`.execute(db)
      : await sql<MatchRow>`
          with f as ${dialect === 'sqlite' ? sql`materialized` : sql``} (${matches})
          select id, rank, 1 as passages, count(*) over () as total, count(*) over () as passage_total
          from f order by rank, id limit ${pageSize} offset ${offset}`.execute(db)
  ).rows;
  const reportMatches = (
    await sql<{ report_id: number | string; n: number | string }>`
      with f as (${matches}) select report_id, count(*) as n from f where report_id is not null group by report_id order by report_id`.execute(db)
  ).rows.map((r) => ({ reportId: Number(r.report_id), passages: Number(r.n) }));
  if (rows.length === 0) {
    // The page may be past the end; the totals still tell the caller how many there are.
    if (offset === 0) return empty;
    const passageTotal = await countMatches(db, dialect, parsed, where);
    const others = passageTotal - reportMatches.reduce((n, r) => n + r.passages, 0);
    return { ...empty, reportMatches, passageTotal, total: groupBy === 'report' ? reportMatches.length + others : passageTotal };
  }

  const ids = rows.map((r) => Number(r.id));
  const snippets = await loadSnippets(db, dialect, parsed, ids);
  const details = await db
    .selectFrom('search_documents as d')
    .leftJoin('reports as r', 'r.id', 'd.report_id')
    .leftJoin('authorities as a', 'a.urn', 'r.authority_urn')
    .select([
      'd.id',
      'd.kind',
      'd.ref_id',
      'd.heading',
      'd.page',
      'r.id as report_id',
      'r.title',
      'r.framework',
      'r.inspection_start',
      'r.inspection_end',
      'r.headline_grade',
      'r.source_url',
      'a.urn',
      'a.slug',
      'a.name',
      'a.region',
    ])
    .where('d.id', 'in', ids)
    .execute();
  const byId = new Map(details.map((d) => [d.id, d]));
  const results: SearchHit[] = [];
  for (const row of rows) {
    const d = byId.get(Number(row.id));
    if (!d) continue;
    const parts = splitSnippet(snippets.get(d.id) ?? '');
    results.push({
      documentId: d.id,
      kind: d.kind,
      refId: d.ref_id,
      heading: d.heading,
      page: d.page,
      snippet: parts,
      rank: -Number(row.rank),
      passages: Number(row.passages),
      report:
        d.report_id === null || d.title === null || d.framework === null
          ? null
          : {
              id: d.report_id,
              title: d.title,
              framework: d.framework,
              inspectionStart: d.inspection_start,
              inspectionEnd: d.inspection_end,
              headlineGrade: d.headline_grade,
              sourceUrl: d.source_url,
            },
      authority: d.urn === null || d.slug === null || d.name === null ? null : { urn: d.urn, slug: d.slug, name: d.name, region: d.region },
    });
  }
  return { query, total: Number(rows[0]!.total), groupBy, passageTotal: Number(rows[0]!.passage_total), reportMatches, page, pageSize, results };
}

interface MatchRow {
  id: number | string;
  rank: number | string;
  passages: number | string;
  total: number | string;
  passage_total: number | string;
}

async function countMatches(db: Kysely<Database>, dialect: DialectName, parsed: ReturnType<typeof parseSearchQuery>, where: RawBuilder<unknown>): Promise<number> {
  const result =
    dialect === 'sqlite'
      ? await sql<{ n: number }>`
          select count(*) as n from search_fts
          join search_documents d on d.id = search_fts.rowid
          left join reports r on r.id = d.report_id
          left join authorities a on a.urn = r.authority_urn
          where search_fts match ${toFts5(parsed)} ${where}`.execute(db)
      : await sql<{ n: string }>`
          select count(*) as n from search_documents d
          left join reports r on r.id = d.report_id
          left join authorities a on a.urn = r.authority_urn
          where d.tsv @@ websearch_to_tsquery('english', ${toWebsearch(parsed)}) ${where}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

async function loadSnippets(db: Kysely<Database>, dialect: DialectName, parsed: ReturnType<typeof parseSearchQuery>, ids: number[]): Promise<Map<number, string>> {
  const idList = sql.join(ids.map((id) => sql`${id}`));
  const result =
    dialect === 'sqlite'
      ? await sql<{ id: number; snippet: string }>`
          select rowid as id, snippet(search_fts, -1, ${OPEN}, ${CLOSE}, '…', 32) as snippet
          from search_fts where search_fts match ${toFts5(parsed)} and rowid in (${idList})`.execute(db)
      : await sql<{ id: number; snippet: string }>`
          select d.id, ts_headline('english', ${postgresWindow(parsed)}, websearch_to_tsquery('english', ${toWebsearch(parsed)}),
            ${`StartSel=${OPEN}, StopSel=${CLOSE}, MaxWords=32, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`}) as snippet
          from search_documents d where d.id in (${idList})`.execute(db);
  return new Map(result.rows.map((r) => [Number(r.id), r.snippet]));
}

/**
 * ts_headline parses the whole text it is given, which costs tens of
 * milliseconds on a long section. Give it a window around the first place a
 * query word's stem-like prefix appears, or the start of the text when none
 * does (an accented word is not looked for: folding long texts costs more
 * than it saves).
 */
function postgresWindow(parsed: ReturnType<typeof parseSearchQuery>): RawBuilder<string> {
  // The longest word is usually the most specific one ("homeless" rather than "16"): look for it first.
  const words = [...new Set(parsed.clauses.flat().map((t) => t.words[0]!))].sort((a, b) => b.length - a.length);
  const positions = words.map((w) => sql`nullif(strpos(lower(d.body), ${` ${w.slice(0, 5)}`}), 0)`);
  return sql<string>`substring(d.body from greatest(1, coalesce(${sql.join([...positions, sql`1`])}) - 300) for 1500)`;
}

function filterConditions(f: SearchFilters): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  const frameworks = f.framework === undefined ? [] : Array.isArray(f.framework) ? f.framework : [f.framework];
  if (frameworks.length > 0) parts.push(sql`r.framework in (${sql.join(frameworks.map((x) => sql`${x}`))})`);
  // Year of the inspection; a report without dates falls back to its listing date.
  if (f.yearFrom !== undefined) parts.push(sql`coalesce(r.inspection_start, r.listing_date) >= ${`${f.yearFrom}-01-01`}`);
  if (f.yearTo !== undefined) parts.push(sql`coalesce(r.inspection_start, r.listing_date) <= ${`${f.yearTo}-12-31`}`);
  if (f.grade !== undefined) parts.push(sql`r.headline_grade = ${f.grade}`);
  if (f.region !== undefined) parts.push(sql`(a.region = ${f.region} or a.region_code = ${f.region})`);
  if (f.authority !== undefined) parts.push(sql`(a.urn = ${f.authority} or a.slug = ${f.authority})`);
  if (f.kind !== undefined) parts.push(sql`d.kind = ${f.kind}`);
  if (f.improvementTags !== undefined) {
    parts.push(
      f.improvementTags.length === 0
        ? sql`1 = 0`
        : sql`d.kind = 'improvement' and d.ref_id in (select i.id from improvements i where i.tag in (${sql.join(f.improvementTags.map((t) => sql`${t}`))}))`,
    );
  }
  return parts.length === 0 ? sql`` : sql`and ${sql.join(parts, sql` and `)}`;
}

function splitSnippet(s: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const re = new RegExp(`${OPEN}([^${CLOSE}]*)${CLOSE}`, 'g');
  let last = 0;
  for (const m of s.matchAll(re)) {
    if (m.index > last) parts.push({ text: s.slice(last, m.index), match: false });
    if (m[1]) parts.push({ text: m[1], match: true });
    last = m.index + m[0].length;
  }
  if (last < s.length) parts.push({ text: s.slice(last).replaceAll(OPEN, '').replaceAll(CLOSE, ''), match: false });
  // Adjacent matched words read better as one highlight.
  return parts.reduce<SnippetPart[]>((acc, p) => {
    const prev = acc[acc.length - 1];
    if (prev && prev.match === p.match) prev.text += p.text;
    else acc.push({ ...p });
    return acc;
  }, []);
}
