// `ilacs forecast --as-at YYYY-MM-DD`: when each council's next full
// inspection is expected, from only what was published by that date.
import { buildView, forecastAll, formatDay } from '../../analysis/index.ts';
import { openStore } from '../../store/index.ts';
import { UsageError, type Command } from '../command.ts';
import { databaseOption, databaseUrl, noteSnapshot } from './database-option.ts';

/** A real calendar date written YYYY-MM-DD, else a usage error naming the option. */
export function parseDateOption(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  const v = String(value);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !d || d.toISOString().slice(0, 10) !== v) throw new UsageError(`--${name} must be a date written YYYY-MM-DD (e.g. 2025-04-01), not "${v}"`);
  return v;
}

export const forecastCommand: Command = {
  name: 'forecast',
  summary: 'Forecast each council’s next full inspection, from what was published by a date',
  usage: '[--as-at YYYY-MM-DD] [--database URL] [--json]',
  description:
    'For every council that existed on the date (default: today): the start of its last full inspection published by then, the expected start of the next, an 80% window and how it was worked out. Only reports published by the date are used, so a forecast as at a past date is what this tool would have said then. --json prints {"asAt", "model", "forecasts": [{"urn", "authority", "expectedStart", "window": {"from", "to"}, "basis", …}]}.',
  options: {
    'as-at': { type: 'string', value: 'YYYY-MM-DD', description: 'Forecast as at this date, from what was published by then (default: today)' },
    database: databaseOption,
    json: { type: 'boolean', description: 'Print the forecasts as JSON' },
  },
  async run(ctx) {
    if (ctx.positionals.length) throw new UsageError(`ilacs forecast takes no arguments (got "${ctx.positionals[0]}"); give the date with --as-at`);
    const asAt = parseDateOption(ctx.values['as-at'], 'as-at') ?? new Date().toISOString().slice(0, 10);
    const store = await openStore(databaseUrl(ctx.values), { access: 'read' });
    noteSnapshot(store, ctx.stderr);
    try {
      const set = forecastAll(buildView(await store.loadRecord()), asAt);
      if (ctx.values.json) {
        ctx.stdout.write(JSON.stringify(set) + '\n');
        return 0;
      }
      const rows = set.forecasts.map((f) => [f.authority, f.last ? f.last.start : '–', f.daysSinceLast === null ? '–' : String(f.daysSinceLast), f.expectedStart ?? '–', f.window ? `${f.window.from} to ${f.window.to}` : '–']);
      const head = ['Council', 'Last full inspection', 'Days since', 'Expected start', '80% window'];
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
      const m = set.model;
      ctx.stdout.write(
        [
          `Next full inspections as at ${formatDay(asAt)}, from what was published by then`,
          m.ruleOnly
            ? 'Too little published to learn from: Ofsted’s published cycle (about three years, give or take six months).'
            : `Queue in order of last inspection, at Ofsted’s pace of ${m.counted} full inspections in the year to ${formatDay(m.countedTo)} (inspections started since may not be published yet: 9 in 10 reports of the past year took up to ${m.lag} days from the first day on site); the 80% windows come from the errors of earlier forecasts (${m.calibratedOn} inspections since ${formatDay(m.calibratedSince)}). npm run bench:forecast says how well this backtests.`,
          '',
          line(head),
          ...rows.map(line),
          '',
        ].join('\n'),
      );
      return 0;
    } finally {
      await store.close();
    }
  },
};
