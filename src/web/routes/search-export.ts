// "/search.csv" and "/search.xlsx": every row a search matches (not one
// page), streamed as it is read, a page of EXPORT_PAGE_SIZE at a time.
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { frameworkName } from '../format.ts';
import { gradeLabel } from '../../domain/frameworks.ts';
import { EXPORT_PAGE_SIZE, type SearchHit } from '../../store/index.ts';
import { toCsv, type Cell } from '../csv.ts';
import { responses, type WebContext } from '../resource.ts';
import { pdfAt, safeUrl } from '../format.ts';
import { addDataRow, dataSheet } from '../xlsx.ts';
import { exportRequest, searchQuery, type SearchFn, type SearchQuery } from './search.ts';

/** Past this many rows a download stops (the whole record holds about a tenth of it). */
export const EXPORT_MAX_ROWS = 200_000;

export const EXPORT_HEADER = [
  'authority_slug', 'authority', 'region', 'report_id', 'framework', 'framework_name', 'inspection_start', 'inspection_end',
  'headline_grade', 'headline_grade_label', 'kind', 'heading', 'page', 'passages', 'text', 'report_url', 'pdf_url',
];

function exportRow(h: SearchHit, base: string): Cell[] {
  const r = h.report;
  return [
    h.authority?.slug, h.authority?.name, h.authority?.region, r?.id, r?.framework, r ? frameworkName(r.framework) : null, r?.inspectionStart, r?.inspectionEnd,
    r?.headlineGrade, r?.headlineGrade ? gradeLabel(r.headlineGrade, r.framework) : null, h.kind, h.heading, h.page, h.passages, h.snippet.map((p) => p.text).join(''),
    r ? `${base}/reports/${r.id}` : null, r ? pdfAt(safeUrl(r.sourceUrl), h.page) : null,
  ];
}

/** Every matching hit, page by page. */
async function* allHits(search: SearchFn, text: string, filters: Parameters<SearchFn>[1], groupBy: 'report' | 'passage'): AsyncGenerator<SearchHit[]> {
  let sent = 0;
  for (let page = 1; sent < EXPORT_MAX_ROWS; page++) {
    const p = await search(text, filters, { page, pageSize: EXPORT_PAGE_SIZE, groupBy, exporting: true });
    if (p.results.length) yield p.results;
    sent += p.results.length;
    if (p.results.length < EXPORT_PAGE_SIZE) return;
  }
}

export function registerSearchExport(ctx: WebContext, search: SearchFn, onRequest: (req: FastifyRequest, reply: FastifyReply) => Promise<void>): void {
  const { app, site } = ctx;
  const querystring = { ...searchQuery, properties: Object.fromEntries(Object.entries(searchQuery.properties).filter(([k]) => k !== 'page')) };
  const route = (format: 'csv' | 'xlsx', type: string) =>
    app.get(
      `/search.${format}`,
      {
        schema: { summary: `Every row a search matches (${format.toUpperCase()}, streamed)`, tags: ['data'], querystring, response: responses(type, [400]) },
        config: { format: 'csv', rateLimit: ctx.apiRateLimit },
        onRequest,
      },
      async (req: FastifyRequest, reply: FastifyReply) => {
        const view = await site.current();
        const { text, filters, groupBy } = exportRequest(view, req.query as SearchQuery);
        const base = ctx.linkBase(req);
        reply.header('content-disposition', `attachment; filename="search.${format}"`).header('cache-control', 'no-cache').type(type);
        const hits = text ? allHits(search, text, filters, groupBy) : (async function* () {})();
        if (format === 'csv') {
          return reply.send(
            Readable.from(
              (async function* () {
                yield toCsv(EXPORT_HEADER, []);
                for await (const page of hits) yield toCsv([], page.map((h) => exportRow(h, base))).replace(/^\r\n/, '');
              })(),
            ),
          );
        }
        const out = new PassThrough();
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
        const ws = wb.addWorksheet('Search results', { views: [{ state: 'frozen', ySplit: 1 }] });
        dataSheet(ws, EXPORT_HEADER);
        ws.getRow(1).commit();
        (async () => {
          for await (const page of hits) for (const h of page) addDataRow(ws, exportRow(h, base)).commit();
          ws.commit();
          const about = wb.addWorksheet('About');
          about.addRow([`Search: ${text}`]).commit();
          about.addRow([`Rows: one per ${groupBy}`]).commit();
          about.addRow([`Data last refreshed: ${view.lastRefreshed ?? 'unknown'}`]).commit();
          about.addRow(['Contains public sector information licensed under the Open Government Licence v3.0.']).commit();
          about.commit();
          await wb.commit();
        })().catch((err: unknown) => {
          req.log.error({ err }, 'search export failed');
          out.destroy(err as Error);
        });
        return reply.send(out);
      },
    );
  route('csv', 'text/csv; charset=utf-8');
  route('xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
}
