// The record arranged for reading: each authority with its reports (and its
// predecessors'), its latest full inspection and the one before, and its
// statistical neighbours. Pure: built from loadRecord's data.
import { GRADES, isFullInspection as fullFramework, type Grade } from '../domain/frameworks.ts';
import type { AuthorityRow, DocumentRow, RecordData, ReportRow } from '../store/read/index.ts';

export interface AuthorityView {
  authority: AuthorityRow;
  /** The authority's own reports, newest first. */
  reports: ReportRow[];
  predecessors: { authority: AuthorityRow; effective: string | null; reports: ReportRow[] }[];
  successors: { authority: AuthorityRow; effective: string | null }[];
  neighbours: AuthorityRow[];
  /** Other publications (focused and monitoring visits, JTAIs…), newest first. */
  documents: DocumentRow[];
  latest: ReportRow | null;
  previous: ReportRow | null;
}

export interface RecordView {
  data: RecordData;
  authorities: AuthorityView[];
  current: AuthorityView[];
  bySlug: Map<string, AuthorityView>;
  /** Authorities that have an Ofsted URN (reports name their authority by URN). */
  byUrn: Map<string, AuthorityView>;
  reportsById: Map<number, ReportRow>;
  /** Newest publication or inspection first. */
  newestReports: ReportRow[];
  lastRefreshed: string | null;
}

/** Whether a report is of a full inspection (the frameworks table says which frameworks are): those give an authority its headline grade. */
export function isFullInspection(r: ReportRow): boolean {
  return fullFramework(r.framework);
}

export function buildView(data: RecordData): RecordView {
  const bySlugRow = new Map(data.authorities.map((a) => [a.slug, a]));
  const slugOfUrn = new Map(data.authorities.filter((a) => a.urn).map((a) => [a.urn as string, a.slug]));
  const reportsBy = new Map<string, ReportRow[]>();
  for (const r of data.reports) {
    const slug = r.authorityUrn ? slugOfUrn.get(r.authorityUrn) : undefined;
    if (!slug) continue;
    const list = reportsBy.get(slug) ?? [];
    list.push(r);
    reportsBy.set(slug, list);
  }
  const neighboursBy = new Map<string, AuthorityRow[]>();
  for (const n of data.neighbours) {
    const a = bySlugRow.get(n.neighbourSlug);
    if (!a) continue;
    const list = neighboursBy.get(n.slug) ?? [];
    list.push(a);
    neighboursBy.set(n.slug, list);
  }
  const documentsBy = new Map<string, DocumentRow[]>();
  for (const d of data.documents) {
    const slug = d.authorityUrn ? slugOfUrn.get(d.authorityUrn) : undefined;
    if (!slug) continue;
    const list = documentsBy.get(slug) ?? [];
    list.push(d);
    documentsBy.set(slug, list);
  }
  const views: AuthorityView[] = data.authorities.map((authority) => {
    const reports = reportsBy.get(authority.slug) ?? [];
    // A report Ofsted withdrew stays in the history (shown as withdrawn) but is nobody's latest.
    const full = reports.filter((r) => isFullInspection(r) && r.withdrawnAt === null);
    return {
      authority,
      reports,
      predecessors: [],
      successors: [],
      neighbours: neighboursBy.get(authority.slug) ?? [],
      documents: documentsBy.get(authority.slug) ?? [],
      latest: full[0] ?? null,
      previous: full[1] ?? null,
    };
  });
  const bySlug = new Map(views.map((v) => [v.authority.slug, v]));
  const byUrn = new Map(views.filter((v) => v.authority.urn).map((v) => [v.authority.urn as string, v]));
  // Predecessors of predecessors count too (a chain of reorganisations).
  const direct = new Map<string, { slug: string; effective: string | null }[]>();
  for (const l of data.links) {
    const list = direct.get(l.successorSlug) ?? [];
    list.push({ slug: l.predecessorSlug, effective: l.effective });
    direct.set(l.successorSlug, list);
    const pred = bySlug.get(l.predecessorSlug);
    const succ = bySlugRow.get(l.successorSlug);
    if (pred && succ) pred.successors.push({ authority: succ, effective: l.effective });
  }
  for (const v of views) {
    const seen = new Set([v.authority.slug]);
    const queue = [...(direct.get(v.authority.slug) ?? [])];
    while (queue.length) {
      const p = queue.shift();
      if (!p || seen.has(p.slug)) continue;
      seen.add(p.slug);
      const pv = bySlug.get(p.slug);
      if (!pv) continue;
      v.predecessors.push({ authority: pv.authority, effective: p.effective, reports: pv.reports });
      queue.push(...(direct.get(p.slug) ?? []));
    }
  }
  const current = views.filter((v) => v.authority.isCurrent);
  const newestReports = data.reports.filter((r) => r.withdrawnAt === null).sort((a, b) => (b.listingDate ?? b.inspectionEnd ?? '').localeCompare(a.listingDate ?? a.inspectionEnd ?? '') || b.id - a.id);
  // The store records when the data was last refreshed (ingest, sync, snapshot build); without
  // that, the newest write of a report is the best evidence.
  const lastRefreshed = data.meta['data_refreshed_at'] ?? data.reports.map((r) => r.updatedAt).sort().at(-1) ?? null;
  return {
    data,
    authorities: views,
    current,
    bySlug,
    byUrn,
    reportsById: new Map(data.reports.map((r) => [r.id, r])),
    newestReports,
    lastRefreshed,
  };
}

/** Counts of current authorities by their latest headline grade. */
export function latestGradeCounts(view: RecordView): { grade: Grade | 'none'; count: number }[] {
  const counts = new Map<Grade | 'none', number>();
  for (const v of view.current) {
    const g = v.latest?.headlineGrade ?? 'none';
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  const order: (Grade | 'none')[] = [...GRADES, 'none'];
  return order.filter((g) => counts.has(g)).map((g) => ({ grade: g, count: counts.get(g) ?? 0 }));
}
