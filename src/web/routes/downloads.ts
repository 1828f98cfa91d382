// Downloads for analysts: the latest grades of every authority (CSV and
// Excel) and every report ever read (CSV). Grades are written in full.
import ExcelJS from 'exceljs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fullInspectionKeys, gradeLabel, judgementLabel, type JudgementKey } from '../../domain/frameworks.ts';
import type { RecordView } from '../../analysis/index.ts';
import type { ReportRow } from '../../store/read/index.ts';
import { toCsv, type Cell } from '../csv.ts';
import { responses, send, type WebContext } from '../resource.ts';
import { addDataRow, dataSheet } from '../xlsx.ts';

/** Judgement columns in the downloads: every key a full inspection can carry. */
/** The judgement columns of downloads: every judgement of the full-inspection frameworks, from the frameworks table. */
const downloadJudgements = (): JudgementKey[] => fullInspectionKeys();
const NEIGHBOURS = 10;

function grade(r: ReportRow | null, key: JudgementKey): string {
  const j = r?.judgements.find((x) => x.key === key);
  return j ? gradeLabel(j.grade, r?.framework) : '';
}

/** "" when the reader read the whole report, else what it could not read. */
function partlyRead(r: ReportRow | null): string {
  return r && r.flags.length > 0 ? r.flags.map((f) => f.message).join(' | ') : '';
}

export function latestTable(view: RecordView, base: string): { header: string[]; rows: Cell[][] } {
  const header = [
    'Ofsted URN', 'DfE LA number', 'ONS code', 'Local authority', 'Region', 'Type',
    'Latest inspection start', 'Latest inspection end', 'Published', 'Framework', 'Headline grade',
    ...downloadJudgements().map((k) => judgementLabel(k)),
    'Previous inspection end', 'Previous framework', 'Previous headline grade',
    ...downloadJudgements().map((k) => `Previous: ${judgementLabel(k)}`),
    ...Array.from({ length: NEIGHBOURS }, (_, i) => [`Neighbour ${i + 1}`, `Neighbour ${i + 1} headline grade`]).flat(),
    'Latest report partly read (what the reader could not read)',
    'Report page', 'Report PDF',
  ];
  const rows = view.current.map((v) => {
    const l = v.latest;
    const p = v.previous;
    const neighbours = Array.from({ length: NEIGHBOURS }, (_, i) => {
      const n = v.neighbours[i];
      const nl = n ? view.bySlug.get(n.slug)?.latest : null;
      return [n?.name ?? '', nl?.headlineGrade ? gradeLabel(nl.headlineGrade, nl.framework) : n ? 'No full inspection in the record' : ''];
    }).flat();
    return [
      v.authority.urn, v.authority.laCode, v.authority.gss, v.authority.name, v.authority.region, v.authority.type,
      l?.inspectionStart, l?.inspectionEnd, l?.listingDate, l?.framework, l?.headlineGrade ? gradeLabel(l.headlineGrade, l.framework) : '',
      ...downloadJudgements().map((k) => grade(l, k)),
      p?.inspectionEnd, p?.framework, p?.headlineGrade ? gradeLabel(p.headlineGrade, p.framework) : '',
      ...downloadJudgements().map((k) => grade(p, k)),
      ...neighbours,
      partlyRead(l),
      l ? `${base}/reports/${l.id}` : '', l?.sourceUrl ?? '',
    ];
  });
  return { header, rows };
}

export function historyTable(view: RecordView, base: string): { header: string[]; rows: Cell[][] } {
  const header = ['Report id', 'Ofsted URN', 'Local authority', 'Name as printed', 'Framework', 'Inspection start', 'Inspection end', 'Published', 'Headline grade', ...downloadJudgements().map((k) => judgementLabel(k)), 'Improvement items', 'Pages', 'Partly read (what the reader could not read)', 'Withdrawn', 'Report page', 'Report PDF'];
  const rows = [...view.data.reports]
    .sort((a, b) => (a.inspectionStart ?? '').localeCompare(b.inspectionStart ?? '') || a.id - b.id)
    .map((r) => {
      const a = r.authorityUrn ? view.byUrn.get(r.authorityUrn)?.authority : undefined;
      return [
        r.id, a?.urn ?? r.authorityUrn, a?.name ?? '', r.printedName, r.framework, r.inspectionStart, r.inspectionEnd, r.listingDate,
        r.headlineGrade ? gradeLabel(r.headlineGrade, r.framework) : '',
        ...downloadJudgements().map((k) => grade(r, k)),
        r.improvements.filter((i) => i.list === 'main').length, r.pageCount, partlyRead(r), r.withdrawnAt ?? '', `${base}/reports/${r.id}`, r.sourceUrl ?? '',
      ];
    });
  return { header, rows };
}

async function xlsx(view: RecordView, base: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ilacs';
  wb.created = new Date(view.lastRefreshed ?? Date.now());
  const { header, rows } = latestTable(view, base);
  const ws = wb.addWorksheet('Latest grades', { views: [{ state: 'frozen', xSplit: 4, ySplit: 1 }] });
  // Dates as dates Excel can compute with, missing values as empty cells, an autofilter on the header.
  dataSheet(ws, header);
  for (const r of rows) addDataRow(ws, r);
  ws.columns.forEach((c, i) => {
    c.width = i === 3 ? 30 : 18;
  });
  const about = wb.addWorksheet('About');
  about.addRow(['Latest Ofsted inspection grades of every English local authority’s children’s services']);
  about.addRow([`Data last refreshed: ${view.lastRefreshed ?? 'unknown'}`]);
  about.addRow(['Contains public sector information licensed under the Open Government Licence v3.0.']);
  about.addRow(['Independent of Ofsted: check each grade against the report before relying on it.']);
  about.addRow([`Source: ${base}/`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function registerDownloads(ctx: WebContext): void {
  const { app, site } = ctx;
  const cfg = { rateLimit: ctx.apiRateLimit };
  const dl = (path: string, summary: string, type: string, make: (view: RecordView, base: string) => Promise<string | Buffer> | string) => {
    app.get(path, { schema: { summary, tags: ['downloads'], response: responses(type.split(';')[0] ?? type, []) }, config: cfg }, async (req: FastifyRequest, reply: FastifyReply) => {
      const base = ctx.linkBase(req);
      const entry = await site.cached(`${path} ${base}`, async (view) => ({ body: await make(view, base), type }));
      reply.header('content-disposition', `attachment; filename="${path.split('/').pop() ?? 'download'}"`);
      return send(req, reply, entry, 'public, max-age=300');
    });
  };
  dl('/downloads/latest.csv', 'Latest grades of every authority, with previous and statistical neighbours’ grades (CSV)', 'text/csv; charset=utf-8', (view, base) => {
    const t = latestTable(view, base);
    return toCsv(t.header, t.rows);
  });
  dl('/downloads/latest.xlsx', 'Latest grades of every authority, with previous and statistical neighbours’ grades (Excel)', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xlsx);
  dl('/downloads/history.csv', 'Every report in the record, one row each (CSV)', 'text/csv; charset=utf-8', (view, base) => {
    const t = historyTable(view, base);
    return toCsv(t.header, t.rows);
  });
}
