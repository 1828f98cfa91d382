// "/reports/<id>": one report's judgements with their evidence, its
// improvement items and its text by section.
import { describeChange, summaryFor } from '../../analysis/index.ts';
import { notFound } from '../errors.ts';
import { reportOut } from '../model.ts';
import { reportPageSchema } from '../schemas.ts';
import { registerResource, type WebContext } from '../resource.ts';
import { formatDate, pdfAt } from '../format.ts';

export const reportParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647, description: 'The report’s id in this record' } },
} as const;

export function registerReports(ctx: WebContext): void {
  registerResource(ctx, {
    path: '/reports/:id',
    jsonSchema: reportPageSchema,
    summary: 'One inspection report: judgements with the words and page they were read from, improvement items and sections',
    params: reportParams,
    async load(view, req) {
      const { id } = req.params as { id: number };
      const r = view.reportsById.get(id);
      if (!r) throw notFound(`There is no report number ${id} in the record.`);
      const [sections, changes] = await Promise.all([ctx.site.record.reportSections(id), ctx.site.record.reportChanges(id)]);
      return {
        report: { ...reportOut(view, r), summary: summaryFor(view, r, sections) },
        sections: sections.map((s) => ({ ...s, pdfUrl: pdfAt(r.sourceUrl, s.pageFrom) })),
        hasFullText: r.hasFullText,
        corrections: changes.map((c) => ({ field: c.field, description: describeChange(c, r.framework), oldValue: c.oldValue, newValue: c.newValue, oldReaderVersion: c.oldReaderVersion, newReaderVersion: c.newReaderVersion, changedAt: c.changedAt })),
        dataLastRefreshed: view.lastRefreshed,
      };
    },
    template: 'report.njk',
    context(data) {
      const r = data.report;
      const name = r.authority?.name ?? r.printedName;
      return {
        title: `${name}: ${r.frameworkName}${r.inspectionStart ? `, ${formatDate(r.inspectionStart)}` : ''}`,
        nav: 'authorities',
        data,
        main: r.improvements.filter((i) => i.list === 'main'),
        lscb: r.improvements.filter((i) => i.list === 'lscb'),
        breadcrumbs: [{ text: 'Local authorities', href: '/local-authorities' }, ...(r.authority ? [{ text: r.authority.name, href: r.authority.url }] : [])],
        alternates: [{ type: 'application/json', href: `/reports/${r.id}.json`, title: 'This report as JSON' }],
      };
    },
  });
}
