// The topics taxonomy applied to every improvement item in the record, and
// the National Framework tags normalised to codes: counts per topic by year,
// by council, by code, and the items behind each count. Pure; computed once
// per record view.
import { nationalFrameworkCode, topicsOf, TOPICS } from '../domain/topics.ts';
import type { FrameworkId } from '../domain/frameworks.ts';
import { reportYear } from './mentions.ts';
import type { RecordView } from './view.ts';

export interface TaggedItem {
  reportId: number;
  framework: FrameworkId;
  year: number | null;
  authority: { slug: string; name: string; region: string | null } | null;
  list: string;
  text: string;
  page: number;
  /** The tag as printed, e.g. "Outcome four, National Framework". */
  tag: string | null;
  /** The tag's National Framework code ("outcome-4"), when it names one. */
  nationalFramework: string | null;
  topics: string[];
}

const cache = new WeakMap<RecordView, TaggedItem[]>();

/** Every improvement item (main lists and LSCB reviews' recommendations) of every report not withdrawn, with its topics and code. */
export function taggedItems(view: RecordView): TaggedItem[] {
  const hit = cache.get(view);
  if (hit) return hit;
  const out: TaggedItem[] = [];
  for (const r of view.data.reports) {
    if (r.withdrawnAt !== null) continue;
    const a = r.authorityUrn ? view.byUrn.get(r.authorityUrn)?.authority : undefined;
    const year = reportYear(r);
    for (const i of r.improvements) {
      out.push({
        reportId: r.id,
        framework: r.framework,
        year,
        authority: a ? { slug: a.slug, name: a.name, region: a.region } : null,
        list: i.list,
        text: i.text,
        page: i.page,
        tag: i.tag,
        nationalFramework: nationalFrameworkCode(i.tag)?.code ?? null,
        topics: topicsOf(i.text),
      });
    }
  }
  cache.set(view, out);
  return out;
}

/** Every tag as printed that names this National Framework code ("Outcome four, National Framework", "National Framework, Outcome 4", …). */
export function printedTagsOf(view: RecordView, code: string): string[] {
  return [...new Set(taggedItems(view).filter((i) => i.nationalFramework === code && i.tag !== null).map((i) => i.tag!))].sort();
}

export interface ItemFilters {
  topic?: string | null;
  year?: number | null;
  authority?: string | null;
  nationalFramework?: string | null;
}

export function filterItems(items: readonly TaggedItem[], f: ItemFilters): TaggedItem[] {
  return items.filter(
    (i) =>
      (!f.topic || i.topics.includes(f.topic)) &&
      (!f.year || i.year === f.year) &&
      (!f.authority || i.authority?.slug === f.authority) &&
      (!f.nationalFramework || i.nationalFramework === f.nationalFramework),
  );
}

export interface TopicCounts {
  years: number[];
  topics: { slug: string; name: string; total: number; byYear: Record<number, number> }[];
  /** Items carrying no topic. */
  untagged: number;
  items: number;
  nationalFramework: { code: string; total: number; byYear: Record<number, number> }[];
}

export function topicCounts(items: readonly TaggedItem[]): TopicCounts {
  const years = [...new Set(items.map((i) => i.year).filter((y): y is number => y !== null))].sort((a, b) => a - b);
  const topics = TOPICS.map((t) => ({ slug: t.slug, name: t.name, total: 0, byYear: {} as Record<number, number> }));
  const bySlug = new Map(topics.map((t) => [t.slug, t]));
  const nf = new Map<string, { code: string; total: number; byYear: Record<number, number> }>();
  let untagged = 0;
  for (const i of items) {
    if (i.topics.length === 0) untagged++;
    for (const s of i.topics) {
      const t = bySlug.get(s);
      if (!t) continue;
      t.total++;
      if (i.year !== null) t.byYear[i.year] = (t.byYear[i.year] ?? 0) + 1;
    }
    if (i.nationalFramework) {
      const n = nf.get(i.nationalFramework) ?? { code: i.nationalFramework, total: 0, byYear: {} };
      n.total++;
      if (i.year !== null) n.byYear[i.year] = (n.byYear[i.year] ?? 0) + 1;
      nf.set(i.nationalFramework, n);
    }
  }
  return { years, topics, untagged, items: items.length, nationalFramework: [...nf.values()].sort((a, b) => a.code.localeCompare(b.code)) };
}

/** One topic's items counted by year and by council. */
export function topicBreakdown(items: readonly TaggedItem[], topic: string) {
  const mine = filterItems(items, { topic });
  const byYear = new Map<number, number>();
  const byCouncil = new Map<string, { slug: string; name: string; region: string | null; count: number }>();
  for (const i of mine) {
    if (i.year !== null) byYear.set(i.year, (byYear.get(i.year) ?? 0) + 1);
    if (i.authority) {
      const c = byCouncil.get(i.authority.slug) ?? { ...i.authority, count: 0 };
      c.count++;
      byCouncil.set(i.authority.slug, c);
    }
  }
  return {
    total: mine.length,
    byYear: [...byYear.entries()].sort((a, b) => a[0] - b[0]).map(([year, count]) => ({ year, count })),
    byCouncil: [...byCouncil.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
  };
}
