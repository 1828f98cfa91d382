// ilacs stats: what the record holds.
import { defaultDisplayName } from '../../ingest/ingest.ts';
import { openStore } from '../../store/index.ts';
import type { RunSummary } from '../../store/runs.ts';
import type { Command } from '../command.ts';
import { READER_VERSION } from '../../reader/version.ts';
import { databaseOption, databaseUrl, noteSnapshot } from './database-option.ts';

/** Failed files listed by name in the table; --json lists them all. */
const SHOWN_FAILURES = 10;

/** '2026-11-24T11:10:14.318Z' → '2026-11-24 11:10:14 UTC' (other text as it is). */
function utc(iso: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : iso;
}

function describeRun(run: RunSummary): string {
  const status = run.status === 'running' ? 'running since' : run.status;
  return `#${run.id} ${run.command}, ${status} ${utc(run.finishedAt ?? run.startedAt)}: ${run.seen} seen, ${run.added} added, ${run.textAdded ?? 0} gained text, ${run.reread ?? 0} re-read, ${run.unchanged} unchanged, ${run.failed} failed`;
}

export const statsCommand: Command = {
  name: 'stats',
  summary: 'Show what the database holds: authorities, reports by framework, judgements, items, full text',
  usage: '[--database URL] [--json]',
  options: {
    database: databaseOption,
    json: { type: 'boolean', description: 'Print the counts as JSON' },
  },
  async run(ctx) {
    const store = await openStore(databaseUrl(ctx.values), { access: 'read' });
    noteSnapshot(store, ctx.stderr);
    try {
      const s = await store.stats();
      const refreshed = (await store.getMeta('data_refreshed_at')) ?? null;
      if (ctx.values.json) {
        ctx.stdout.write(JSON.stringify({ database: store.config.display, ...s, dataRefreshedAt: refreshed }) + '\n');
        return 0;
      }
      const rows: [string, string | number][] = [
        ['Database', store.config.display],
        ['Authorities', `${s.authorities} (${s.currentAuthorities} current, ${s.authorities - s.currentAuthorities} predecessor councils)`],
        ['Reports', s.reports],
        ...Object.entries(s.reportsByFramework).map(([f, n]): [string, number] => [`  ${f}`, n]),
        ['Reports with full text', s.reportsWithFullText],
        ...(s.reportsWithoutFullText > 0
          ? [['  without full text', `${s.reportsWithoutFullText}: search finds only their improvement items, not their words. Add the text with ilacs ingest <their PDFs> or ilacs sync (see README: where reports' PDFs come from).`] as [string, string]]
          : []),
        ['Partly read', s.partlyRead === 0 ? '0 (every report read completely)' : `${s.partlyRead}: the reader could not read everything; each is marked on its page`],
        ['Read by reader version', Object.entries(s.reportsByReaderVersion).map(([v, n]) => `${v}: ${n}`).join(', ') || '–'],
        ['Judgements', s.judgements],
        ['Improvement items', s.improvements],
        ['Report sections', s.sections],
        ['Failed files', s.failedFiles],
        ['Newest inspection ended', s.newestInspection ?? '–'],
        ['Newest report listed', s.newestListing ?? '–'],
      ];
      if (refreshed) rows.push(['Data last refreshed', utc(refreshed)]);
      if (s.lastRun) rows.push(['Last run', describeRun(s.lastRun)]);
      const width = Math.max(...rows.map(([k]) => k.length));
      // Under "Failed files", each file and why; a path wider than the first column has the reason on the next line.
      const failures: [string, string][] = s.failures.slice(0, SHOWN_FAILURES).map((f) => [`  ${defaultDisplayName(f.file)}`, `${f.code}: ${f.message}`]);
      if (s.failures.length > SHOWN_FAILURES) failures.push([`  … and ${s.failures.length - SHOWN_FAILURES} more`, '(ilacs stats --json lists them all)']);
      rows.splice(rows.findIndex(([k]) => k === 'Failed files') + 1, 0, ...failures);
      // Under "Partly read", each report and what the reader could not read.
      const partly: [string, string][] = s.partlyReadReports.slice(0, SHOWN_FAILURES).map((r) => [`  ${r.label} (report ${r.reportId})`, r.flags.map((f) => f.message).join(' ')]);
      if (s.partlyReadReports.length > SHOWN_FAILURES) partly.push([`  … and ${s.partlyReadReports.length - SHOWN_FAILURES} more`, '(ilacs stats --json lists them all)']);
      rows.splice(rows.findIndex(([k]) => k === 'Partly read') + 1, 0, ...partly);
      const outdated = Object.entries(s.reportsByReaderVersion).filter(([v]) => Number(v) < READER_VERSION).reduce((n, [, c]) => n + c, 0);
      if (outdated > 0) rows.splice(rows.findIndex(([k]) => k === 'Read by reader version') + 1, 0, ['  by an older reader', `${outdated} (version ${READER_VERSION}): ilacs reread reads them again`]);
      ctx.stdout.write(rows.map(([k, v]) => (k.length > width ? `${k}\n${''.padEnd(width + 2)}${v}` : `${k.padEnd(width)}  ${v}`)).join('\n') + '\n');
      return 0;
    } finally {
      await store.close();
    }
  },
};
