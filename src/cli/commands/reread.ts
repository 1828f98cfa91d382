// ilacs reread: read again every report an older reader read.
import path from 'node:path';
import { describeChange } from '../../analysis/index.ts';
import { dataDir } from '../../config.ts';
import { poolReader, reread, type RereadSummary } from '../../ingest/index.ts';
import { openStore } from '../../store/index.ts';
import type { Command } from '../command.ts';
import { databaseOption, databaseUrl, noteSnapshot } from './database-option.ts';

/** The archive sync keeps PDFs in: --archive, else ILACS_ARCHIVE_DIR, else <data>/archive. */
export function archiveDirOf(values: Record<string, unknown>): string {
  const v = values.archive;
  return path.resolve(typeof v === 'string' && v ? v : process.env.ILACS_ARCHIVE_DIR?.trim() || path.join(dataDir(), 'archive'));
}

/** Reports not read again that are named one by one; --json lists them all. */
const SHOWN = 10;

/** The lines a person reads: each report that changed (and why others could not be read), then the totals. */
export function formatReread(s: RereadSummary, options: { listNotRead?: boolean } = {}): string[] {
  const lines: string[] = [];
  for (const r of s.reports) {
    if (r.outcome === 'changed') lines.push(`  ${r.label} (report ${r.reportId}): ${r.changes.map((c) => describeChange(c)).join('; ')}`);
  }
  // Before an ingest, reports without a PDF are mostly among the files being ingested: their count is enough.
  const notRead = s.reports.filter((r) => r.outcome === 'failed' || (r.outcome === 'missingPdf' && options.listNotRead !== false));
  if (notRead.length > 0) {
    lines.push('Not read again (their facts are kept as they were):');
    for (const r of notRead.slice(0, SHOWN)) lines.push(`  ${r.label} (report ${r.reportId}): ${r.outcome === 'missingPdf' ? 'no PDF: ' : 'failed: '}${r.message ?? ''}`);
    if (notRead.length > SHOWN) lines.push(`  … and ${notRead.length - SHOWN} more (--json lists them all)`);
  }
  lines.push(`Reader version ${s.readerVersion}: ${s.reread} report${s.reread === 1 ? '' : 's'} read again, ${s.changed} changed, ${s.unchanged} unchanged, ${s.missingPdf} without a PDF, ${s.failed} failed`);
  return lines;
}

export function rereadJson(s: RereadSummary) {
  return { readerVersion: s.readerVersion, reread: s.reread, changed: s.changed, unchanged: s.unchanged, missingPdf: s.missingPdf, failed: s.failed, reports: s.reports };
}

export const rereadCommand: Command = {
  name: 'reread',
  summary: 'Read again every stored report an older reader read, and list what changed',
  usage: '[--database URL] [--archive DIR] [--json]',
  description: [
    'Every report records the version of the reader that read it. This reads again, with the',
    'current reader, each report read by an older one whose PDF is available (in the archive sync',
    'keeps, or where it was ingested from), one transaction per report, keeping its id, its source',
    'address and its listing date. It prints what changed (judgements, items, flags) per report;',
    'each change is kept in the report’s history and shown on its page as "corrected on <date>".',
    'Interrupted (even kill -9), run it again: it carries on with the reports still to do.',
    'ilacs ingest, and the scheduled sync of ilacs serve, run it by themselves when the reader is newer.',
  ].join('\n'),
  options: {
    database: databaseOption,
    archive: { type: 'string', value: 'DIR', description: 'The archive of PDFs sync keeps (default $ILACS_ARCHIVE_DIR, else data/archive)' },
    json: { type: 'boolean', description: 'Print {"readerVersion","reread","changed","unchanged","missingPdf","failed","reports":[...]}' },
  },
  async run(ctx) {
    const store = await openStore(databaseUrl(ctx.values));
    noteSnapshot(store, ctx.stderr);
    const reader = poolReader();
    try {
      const summary = await reread(store, { reader, archiveDir: archiveDirOf(ctx.values) });
      if (ctx.values.json) ctx.stdout.write(JSON.stringify(rereadJson(summary)) + '\n');
      else ctx.stdout.write([...formatReread(summary), `Database: ${store.config.display}`].join('\n') + '\n');
      return summary.failed > 0 ? 1 : 0;
    } finally {
      await reader.close();
      await store.close();
    }
  },
};
