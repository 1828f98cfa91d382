// The next-inspection forecast: nothing published after the as-at date leaks
// in, councils replaced by others carry their history over, too little
// published falls back to Ofsted's published cycle, and the backtest beats
// the naive three-year rule on the shipped record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { backtest, buildView, forecastAll, naiveForecast, type RecordView } from '../../src/analysis/index.ts';
import { openShippedRecord } from '../fixtures/shipped-record.ts';
import { openTestStore } from '../web/fixtures.ts';

let shipped: Awaited<ReturnType<typeof openShippedRecord>>;
let view: RecordView;

before(async () => {
  shipped = await openShippedRecord();
  view = buildView(await shipped.store.loadRecord());
});
after(() => shipped.cleanup());

test('a forecast on the whole record equals one on a record holding only what was published by then', async () => {
  const other = await openShippedRecord();
  try {
    // Latest date first: each freeze removes more of the same copy of the record.
    for (const asAt of ['2025-01-01', '2023-04-01']) {
      const full = forecastAll(view, asAt);
      const later = (await other.store.db.selectFrom('reports').select('id').where('listing_date', '>', asAt).execute()).map((r) => r.id);
      assert.ok(later.length > 20, `the record holds reports published after ${asAt}`);
      for (const table of ['judgements', 'improvements', 'sections', 'fact_changes'] as const) await other.store.db.deleteFrom(table).where('report_id', 'in', later).execute();
      await other.store.db.deleteFrom('reports').where('id', 'in', later).execute();
      const frozen = forecastAll(buildView(await other.store.loadRecord()), asAt);
      assert.deepEqual(frozen, full, `forecasts as at ${asAt}`);
      assert.ok(full.forecasts.every((f) => !f.last || f.last.published <= asAt), 'only reports published by then are counted from');
      assert.ok(full.forecasts.every((f) => !f.expectedStart || f.expectedStart > asAt), 'the next inspection is after the date');
    }
  } finally {
    await other.cleanup();
  }
});

test('every council that existed on the date gets a forecast; a council formed from another counts from that council’s last inspection', async () => {
  const t = await openTestStore();
  try {
    const small = buildView(await t.store.loadRecord());
    const set = forecastAll(small, '2021-06-01');
    assert.ok(!set.forecasts.some((f) => f.slug === 'northamptonshire'), 'Northamptonshire had been replaced by then');
    const n = set.forecasts.find((f) => f.slug === 'north-northamptonshire');
    assert.equal(n?.last?.council, 'Northamptonshire');
    assert.equal(n?.last?.start, '2019-01-07');
    assert.match(n?.basis ?? '', /Northamptonshire’s \(the council it replaced\) last full inspection, which started on 7 January 2019/, 'the fixture is too small to learn from: the cycle rule');
    const before = forecastAll(small, '2020-06-01');
    assert.ok(before.forecasts.some((f) => f.slug === 'northamptonshire') && !before.forecasts.some((f) => f.slug === 'north-northamptonshire'));
  } finally {
    await t.cleanup();
  }
  const set = forecastAll(view, '2025-04-01');
  for (const f of set.forecasts) {
    assert.ok(f.window && f.expectedStart, `${f.slug} has a forecast`);
    assert.ok(f.window.from <= f.expectedStart && f.expectedStart <= f.window.to, `${f.slug}: the expected start is inside its window`);
  }
  assert.equal(set.forecasts.length, view.authorities.filter((v) => v.authority.isCurrent).length, 'as many councils as today (none reorganised since)');
});

test('with too little published to learn from, the forecast is Ofsted’s published cycle', () => {
  const set = forecastAll(view, '2014-06-01');
  assert.equal(set.model.ruleOnly, true);
  const f = set.forecasts.find((x) => x.last);
  assert.ok(f?.last);
  assert.equal(f.expectedStart, naiveForecast(f.last.start).expectedStart);
  assert.match(f.basis, /Ofsted’s published cycle: about 36 months after/);
  assert.ok(set.forecasts.some((x) => x.last === null && /had been published by 1 June 2014/.test(x.basis)), 'councils not yet inspected say so');
});

test('the backtest scores the inspections of 2023 on and the forecast beats the naive rule', () => {
  const b = backtest(view);
  assert.equal(b.quarters.length, 15);
  assert.equal(b.quarters[0], '2022-07-01');
  assert.equal(b.quarters.at(-1), '2026-01-01');
  assert.ok(b.model.scored > 100, `${b.model.scored} inspections scored`);
  for (const c of b.cases) assert.ok(c.madeAsAt <= new Date(Date.parse(c.start) - 90 * 864e5).toISOString().slice(0, 10), 'each from a forecast at least 90 days ahead');
  assert.ok(b.model.medianError < b.naive.medianError / 4, `median error ${b.model.medianError} vs naive ${b.naive.medianError}`);
  assert.ok(b.model.coverage >= 0.7 && b.model.coverage <= 0.95, `coverage ${b.model.coverage}`);
});

test('ilacs forecast --as-at --json prints every current council; a bad date is refused with a clear message', async () => {
  const args = ['src/cli/main.ts', 'forecast', '--as-at', '2025-04-01', '--database', shipped.url, '--json'];
  const out = JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' }));
  assert.equal(out.asAt, '2025-04-01');
  assert.deepEqual(out.forecasts, JSON.parse(JSON.stringify(forecastAll(view, '2025-04-01').forecasts)));
  const f = out.forecasts.find((x: { urn: string }) => x.urn === '80559') ?? out.forecasts[0];
  for (const k of ['urn', 'authority', 'expectedStart', 'window', 'basis']) assert.ok(k in f, k);
  assert.match(f.expectedStart, /^\d{4}-\d{2}-\d{2}$/);
  const bad = spawnSync(process.execPath, ['src/cli/main.ts', 'forecast', '--as-at', '2025-02-30', '--database', shipped.url], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--as-at must be a date written YYYY-MM-DD \(e\.g\. 2025-04-01\), not "2025-02-30"/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
  const text = execFileSync(process.execPath, ['src/cli/main.ts', 'forecast', '--as-at', '2025-04-01', '--database', shipped.url], { encoding: 'utf8' });
  assert.match(text, /^Next full inspections as at 1 April 2025, from what was published by then/);
});

test('the queue is walked from far enough back to count inspections not yet published, learnt from how long reports took to publish', async () => {
  const set = forecastAll(view, '2025-04-01');
  // 90th percentile of first day on site to publication, over full inspections published in the year before the date.
  const delays = view.data.reports
    .filter((r) => r.listingDate && r.inspectionStart && r.listingDate.slice(0, 10) <= '2025-04-01' && r.listingDate.slice(0, 10) > '2024-04-01' && ['ILACS2018', 'ILACS2023'].includes(r.framework))
    .map((r) => (Date.parse(r.listingDate!.slice(0, 10)) - Date.parse(r.inspectionStart!)) / 864e5)
    .sort((a, b) => a - b);
  assert.ok(delays.length >= 20);
  assert.ok(set.model.lag >= delays[Math.floor(delays.length * 0.85)]! && set.model.lag <= delays[Math.ceil(delays.length * 0.95) - 1]!, `lag ${set.model.lag} days is about the 90th percentile of ${delays.join(', ')}`);
  assert.ok(set.model.lag > 45, 'longer than the 42 days Ofsted takes from the last day on site');
  const fixed = forecastAll(view, '2025-04-01', { lagQ: 0, lagDays: 45 });
  assert.equal(fixed.model.lag, 45);
  assert.notDeepEqual(fixed.forecasts, set.forecasts);
});

test('the backtest also scores every forecast whatever its lead, and a fixed-lead reference the goal’s scoring would reward', () => {
  const b = backtest(view);
  assert.ok(b.every.to && b.every.to < '2025-01-01', `quarters with two years of follow-up (to ${b.every.to})`);
  assert.ok(b.every.scored > 500 && b.every.notYet > 0, `${b.every.scored} forecasts scored, ${b.every.notYet} left out`);
  assert.ok(b.every.medianError < b.everyNaive.medianError / 2, `every forecast: ${b.every.medianError} vs naive ${b.everyNaive.medianError}`);
  assert.ok(b.every.medianError > b.model.medianError, 'forecasts further ahead are further off');
  assert.equal(b.fixedLead.scored, b.model.scored);
  assert.equal(b.fixedLead.meanWidth, 92);
  assert.ok(b.fixedLead.coverage > 0.95, 'every scored start is 90 to 181 days after its forecast date');
});

test('a council the queue reaches more than a year ahead gets a window as wide as forecasts made that far ahead erred, never narrower than the near window', () => {
  const set = forecastAll(view, '2024-01-01');
  const asAt = Date.parse('2024-01-01');
  const days = (iso: string) => Math.round((Date.parse(iso) - asAt) / 86_400_000);
  const dated = set.forecasts.filter((f) => f.expectedStart && f.window && !/front of the queue/.test(f.basis));
  const near = dated.filter((f) => days(f.expectedStart!) <= 365);
  const far = dated.filter((f) => days(f.expectedStart!) > 365);
  assert.ok(near.length > 10 && far.length > 10, `${near.length} near, ${far.length} far`);
  const width = (f: (typeof dated)[number]) => days(f.window!.to) - days(f.window!.from);
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  assert.ok(median(far.map(width)) > median(near.map(width)), `far ${median(far.map(width))} days wide, near ${median(near.map(width))}`);
  assert.ok(far.every((f) => /forecasts made about (a year|two years) before/.test(f.basis)), 'the basis says why the window is wider');
  assert.ok(near.every((f) => !/forecasts made about (a year|two years) before/.test(f.basis)));
  // The backtest's near-term scoring keeps its goals.
  const b = backtest(view);
  assert.ok(b.every.coverage > 0.5, `every forecast: ${(b.every.coverage * 100).toFixed(1)}% of starts in the windows`);
});
