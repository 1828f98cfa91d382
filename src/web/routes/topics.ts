// "/topics": the published taxonomy applied to every improvement item, with
// counts per year and per council, each count linking to its items;
// "/topics/items" lists the items behind a count (by topic, year, council and
// National Framework code); "/topics/taxonomy.json" is the taxonomy itself.
import type { FastifyRequest } from 'fastify';
import { filterItems, taggedItems, topicBreakdown, topicCounts, type RecordView } from '../../analysis/index.ts';
import { NATIONAL_FRAMEWORK_CODES as NF_CODES, nationalFrameworkLabel as nfLabel, topicBySlug, TOPICS, TOPICS_FILE } from '../../domain/topics.ts';
import { toCsv } from '../csv.ts';
import { badRequest, notFound } from '../errors.ts';
import { frameworkName } from '../format.ts';
import { registerResource, responses, send, type WebContext } from '../resource.ts';
import { etagOf } from '../site.ts';

const itemsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    topic: { type: 'string', pattern: '^[a-z0-9-]{1,60}$', description: 'Topic slug from /topics/taxonomy.json' },
    year: { type: 'integer', minimum: 2000, maximum: 2100, description: 'Year the inspection began' },
    authority: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,80}$', description: 'Authority slug' },
    nf: { type: 'string', pattern: '^(outcome|enabler|principle)-[0-9]$', description: 'National Framework code the item is tagged with, e.g. "outcome-3"' },
  },
} as const;

interface ItemsQuery {
  topic?: string;
  year?: number;
  authority?: string;
  nf?: string;
}

function itemsHref(q: ItemsQuery): string {
  const p = new URLSearchParams();
  if (q.topic) p.set('topic', q.topic);
  if (q.year) p.set('year', String(q.year));
  if (q.authority) p.set('authority', q.authority);
  if (q.nf) p.set('nf', q.nf);
  return `/topics/items?${p.toString()}`;
}

function loadItems(view: RecordView, q: ItemsQuery) {
  if (q.topic && !topicBySlug(q.topic)) throw badRequest(`There is no topic "${q.topic}". Topics: ${TOPICS.map((t) => t.slug).join(', ')}.`);
  const authority = q.authority ? view.bySlug.get(q.authority) : undefined;
  if (q.authority && !authority) throw badRequest(`There is no local authority with the address "${q.authority}".`);
  const items = filterItems(taggedItems(view), { topic: q.topic, year: q.year, authority: q.authority, nationalFramework: q.nf });
  return {
    filters: { topic: q.topic ?? null, year: q.year ?? null, authority: q.authority ?? null, nf: q.nf ?? null },
    count: items.length,
    items: items.map((i) => ({ ...i, reportUrl: `/reports/${i.reportId}`, nationalFrameworkLabel: i.nationalFramework ? nfLabel(i.nationalFramework) : null })),
    dataLastRefreshed: view.lastRefreshed,
  };
}

export function registerTopics(ctx: WebContext): void {
  const taxonomy = Buffer.from(JSON.stringify(TOPICS_FILE, null, 1));
  const taxonomyEntry = { body: taxonomy, type: 'application/json; charset=utf-8', etag: etagOf(taxonomy) };
  ctx.app.get('/topics/taxonomy.json', { schema: { summary: 'The topics taxonomy: each topic’s definition and the phrases that match it', tags: ['data'], response: responses('application/json', []) }, config: { format: 'json', rateLimit: ctx.apiRateLimit } }, async (req, reply) => send(req, reply, taxonomyEntry));

  registerResource(ctx, {
    path: '/topics',
    csvPath: '/topics.csv',
    summary: 'Topics inspectors raise in what needs to improve: items per topic by year, and National Framework tags',
    load(view) {
      const counts = topicCounts(taggedItems(view));
      return { ...counts, nationalFramework: counts.nationalFramework.map((n) => ({ ...n, label: nfLabel(n.code) })), taxonomy: '/topics/taxonomy.json', dataLastRefreshed: view.lastRefreshed };
    },
    csv: (d) => toCsv(['topic', 'topic_name', 'year', 'items'], d.topics.flatMap((t) => d.years.map((y) => [t.slug, t.name, y, t.byYear[y] ?? 0]))),
    template: 'topics.njk',
    context(data) {
      return {
        title: 'Topics',
        nav: 'topics',
        data,
        topicRows: data.topics.map((t) => ({ ...t, href: `/topics/${t.slug}`, cells: data.years.map((y) => ({ count: t.byYear[y] ?? 0, href: itemsHref({ topic: t.slug, year: y }) })) })),
        nfRows: data.nationalFramework.map((n) => ({ ...n, href: itemsHref({ nf: n.code }) })),
        alternates: [{ type: 'application/json', href: '/topics.json', title: 'These counts as JSON' }],
      };
    },
  });

  registerResource(ctx, {
    path: '/topics/items',
    csvPath: '/topics/items.csv',
    summary: 'The improvement items behind a count: by topic, year, council and National Framework code',
    querystring: itemsQuery,
    load: (view, req: FastifyRequest) => loadItems(view, req.query as ItemsQuery),
    csv: (d) =>
      toCsv(
        ['report_id', 'authority_slug', 'authority', 'region', 'framework', 'framework_name', 'year', 'list', 'page', 'text', 'tag', 'national_framework', 'national_framework_label', 'topics'],
        d.items.map((i) => [i.reportId, i.authority?.slug, i.authority?.name, i.authority?.region, i.framework, frameworkName(i.framework), i.year, i.list, i.page, i.text, i.tag, i.nationalFramework, i.nationalFrameworkLabel, i.topics.join(' ')]),
      ),
    template: 'topic-items.njk',
    context(data, view, req) {
      const q = req.query as ItemsQuery;
      const topic = q.topic ? topicBySlug(q.topic) : null;
      const qs = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      const parts = [topic ? `on ${topic.name.toLowerCase()}` : null, q.year ? `from inspections beginning in ${q.year}` : null, q.authority ? `in ${view.bySlug.get(q.authority)?.authority.name}` : null, q.nf ? `tagged ${nfLabel(q.nf)}` : null].filter(Boolean);
      return {
        title: 'Improvement items',
        nav: 'topics',
        data,
        description: parts.join(', '),
        topicNames: Object.fromEntries(TOPICS.map((t) => [t.slug, t.name])),
        topicOptions: [{ value: '', text: 'Any topic' }, ...TOPICS.map((t) => ({ value: t.slug, text: t.name, selected: q.topic === t.slug }))],
        nfOptions: [{ value: '', text: 'Any or none' }, ...NF_CODES.map((c) => ({ value: c, text: nfLabel(c), selected: q.nf === c }))],
        breadcrumbs: [{ text: 'Topics', href: '/topics' }],
        jsonHref: `/topics/items.json${qs}`,
        csvHref: `/topics/items.csv${qs}`,
      };
    },
  });

  registerResource(ctx, {
    path: '/topics/:slug',
    summary: 'One topic: its definition and phrases, its items counted by year and by council',
    params: { type: 'object', required: ['slug'], properties: { slug: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,60}$' } } },
    load(view, req) {
      const { slug } = req.params as { slug: string };
      const topic = topicBySlug(slug);
      if (!topic) throw notFound(`There is no topic "${slug}". The topics are listed at /topics.`);
      return { topic, ...topicBreakdown(taggedItems(view), slug), dataLastRefreshed: view.lastRefreshed };
    },
    template: 'topic.njk',
    context(data) {
      return {
        title: data.topic.name,
        nav: 'topics',
        data,
        yearRows: data.byYear.map((y) => ({ ...y, href: itemsHref({ topic: data.topic.slug, year: y.year }) })),
        councilRows: data.byCouncil.map((c) => ({ ...c, href: itemsHref({ topic: data.topic.slug, authority: c.slug }) })),
        breadcrumbs: [{ text: 'Topics', href: '/topics' }],
      };
    },
  });
}
