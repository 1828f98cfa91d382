// ilacs stats: what the record holds.
import { openStore } from '../../store/index.ts';
import type { Command } from '../command.ts';
import { databaseOption, databaseUrl, noteSnapshot } from './database-option.ts';

export const statsCommand: Command = {
  name: 'stats',
  summary: 'Show what the database holds: authorities, reports by framework, judgements, items, full text',
  usage: '[--database URL] [--json]',
  options: {
    database: databaseOption,
    json: { type: 'boolean', description: 'Print the counts as JSON' },
  },
  async run(ctx) {
    const store = await openStore(databaseUrl(ctx.values));
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
        ['Judgements', s.judgements],
        ['Improvement items', s.improvements],
        ['Report sections', s.sections],
        ['Failed files', s.failedFiles],
        ['Newest inspection ended', s.newestInspection ?? '–'],
        ['Newest report listed', s.newestListing ?? '–'],
      ];
      if (refreshed) rows.push(['Snapshot built', refreshed]);
      const width = Math.max(...rows.map(([k]) => k.length));
      ctx.stdout.write(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n');
      return 0;
    } finally {
      await store.close();
    }
  },
};
