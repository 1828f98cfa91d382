// npm run bench:forecast [-- --database URL]
// Backtests the next-inspection forecast: forecasts as at the first day of
// every quarter from July 2022 to January 2026, each full inspection that
// followed (2023 on) scored from the latest forecast made at least 90 days
// before it started, next to the naive rule (three years after the last
// one, give or take six months) scored the same way in the same run. Then,
// for honesty, two checks the goals do not ask for: a reference that forecasts
// every council 4½ months ahead (that way of scoring rewards it), and every
// forecast scored whatever its lead (see src/analysis/backtest.ts).
// Without --database it loads the shipped snapshot into a temporary database.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { backtest, buildView, type Score } from '../src/analysis/index.ts';
import { importSnapshot, openStore, SHIPPED_SNAPSHOT } from '../src/store/index.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const { values } = parseArgs({ options: { database: { type: 'string' } } });
let dir: string | null = null;
let url = values.database;
if (!url) {
  dir = mkdtempSync(join(tmpdir(), 'ilacs-bench-forecast-'));
  url = `sqlite:${join(dir, 'record.db')}`;
}
const store = await openStore(url);
try {
  if (dir) await importSnapshot(store.db, SHIPPED_SNAPSHOT);
  const view = buildView(await store.loadRecord());
  const t0 = performance.now();
  const b = backtest(view);
  const ms = performance.now() - t0;
  const row = (name: string, s: Score) => `${name.padEnd(34)} ${String(Math.round(s.medianError)).padStart(8)}  ${(s.coverage * 100).toFixed(1).padStart(8)}%  ${s.meanWidth.toFixed(0).padStart(10)}`;
  const years = [...new Set(b.cases.map((c) => c.start.slice(0, 4)))].sort();
  const med = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y);
    return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : 0;
  };
  process.stdout.write(
    [
      `Forecast backtest: ${b.quarters.length} forecast dates (${b.quarters[0]} to ${b.quarters.at(-1)}), ${b.model.scored} full inspections scored, each from the latest forecast made at least ${b.minLeadDays} days before it started`,
      '',
      `${'method'.padEnd(34)} ${'median |error| (days)'.padStart(8)}  ${'in 80% window'.padStart(9)}  ${'mean width (days)'.padStart(10)}`,
      row('queue forecast (ilacs forecast)', b.model),
      row('naive: 3 years after, ±6 months', b.naive),
      row('reference: everyone in 135 ±46 days', b.fixedLead),
      '',
      `ratio of median errors (forecast / naive): ${(b.model.medianError / b.naive.medianError).toFixed(2)}`,
      `by year of start (median |error|, forecast vs naive): ${years.map((y) => `${y}: ${Math.round(med(b.cases.filter((c) => c.start.startsWith(y)).map((c) => c.error)))} vs ${Math.round(med(b.cases.filter((c) => c.start.startsWith(y)).map((c) => c.naiveError)))} (${b.cases.filter((c) => c.start.startsWith(y)).length})`).join(', ')}`,
      `goals: median error <= 45 days: ${b.model.medianError <= 45 ? 'met' : 'NOT met'}; 75-92% in the window: ${b.model.coverage >= 0.75 && b.model.coverage <= 0.92 ? 'met' : 'NOT met'}; mean width <= 200 days: ${b.model.meanWidth <= 200 ? 'met' : 'NOT met'}`,
      '',
      `Every forecast, whatever its lead: each council's forecast as at each quarter from ${b.quarters[0]} to ${b.every.to ?? '(none)'} against the start of its next full inspection (${b.every.scored} forecasts; ${b.every.notYet} more, of councils not inspected again in the record, are left out)`,
      row('queue forecast (ilacs forecast)', b.every),
      row('naive: 3 years after, ±6 months', b.everyNaive),
      '',
      `(${ms.toFixed(0)} ms for all ${b.quarters.length} forecast dates)`,
      '',
    ].join('\n'),
  );
} finally {
  await store.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
