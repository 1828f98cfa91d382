// ilacs ingest: read PDFs into the database.
import { ingest, poolReader, progressBar, reread, rereadDue, type RereadSummary } from '../../ingest/index.ts';
import { archiveDirOf, formatReread, rereadJson } from './reread.ts';
import { openStore } from '../../store/index.ts';
import type { Command } from '../command.ts';
import { describeChange } from '../../analysis/index.ts';
import { databaseOption, databaseUrl, noteSnapshot } from './database-option.ts';

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'Read report PDFs into the database (files already stored are skipped)',
  usage: '[--database URL] [--json] <file|folder>...',
  description: [
    'Reads every PDF given (folders recursively) in worker threads and stores each report in one',
    'transaction, keyed by the file’s SHA-256: the same file twice is one report, and a file already',
    'stored is counted as unchanged without being read again. Interrupted, it can simply be run again.',
    'Each run and every file’s outcome is recorded (see ilacs stats). An index.csv beside the files',
    '(in the folder given or up to two folders above it; columns path, source_url, listed_date, urn)',
    'supplies each report’s public address and listing date. Exits 1 when any file could not be read.',
  ].join('\n'),
  options: {
    database: databaseOption,
    json: { type: 'boolean', description: 'Print the summary as JSON: {"seen","added","textAdded","reread","unchanged","failed":[{"file","code","message"}],"changed":[...]}' },
  },
  minArgs: 1,
  async run(ctx) {
    const store = await openStore(databaseUrl(ctx.values));
    noteSnapshot(store, ctx.stderr);
    const reader = poolReader();
    const tty = process.stderr.isTTY ? progressBar(process.stderr) : null;
    try {
      // A newer reader than the one that read the stored reports: read them again first (ilacs reread).
      let first: RereadSummary | null = null;
      if (await rereadDue(store, reader.version)) {
        ctx.stderr.write(`The reader (version ${reader.version}) is newer than the one that read some stored reports: reading them again first (ilacs reread).\n`);
        first = await reread(store, { reader, archiveDir: archiveDirOf({}) });
      }
      const summary = await ingest(store, ctx.positionals, { reader, ...(tty ? { onProgress: (p) => tty.update(p) } : {}) });
      tty?.done();
      if (ctx.values.json) {
        ctx.stdout.write(
          JSON.stringify({
            seen: summary.seen,
            added: summary.added,
            textAdded: summary.textAdded,
            reread: summary.reread,
            unchanged: summary.unchanged,
            failed: summary.failed,
            changed: summary.changed,
            ...(first ? { rereadFirst: rereadJson(first) } : {}),
          }) + '\n',
        );
      } else {
        if (first) {
          const lines = ['Re-read of the stored reports:', ...formatReread(first, { listNotRead: false })];
          if (first.missingPdf > 0) lines.push(`  (${first.missingPdf} without a PDF in the archive or where they were ingested from: those among the files given are read now, below; ilacs reread lists the rest)`);
          ctx.stdout.write(lines.join('\n') + '\n');
        }
        const lines = [
          `${summary.seen} file${summary.seen === 1 ? '' : 's'}: ${summary.added} new report${summary.added === 1 ? '' : 's'} added, ${summary.textAdded} gained full text, ${summary.reread} re-read, ${summary.unchanged} unchanged, ${summary.failed.length} failed`,
        ];
        for (const f of summary.failed) lines.push(`  ${f.file}: ${f.code}: ${f.message}`);
        if (summary.changed.length > 0) lines.push('Facts changed on re-reading:', ...summary.changed.map((c) => `  ${c.file} (report ${c.reportId}): ${c.changes.map((x) => describeChange(x)).join('; ')}`));
        lines.push(`Database: ${store.config.display}`);
        ctx.stdout.write(lines.join('\n') + '\n');
      }
      return summary.failed.length > 0 ? 1 : 0;
    } finally {
      tty?.done();
      await reader.close();
      await store.close();
    }
  },
};
