// The public shapes of the record, shared by the JSON twins, CSV, feeds and
// templates: a page and its JSON twin show the same resource.
import { gradeLabel, judgementLabel, type Grade } from '../domain/frameworks.ts';
import { isPartlyRead } from '../domain/report.ts';
import { backtest, forecastAll, journeyOf, summaryFor, type AuthorityView, type Backtest, type Forecast, type ForecastSet, type RecordView, type Summary } from '../analysis/index.ts';
import type { RecordReader } from '../store/index.ts';
import type { AuthorityRow, ReportRow } from '../store/read/index.ts';
import { authorityTypeLabel, frameworkName, headlineName, pdfAt, safeUrl } from './format.ts';

export interface AuthorityRef {
  urn: string | null;
  slug: string;
  name: string;
  laCode: string | null;
  region: string | null;
  type: string | null;
  typeLabel: string;
  gss: string | null;
  isCurrent: boolean;
  url: string;
}

export interface JudgementOut {
  key: string;
  label: string;
  grade: Grade;
  gradeLabel: string;
  page: number;
  sourceText: string;
  pdfUrl: string | null;
}

export interface ImprovementOut {
  list: string;
  text: string;
  page: number;
  tag: string | null;
  pdfUrl: string | null;
}

export interface ReportOut {
  id: number;
  url: string;
  authority: AuthorityRef | null;
  printedName: string;
  framework: string;
  frameworkName: string;
  title: string;
  inspectionStart: string | null;
  inspectionEnd: string | null;
  listingDate: string | null;
  leadInspector: string | null;
  pageCount: number;
  headline: { label: string; grade: Grade | null; gradeLabel: string | null };
  sourceUrl: string | null;
  /** True when the reader could not read everything (flags say what). */
  partlyRead: boolean;
  flags: { code: string; message: string }[];
  readerVersion: number;
  withdrawnAt: string | null;
  correctedAt: string | null;
  judgements: JudgementOut[];
  improvements: ImprovementOut[];
  /** On a report's page and an authority's latest report only. */
  summary?: Summary;
}

export function authorityRef(a: AuthorityRow): AuthorityRef {
  return { urn: a.urn, slug: a.slug, name: a.name, laCode: a.laCode, region: a.region, type: a.type, typeLabel: authorityTypeLabel(a.type), gss: a.gss, isCurrent: a.isCurrent, url: `/local-authorities/${a.slug}` };
}

export function reportOut(view: RecordView, r: ReportRow): ReportOut {
  const a = r.authorityUrn ? view.byUrn.get(r.authorityUrn)?.authority : undefined;
  return {
    id: r.id,
    url: `/reports/${r.id}`,
    authority: a ? authorityRef(a) : null,
    printedName: r.printedName,
    framework: r.framework,
    frameworkName: frameworkName(r.framework),
    title: r.title,
    inspectionStart: r.inspectionStart,
    inspectionEnd: r.inspectionEnd,
    listingDate: r.listingDate,
    leadInspector: r.leadInspector,
    pageCount: r.pageCount,
    headline: { label: headlineName(r.framework), grade: r.headlineGrade, gradeLabel: r.headlineGrade ? gradeLabel(r.headlineGrade, r.framework) : null },
    sourceUrl: safeUrl(r.sourceUrl),
    partlyRead: isPartlyRead(r),
    flags: r.flags.map((f) => ({ code: f.code, message: f.message })),
    readerVersion: r.readerVersion,
    withdrawnAt: r.withdrawnAt,
    correctedAt: r.correctedAt,
    judgements: r.judgements.map((j) => ({
      key: j.key,
      label: judgementLabel(j.key, r.framework),
      grade: j.grade,
      gradeLabel: gradeLabel(j.grade, r.framework),
      page: j.page,
      sourceText: j.sourceText,
      pdfUrl: pdfAt(r.sourceUrl, j.page),
    })),
    improvements: r.improvements.map((i) => ({ list: i.list, text: i.text, page: i.page, tag: i.tag, pdfUrl: pdfAt(r.sourceUrl, i.page) })),
  };
}

export interface LatestOut {
  authority: AuthorityRef;
  latest: ReportOut | null;
  previous: { id: number; url: string; framework: string; inspectionEnd: string | null; headlineGrade: Grade | null; gradeLabel: string | null } | null;
}

export function latestOut(view: RecordView, v: AuthorityView): LatestOut {
  const p = v.previous;
  return {
    authority: authorityRef(v.authority),
    latest: v.latest ? reportOut(view, v.latest) : null,
    previous: p ? { id: p.id, url: `/reports/${p.id}`, framework: p.framework, inspectionEnd: p.inspectionEnd, headlineGrade: p.headlineGrade, gradeLabel: p.headlineGrade ? gradeLabel(p.headlineGrade, p.framework) : null } : null,
  };
}

export function authorityOut(view: RecordView, v: AuthorityView) {
  return {
    authority: { ...authorityRef(v.authority), officialName: v.authority.officialName, formerGss: v.authority.formerGss, altNames: v.authority.altNames, trusts: v.authority.trusts, startDate: v.authority.startDate, endDate: v.authority.endDate },
    latest: v.latest ? reportOut(view, v.latest) : null,
    reports: v.reports.map((r) => reportOut(view, r)),
    predecessors: v.predecessors.map((p) => ({ authority: authorityRef(p.authority), effective: p.effective, reports: p.reports.map((r) => reportOut(view, r)) })),
    successors: v.successors.map((s) => ({ authority: authorityRef(s.authority), effective: s.effective })),
    otherPublications: v.documents.map((d) => ({ type: d.type, published: d.published, sourceUrl: safeUrl(d.sourceUrl), pageCount: d.pageCount })),
    journey: journeyOut(v),
    neighbours: v.neighbours.map((n) => {
      const nv = view.bySlug.get(n.slug);
      const l = nv?.latest;
      return {
        authority: authorityRef(n),
        latest: l ? { id: l.id, url: `/reports/${l.id}`, framework: l.framework, inspectionEnd: l.inspectionEnd, headlineGrade: l.headlineGrade, gradeLabel: l.headlineGrade ? gradeLabel(l.headlineGrade, l.framework) : null, judgements: l.judgements.map((j) => ({ key: j.key, grade: j.grade })) } : null,
      };
    }),
    dataLastRefreshed: view.lastRefreshed,
  };
}

/** A report's summary, with its text by section for the quotation (one read of the report's sections). */
export async function reportSummary(record: RecordReader, view: RecordView, r: ReportRow): Promise<Summary> {
  return summaryFor(view, r, await record.reportSections(r.id));
}

/** A council's journey for pages and JSON: its full inspections in order, each area's grade, the direction of each step, the time between and the visits in between. */
export function journeyOut(v: AuthorityView, today?: string) {
  const j = journeyOf(v, today);
  return {
    path: j.path,
    pathLabel: j.path.map((g) => gradeLabel(g, 'SIF')).join(' → '),
    current: j.current,
    daysSinceLatest: j.daysSinceLatest,
    steps: j.steps.map((s) => ({ ...s, url: `/reports/${s.reportId}`, visitsBefore: s.visitsBefore.map((d) => ({ ...d, sourceUrl: safeUrl(d.sourceUrl) })) })),
    visitsSince: j.visitsSince.map((d) => ({ ...d, sourceUrl: safeUrl(d.sourceUrl) })),
  };
}

const forecastMemo = new WeakMap<RecordView, ForecastSet>();

/** Forecasts as at today, made once per record view and day. */
export function forecastsToday(view: RecordView): ForecastSet {
  const today = new Date().toISOString().slice(0, 10);
  const hit = forecastMemo.get(view);
  if (hit?.asAt === today) return hit;
  const set = forecastAll(view, today);
  forecastMemo.set(view, set);
  return set;
}

const backtestMemo = new WeakMap<RecordView, Backtest>();

/** How well the forecast backtests on this record (see npm run bench:forecast), once per record view. */
export function backtestOf(view: RecordView): Backtest {
  let b = backtestMemo.get(view);
  if (!b) backtestMemo.set(view, (b = backtest(view)));
  return b;
}

export interface ForecastOut {
  asAt: string;
  daysSinceLast: number | null;
  lastStart: string | null;
  lastCouncil: string | null;
  expectedStart: string | null;
  window: { from: string; to: string } | null;
  basis: string;
}

export function forecastOut(set: ForecastSet, slug: string): ForecastOut | null {
  const f: Forecast | undefined = set.forecasts.find((x) => x.slug === slug);
  if (!f) return null;
  return { asAt: set.asAt, daysSinceLast: f.daysSinceLast, lastStart: f.last?.start ?? null, lastCouncil: f.last?.council ?? null, expectedStart: f.expectedStart, window: f.window, basis: f.basis };
}

/** The backtest in a sentence's worth of numbers. */
export function backtestOut(b: Backtest) {
  const r = (x: number) => Math.round(x);
  return {
    forecastDates: { from: b.from, to: b.to, count: b.quarters.length },
    minLeadDays: b.minLeadDays,
    scored: b.model.scored,
    medianErrorDays: r(b.model.medianError),
    coverage: Math.round(b.model.coverage * 1000) / 1000,
    meanWidthDays: r(b.model.meanWidth),
    naive: { medianErrorDays: r(b.naive.medianError), coverage: Math.round(b.naive.coverage * 1000) / 1000, meanWidthDays: r(b.naive.meanWidth) },
    everyForecast: { to: b.every.to, scored: b.every.scored, medianErrorDays: r(b.every.medianError), coverage: Math.round(b.every.coverage * 1000) / 1000, meanWidthDays: r(b.every.meanWidth) },
  };
}
