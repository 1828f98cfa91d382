// `ilacs summary <report id|file>`: a report's plain-English summary, built
// from the record (or from a PDF read now, with the council's history from
// the record), never invented.
import { stat } from 'node:fs/promises';
import { buildView, summaryFor, type Summary } from '../../analysis/index.ts';
import { headlineGradeOf } from '../../domain/frameworks.ts';
import type { Report } from '../../domain/report.ts';
import { ReaderPool } from '../../reader/index.ts';
import { openStore, type ReportRow, type Store } from '../../store/index.ts';
import { UsageError, type Command } from '../command.ts';
import { databaseOption, databaseUrl, noteSnapshot } from './database-option.ts';

/** A report read from a file now, in the record's shape (id 0: not in the record). */
function rowOf(r: Report): ReportRow {
  const now = new Date().toISOString();
  return {
    id: 0,
    authorityUrn: r.localAuthority.urn || null,
    printedName: r.localAuthority.printedName || r.localAuthority.name,
    framework: r.framework,
    title: r.title,
    inspectionStart: r.inspection.start,
    inspectionEnd: r.inspection.end,
    leadInspector: r.inspection.leadInspector,
    datesPage: r.inspection.datesEvidence?.page ?? null,
    datesText: r.inspection.datesEvidence?.text ?? null,
    pageCount: r.pageCount,
    headlineGrade: headlineGradeOf(r.framework, r.judgements),
    sourceUrl: null,
    listingDate: null,
    hasFullText: true,
    createdAt: now,
    updatedAt: now,
    readerVersion: 0,
    flags: r.flags,
    withdrawnAt: null,
    correctedAt: null,
    judgements: r.judgements.map((j) => ({ key: j.key, grade: j.grade, page: j.page, sourceText: j.text })),
    improvements: [...r.improvements.map((i) => ({ list: 'main' as const, text: i.text, page: i.page, tag: i.tag })), ...r.lscbImprovements.map((i) => ({ list: 'lscb' as const, text: i.text, page: i.page, tag: i.tag }))],
  };
}

function print(s: Summary, json: boolean, out: NodeJS.WritableStream): void {
  if (json) out.write(JSON.stringify(s) + '\n');
  else out.write(`${s.headline}\n\n${s.text}\n`);
}

export const summaryCommand: Command = {
  name: 'summary',
  summary: 'Print a report’s plain-English summary, built from the record',
  usage: '[--database URL] [--json] <report id|file.pdf>',
  description:
    'Give a report’s number in the record (as in /reports/<id>) or a report PDF. A PDF is read now; when the record holds it, the record’s facts (with its publication date) are used. The previous inspection comes from the record. --json prints {"headline", "text", "facts"}: each claim with the record field, page and words it rests on.',
  options: {
    database: databaseOption,
    json: { type: 'boolean', description: 'Print the summary as JSON, with the facts each claim rests on' },
  },
  minArgs: 1,
  async run(ctx) {
    if (ctx.positionals.length > 1) throw new UsageError(`give one report id or file, not ${ctx.positionals.length}`);
    const arg = ctx.positionals[0] as string;
    const json = Boolean(ctx.values.json);
    let fromFile: Report | null = null;
    if (!/^\d+$/.test(arg)) {
      const info = await stat(arg).catch(() => null);
      if (!info?.isFile()) throw new UsageError(`"${arg}" is neither a report id (digits, as in /reports/<id>) nor a file`);
      // In a bounded reader process, as every command reads PDFs.
      const pool = new ReaderPool({ workers: 1 });
      const result = await pool.readFile(arg).finally(() => pool.close());
      if (!result.ok) {
        ctx.stderr.write(`ilacs summary: ${arg}: ${result.error.message}\n`);
        return 1;
      }
      fromFile = result.report;
    }
    let store: Store;
    try {
      store = await openStore(databaseUrl(ctx.values), { access: 'read' });
    } catch (err) {
      if (!fromFile) throw err;
      // A PDF can be summarised without a record: then there is no history to compare with.
      ctx.stderr.write(`ilacs summary: no record to compare with (${(err as Error & { userMessage?: string }).userMessage ?? (err as Error).message}); the summary has no previous inspection.\n`);
      print(summaryFor(buildView({ authorities: [], links: [], neighbours: [], reports: [], meta: {}, sync: null, documents: [] }), rowOf(fromFile), fromFile.sections.map((s) => ({ heading: s.heading, text: s.text, pageFrom: s.pages[0] }))), json, ctx.stdout);
      return 0;
    }
    noteSnapshot(store, ctx.stderr);
    try {
      const view = buildView(await store.loadRecord());
      if (fromFile) {
        const stored = await store.findReportBySha(fromFile.sha256);
        const row = stored ? view.reportsById.get(stored.id) : undefined;
        const sections = row ? await store.reportSections(row.id) : fromFile.sections.map((s) => ({ heading: s.heading, text: s.text, pageFrom: s.pages[0] }));
        print(summaryFor(view, row ?? rowOf(fromFile), sections), json, ctx.stdout);
        return 0;
      }
      const row = view.reportsById.get(Number(arg));
      if (!row) {
        ctx.stderr.write(`ilacs summary: there is no report number ${arg} in ${store.config.display} (report numbers are those of /reports/<id>; ilacs stats shows what the record holds).\n`);
        return 1;
      }
      print(summaryFor(view, row, await store.reportSections(row.id)), json, ctx.stdout);
      return 0;
    } finally {
      await store.close();
    }
  },
};
