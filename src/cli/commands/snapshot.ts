// ilacs snapshot export|import: the record's facts as a portable file.
import { exportSnapshot, importSnapshot, openStore } from '../../store/index.ts';
import { UsageError, type Command } from '../command.ts';
import { databaseOption, databaseUrl, noteSnapshot } from './database-option.ts';

export const snapshotCommand: Command = {
  name: 'snapshot',
  summary: 'Export the record’s facts to a snapshot file, or import one',
  usage: 'export|import [--database URL] [--json] <file>',
  description: [
    'A snapshot holds the record (authorities, reports with source addresses and dates, judgements with',
    'their evidence, improvement items, what the reader could not read, the reader version, and each',
    'report’s text by section), as gzipped JSON Lines (.jsonl.gz).',
    'Import is all or nothing: every line is checked first, then everything is applied in one',
    'transaction, so a damaged file (cut short, a bad or over-long line, a build date in the future)',
    'changes nothing. It is idempotent: reports are keyed by their PDF’s SHA-256, so importing twice',
    'adds nothing, and a report a newer reader read (in the database or the snapshot) keeps the newer facts.',
  ].join('\n'),
  options: {
    database: databaseOption,
    json: { type: 'boolean', description: 'Print the result as JSON' },
  },
  minArgs: 2,
  async run(ctx) {
    const [action, file, ...extra] = ctx.positionals;
    if (action !== 'export' && action !== 'import') throw new UsageError(`the first argument must be export or import, not "${action}"`);
    if (!file || extra.length > 0) throw new UsageError('give exactly one snapshot file');
    const store = await openStore(databaseUrl(ctx.values), { access: action === 'export' ? 'read' : 'write' });
    noteSnapshot(store, ctx.stderr);
    try {
      if (action === 'export') {
        const header = await exportSnapshot(store.db, file, { source: `ilacs snapshot export from ${store.config.display}` });
        if (ctx.values.json) ctx.stdout.write(JSON.stringify({ file, ...header }) + '\n');
        else ctx.stdout.write(`Wrote ${file}: ${header.counts.reports} reports, ${header.counts.authorities} authorities\n`);
        return 0;
      }
      const s = await importSnapshot(store.db, file);
      if (ctx.values.json) {
        ctx.stdout.write(JSON.stringify({ seen: s.seen, added: s.added, textAdded: s.textAdded, reread: s.reread, unchanged: s.unchanged, builtAt: s.header.builtAt }) + '\n');
      } else {
        ctx.stdout.write(`${file} (built ${s.header.builtAt}): ${s.seen} reports, ${s.added} added, ${s.textAdded} gained full text, ${s.reread} replaced by a newer reader's facts, ${s.unchanged} unchanged\nDatabase: ${store.config.display}\n`);
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
