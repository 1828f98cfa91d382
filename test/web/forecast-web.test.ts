// The forecast on the council page, on /local-authorities (sortable) and in
// its JSON and CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testSite } from './fixtures.ts';

const site = testSite();
const get = site.get;
const today = new Date().toISOString().slice(0, 10);
const daysSince = (iso: string) => Math.round((Date.parse(today) - Date.parse(iso)) / 864e5);

test('the council page shows days since the last full inspection, the expected window, how it was made and how well it backtests', async () => {
  const json = (await get('/local-authorities/southend-on-sea.json')).json();
  assert.equal(json.forecast.asAt, today);
  assert.equal(json.forecast.lastStart, '2024-03-04');
  assert.equal(json.forecast.daysSinceLast, daysSince('2024-03-04'));
  assert.match(json.forecast.expectedStart, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(json.forecast.window.from <= json.forecast.expectedStart && json.forecast.expectedStart <= json.forecast.window.to);
  assert.ok(json.forecast.basis.length > 40);
  for (const k of ['scored', 'medianErrorDays', 'coverage', 'meanWidthDays', 'naive']) assert.ok(k in json.forecastBacktest, k);
  for (const k of ['to', 'scored', 'medianErrorDays', 'coverage', 'meanWidthDays']) assert.ok(k in json.forecastBacktest.everyForecast, `everyForecast.${k}`);
  const page = (await get('/local-authorities/southend-on-sea')).body;
  assert.match(page, /id="next-inspection"/);
  assert.match(page, new RegExp(`Days since the last full inspection started</dt><dd class="govuk-summary-list__value">${new Intl.NumberFormat('en-GB').format(daysSince('2024-03-04'))} \\(it started on 4 March 2024\\)`));
  assert.match(page, /80% window/);
  assert.match(page, /How well it backtests/);
  const gone = (await get('/local-authorities/northamptonshire.json')).json();
  assert.equal(gone.forecast, null, 'a council that no longer exists gets no forecast');
});

test('/local-authorities sorts by the next expected start; JSON and CSV carry it beside the days since', async () => {
  const next = (await get('/local-authorities.json?sort=next')).json();
  const starts = next.authorities.map((a: { forecast: { expectedStart: string | null } }) => a.forecast.expectedStart ?? '9999');
  assert.deepEqual(starts, [...starts].sort());
  assert.ok(starts.some((d: string) => d !== '9999'));
  const desc = (await get('/local-authorities.json?sort=next&order=desc')).json();
  assert.equal(desc.authorities[0].forecast?.expectedStart ?? '9999', [...starts].sort().at(-1));
  const csv = (await get('/local-authorities.csv?sort=next')).body;
  const [header, ...rows] = csv.trim().split(/\r?\n/);
  const cols = header!.split(',');
  for (const c of ['next_expected_start', 'next_window_from', 'next_window_to']) assert.ok(cols.includes(c), c);
  const southend = rows.find((r) => r.includes(',southend-on-sea,'))!.split(',');
  const json = (await get('/local-authorities/southend-on-sea.json')).json();
  assert.equal(southend[cols.indexOf('next_expected_start')], json.forecast.expectedStart);
  assert.equal(southend[cols.indexOf('next_window_to')], json.forecast.window.to);
  const page = (await get('/local-authorities?sort=next&order=desc')).body;
  assert.match(page, /aria-sort="descending">Next inspection expected \(80% window\)/);
  const bad = await get('/local-authorities.json?sort=soon');
  assert.equal(bad.statusCode, 400);
});
