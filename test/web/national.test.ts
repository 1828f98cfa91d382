import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachTestSite } from './fixtures.ts';

const site = forEachTestSite((db) => `/national on ${db}`, nationalTests);

const get = site.get;

function nationalTests(): void {
  test('the JSON twin gives the picture at the date: latest full inspections published by the cut-off, predecessors until they ended', async () => {
    const r = await get('/national.json?date=2020-03-31');
    assert.equal(r.statusCode, 200);
    const d = r.json();
    assert.equal(d.asAt, '2020-03-31');
    assert.equal(d.publishedBy, '2020-04-30');
    // Southend (ILACS 2018, good, after a SIF inadequate) and Northamptonshire (SIF, inadequate; abolished 2021).
    assert.equal(d.authorities, 2);
    assert.deepEqual(d.judgements.overall, { outstanding: 0, good: 1, requires_improvement: 0, inadequate: 1 });
    assert.deepEqual(d.judgements.in_care, { outstanding: 0, good: 1, requires_improvement: 0, inadequate: 1 }, 'ILACS 2018 in care and leavers and SIF looked after both count as in care');
    assert.deepEqual(d.changes, { improved: 1, held_good_or_better: 0, held_below_good: 0, declined: 0 });
    assert.deepEqual(Object.keys(d.regions), ['East Midlands', 'East of England']);
    assert.ok(d.notCounted.some((a: { slug: string }) => a.slug === 'thurrock'));
    assert.ok(!d.notCounted.some((a: { slug: string }) => a.slug === 'north-northamptonshire'), 'a council that did not exist yet is not listed');
    assert.equal(d.scope, 'England');
    assert.equal(d.quarterly[0].asAt, '2014-03-31');
    assert.equal(d.march31[0].asAt, '2014-03-31');
    const y2020 = d.march31.find((m: { asAt: string }) => m.asAt === '2020-03-31');
    assert.deepEqual(y2020.judgements.overall, d.judgements.overall);
    // After the reorganisation the old county is gone and its successor counts once inspected.
    const later = (await get('/national.json?date=2026-09-30')).json();
    assert.equal(later.authorities, 3);
    assert.equal(later.judgements.leaders.good, 2);
    const region = (await get('/national.json?date=2020-03-31&region=east%20of%20england')).json();
    assert.equal(region.scope, 'East of England');
    assert.equal(region.march31.find((m: { asAt: string }) => m.asAt === '2020-03-31').authorities, 1);
    const cutOff = (await get('/national.json?date=2019-06-14&publishedBy=2019-06-27')).json();
    assert.deepEqual(cutOff.judgements.overall, { outstanding: 0, good: 0, requires_improvement: 0, inadequate: 2 }, 'Southend’s 2019 report was published on the 28th');
  });

  test('the page has a date field, the tables, a chart per area with its numbers, and answers conditional requests', async () => {
    const r = await get('/national?date=2025-03-31');
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /<input class="govuk-input[^"]*" id="date" name="date" type="date" value="2025-03-31"/);
    assert.match(r.body, /National figures as at 31 March 2025/);
    assert.equal((r.body.match(/<svg class="app-chart"/g) ?? []).length, 1, 'one judgement’s chart at a time');
    assert.match(r.body, /<title id="share-0-title">Overall effectiveness: share of councils at each grade by quarter, England<\/title>/);
    const area = await get('/national?date=2025-03-31&area=care_leavers');
    assert.match(area.body, /<title id="share-0-title">Care leavers: share of councils at each grade by quarter, England<\/title>/);
    assert.match(r.body, /href="\/national\?date=2025-03-31&amp;area=help_protection#by-quarter">Help and protection<\/a>/);
    assert.equal((await get('/national.json?area=lscb')).statusCode, 400);
    assert.match(r.body, /Overall effectiveness at every 31 March, England/);
    assert.match(r.body, /href="\/national\?date=2025-03-31&amp;region=East\+of\+England"/);
    const etag = r.headers.etag as string;
    const again = await get('/national?date=2025-03-31', { 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    const today = await get('/national');
    assert.match(today.body, new RegExp(`value="${new Date().toISOString().slice(0, 10)}"`));
  });

  test('the CSV twin: England and each region, each judgement and grade, codes and labels in separate columns', async () => {
    const r = await get('/national.csv?date=2020-03-31');
    assert.equal(r.statusCode, 200);
    const lines = r.body.trim().split('\r\n');
    assert.equal(lines[0], 'as_at,published_by,area,authorities,judgement,judgement_label,grade,grade_label,count,judged,percent');
    assert.ok(lines.includes('2020-03-31,2020-04-30,England,2,overall,Overall effectiveness,inadequate,Inadequate,1,2,50'));
    assert.ok(lines.includes('2020-03-31,2020-04-30,East Midlands,1,leaders,Impact of leaders,inadequate,Inadequate,1,1,100'));
  });

  test('bad dates and regions get a clear 400', async () => {
    for (const [url, message] of [
      ['/national.json?date=2025-02-30', /"2025-02-30" is not a date: write it as YYYY-MM-DD/],
      ['/national.json?date=2025-03-31&publishedBy=2025-01-01', /publication cut-off \(2025-01-01\) is before the date/],
      ['/national.json?region=Mars', /There is no region called "Mars"\. Regions: .*London/],
      ['/national.json?date=yesterday', /date/],
    ] as const) {
      const r = await get(url);
      assert.equal(r.statusCode, 400, url);
      assert.match(r.json().message, message);
    }
  });
}
