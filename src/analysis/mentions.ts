// How often a search's words appear across reports: per year, the number of
// reports mentioning them and their share of that year's reports, by
// framework and by region. Counting reports, not passages, so a 40-page SIF
// report weighs the same as a 12-page ILACS one. Pure.
import type { FrameworkId } from '../domain/frameworks.ts';
import type { ReportRow } from '../store/read/index.ts';
import type { RecordView } from './view.ts';

export interface MentionFilters {
  framework?: FrameworkId | null;
  region?: string | null;
  /** Authority slug. */
  authority?: string | null;
  grade?: string | null;
  yearFrom?: number | null;
  yearTo?: number | null;
}

export interface MentionCount {
  /** Reports mentioning the words. */
  reports: number;
  /** Reports in the record (with the same filters). */
  of: number;
  /** reports / of, percent with one decimal. */
  share: number;
}

export interface Mentions {
  byYear: ({ year: number } & MentionCount)[];
  byFramework: ({ framework: FrameworkId } & MentionCount)[];
  byRegion: ({ region: string } & MentionCount)[];
  /** Year by framework and year by region, for charts and downloads. */
  byYearAndFramework: ({ year: number; framework: FrameworkId } & MentionCount)[];
  byYearAndRegion: ({ year: number; region: string } & MentionCount)[];
  total: MentionCount;
}

/** The year a report counts in: its inspection's first day (else its publication), as the search's year filter reads it. */
export function reportYear(r: ReportRow): number | null {
  const d = r.inspectionStart ?? r.listingDate;
  return d ? Number(d.slice(0, 4)) : null;
}

function count(reports: number, of: number): MentionCount {
  return { reports, of, share: of ? Math.round((reports / of) * 1000) / 10 : 0 };
}

export function mentionsOf(view: RecordView, matchedReportIds: Iterable<number>, filters: MentionFilters = {}): Mentions {
  const matched = new Set(matchedReportIds);
  const regionOf = new Map<string, string | null>();
  for (const v of view.authorities) if (v.authority.urn) regionOf.set(v.authority.urn, v.authority.region);
  const slugOf = new Map<string, string>();
  for (const v of view.authorities) if (v.authority.urn) slugOf.set(v.authority.urn, v.authority.slug);
  const tallies = new Map<string, { hit: number; all: number }>();
  const add = (key: string, hit: boolean) => {
    const t = tallies.get(key) ?? { hit: 0, all: 0 };
    t.all++;
    if (hit) t.hit++;
    tallies.set(key, t);
  };
  for (const r of view.data.reports) {
    if (r.withdrawnAt !== null) continue;
    const year = reportYear(r);
    const region = r.authorityUrn ? (regionOf.get(r.authorityUrn) ?? null) : null;
    if (filters.framework && r.framework !== filters.framework) continue;
    if (filters.region && region !== filters.region) continue;
    if (filters.authority && (!r.authorityUrn || slugOf.get(r.authorityUrn) !== filters.authority)) continue;
    if (filters.grade && r.headlineGrade !== filters.grade) continue;
    if (filters.yearFrom && (year === null || year < filters.yearFrom)) continue;
    if (filters.yearTo && (year === null || year > filters.yearTo)) continue;
    const hit = matched.has(r.id);
    add('total', hit);
    if (year !== null) add(`y|${year}`, hit);
    add(`f|${r.framework}`, hit);
    if (region) add(`r|${region}`, hit);
    if (year !== null) add(`yf|${year}|${r.framework}`, hit);
    if (year !== null && region) add(`yr|${year}|${region}`, hit);
  }
  const pick = (prefix: string) =>
    [...tallies.entries()]
      .filter(([k]) => k.startsWith(`${prefix}|`))
      .map(([k, t]) => ({ parts: k.split('|').slice(1), c: count(t.hit, t.all) }))
      .sort((a, b) => a.parts.join('|').localeCompare(b.parts.join('|')));
  const total = tallies.get('total');
  return {
    byYear: pick('y').map(({ parts, c }) => ({ year: Number(parts[0]), ...c })),
    byFramework: pick('f').map(({ parts, c }) => ({ framework: parts[0] as FrameworkId, ...c })),
    byRegion: pick('r').map(({ parts, c }) => ({ region: parts[0] as string, ...c })),
    byYearAndFramework: pick('yf').map(({ parts, c }) => ({ year: Number(parts[0]), framework: parts[1] as FrameworkId, ...c })),
    byYearAndRegion: pick('yr').map(({ parts, c }) => ({ year: Number(parts[0]), region: parts[1] as string, ...c })),
    total: count(total?.hit ?? 0, total?.all ?? 0),
  };
}
