// The national picture as at a date, counted the way Ofsted's official
// statistics ("local authority inspection outcomes as at 31 March") count:
// each council's most recent full inspection (the frameworks table says which
// frameworks are full inspections) completed by the date and published by a
// cut-off, over the councils that existed on that date (predecessors before a
// reorganisation, successors after). Older frameworks' judgements count as
// today's areas through the table's `areas` column (SIF leadership, management
// and governance as leaders, ...). Pure: takes the record view and dates.
import { currentAreas, keysForArea, FRAMEWORKS, type JudgementKey } from '../domain/frameworks.ts';
import type { AuthorityRow, ReportRow } from '../store/read/index.ts';
import type { AuthorityView, RecordView } from './view.ts';
import { isFullInspection } from './view.ts';

/** The grades the national figures count, best first. */
export const NATIONAL_GRADES = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const;
export type NationalGrade = (typeof NATIONAL_GRADES)[number];
export type GradeCounts = Record<NationalGrade, number>;

export const CHANGE_KINDS = ['improved', 'held_good_or_better', 'held_below_good', 'declined'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface RegionPicture {
  authorities: number;
  judgements: Record<string, GradeCounts>;
}

/** Exactly the shape `ilacs national --json` prints. */
export interface NationalPicture {
  asAt: string;
  publishedBy: string;
  authorities: number;
  judgements: Record<string, GradeCounts>;
  regions: Record<string, RegionPicture>;
  changes: Record<ChangeKind, number>;
}

/** Each council counted, and those that existed but have no full inspection counted by then. */
export interface NationalDetail {
  picture: NationalPicture;
  counted: { authority: AuthorityRow; latest: ReportRow; previous: ReportRow | null; change: ChangeKind | null }[];
  notCounted: AuthorityRow[];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2025-02-30 is not one). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** The default publication cut-off: one calendar month after the date, at the month's last day when shorter (31 March → 30 April). */
export function defaultPublishedBy(asAt: string): string {
  const [y, m, d] = asAt.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

function emptyCounts(): GradeCounts {
  return { outstanding: 0, good: 0, requires_improvement: 0, inadequate: 0 };
}

/** The grade a report gives one of today's areas (its own judgement, or an older judgement the table maps onto it). */
export function areaGrade(r: ReportRow, area: JudgementKey, keys: readonly JudgementKey[] = keysForArea(area)): NationalGrade | null {
  for (const key of keys) {
    const j = r.judgements.find((x) => x.key === key);
    if (j && (NATIONAL_GRADES as readonly string[]).includes(j.grade)) return j.grade as NationalGrade;
  }
  return null;
}

/** The area a report's headline judgement counts as (overall effectiveness; leaders under ILACS 2026, which has no overall grade). */
export function headlineArea(r: ReportRow): JudgementKey {
  const fw = FRAMEWORKS[r.framework];
  const def = fw?.judgements.find((j) => j.key === fw.headline);
  return def?.areas[0] ?? 'overall';
}

const RANK: Record<NationalGrade, number> = { outstanding: 0, good: 1, requires_improvement: 2, inadequate: 3 };

/** How a council moved from one full inspection to the next, judged on the later one's headline area. */
export function changeBetween(previous: ReportRow, latest: ReportRow): ChangeKind | null {
  const area = headlineArea(latest);
  const now = areaGrade(latest, area);
  const before = areaGrade(previous, area);
  if (!now || !before) return null;
  if (RANK[now] < RANK[before]) return 'improved';
  if (RANK[now] > RANK[before]) return 'declined';
  return RANK[now] <= RANK.good ? 'held_good_or_better' : 'held_below_good';
}

/** Whether the council existed on the date: from its first day (if created by a reorganisation) to the day before its successors took over. */
export function existedOn(a: AuthorityRow, date: string): boolean {
  return (!a.startDate || a.startDate <= date) && (!a.endDate || a.endDate > date);
}

/** Full inspections of a council completed by asAt and published by publishedBy, newest first. */
export function inspectionsBy(v: AuthorityView, asAt: string, publishedBy: string): ReportRow[] {
  return v.reports
    .filter((r) => isFullInspection(r))
    .filter((r) => {
      const completed = r.inspectionEnd ?? r.inspectionStart;
      if (!completed || completed > asAt) return false;
      // A report without a known publication date is taken as published when it was completed.
      if ((r.listingDate ?? completed) > publishedBy) return false;
      // A report Ofsted withdrew counts only while it was still published.
      return !r.withdrawnAt || r.withdrawnAt.slice(0, 10) > publishedBy;
    })
    .sort((a, b) => (b.inspectionEnd ?? b.inspectionStart ?? '').localeCompare(a.inspectionEnd ?? a.inspectionStart ?? '') || b.id - a.id);
}

/** The national picture as at `asAt`, with the councils counted and those not counted (no full inspection published by the cut-off). */
export function nationalDetail(view: RecordView, asAt: string, publishedBy = defaultPublishedBy(asAt)): NationalDetail {
  const areas = currentAreas();
  const areaKeys = new Map(areas.map((a) => [a, keysForArea(a)]));
  const judgements: Record<string, GradeCounts> = Object.fromEntries(areas.map((a) => [a, emptyCounts()]));
  const regions: Record<string, RegionPicture> = {};
  const changes = Object.fromEntries(CHANGE_KINDS.map((k) => [k, 0])) as Record<ChangeKind, number>;
  const counted: NationalDetail['counted'] = [];
  const notCounted: AuthorityRow[] = [];
  const existing = view.authorities.filter((v) => existedOn(v.authority, asAt)).sort((a, b) => a.authority.name.localeCompare(b.authority.name));
  for (const v of existing) {
    const [latest, previous] = inspectionsBy(v, asAt, publishedBy);
    if (!latest) {
      notCounted.push(v.authority);
      continue;
    }
    const regionName = v.authority.region ?? 'Unknown region';
    const region = (regions[regionName] ??= { authorities: 0, judgements: Object.fromEntries(areas.map((a) => [a, emptyCounts()])) });
    region.authorities++;
    for (const area of areas) {
      const g = areaGrade(latest, area, areaKeys.get(area));
      if (!g) continue;
      (judgements[area] as GradeCounts)[g]++;
      (region.judgements[area] as GradeCounts)[g]++;
    }
    const change = previous ? changeBetween(previous, latest) : null;
    if (change) changes[change]++;
    counted.push({ authority: v.authority, latest, previous: previous ?? null, change });
  }
  const sortedRegions = Object.fromEntries(Object.entries(regions).sort(([a], [b]) => a.localeCompare(b)));
  return { picture: { asAt, publishedBy, authorities: counted.length, judgements, regions: sortedRegions, changes }, counted, notCounted };
}

export function nationalPicture(view: RecordView, asAt: string, publishedBy?: string): NationalPicture {
  return nationalDetail(view, asAt, publishedBy).picture;
}

/** Shares (percent, one decimal) of the councils judged on an area: each grade, good or better, and the total judged. */
export interface Shares {
  judged: number;
  percent: Record<NationalGrade, number>;
  goodOrBetter: number;
}

export function sharesOf(c: GradeCounts): Shares {
  const judged = NATIONAL_GRADES.reduce((n, g) => n + c[g], 0);
  const pct = (n: number) => (judged ? Math.round((n / judged) * 1000) / 10 : 0);
  return { judged, percent: Object.fromEntries(NATIONAL_GRADES.map((g) => [g, pct(c[g])])) as Record<NationalGrade, number>, goodOrBetter: pct(c.outstanding + c.good) };
}

/** Quarter ends (31 March, 30 June, 30 September, 31 December) from the first in `fromYear` to the last on or before `until`. */
export function quarterEnds(fromYear: number, until: string): string[] {
  const out: string[] = [];
  for (let y = fromYear; ; y++) {
    for (const md of ['03-31', '06-30', '09-30', '12-31']) {
      const d = `${y}-${md}`;
      if (d > until) return out;
      out.push(d);
    }
  }
}

/** Every 31 March from `fromYear` to the last on or before `until`. */
export function marchEnds(fromYear: number, until: string): string[] {
  const out: string[] = [];
  for (let y = fromYear; `${y}-03-31` <= until; y++) out.push(`${y}-03-31`);
  return out;
}

/** The picture at each date, each with its default cut-off (a date whose cut-off is still ahead counts what is published so far). */
export function nationalSeries(view: RecordView, dates: readonly string[]): NationalPicture[] {
  return dates.map((d) => nationalPicture(view, d));
}
