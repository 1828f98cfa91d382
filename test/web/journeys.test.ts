import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daysBetween } from '../../src/analysis/index.ts';
import { forEachTestSite } from './fixtures.ts';

const site = forEachTestSite((db) => `journeys and days since on ${db}`, journeyTests);

const get = site.get;
const today = () => new Date().toISOString().slice(0, 10);

function journeyTests(): void {
  test('a council’s JSON carries its journey: each step’s areas, direction, time taken', async () => {
    const j = (await get('/local-authorities/southend-on-sea.json')).json().journey;
    assert.deepEqual(j.path, ['inadequate', 'good', 'requires_improvement']);
    assert.equal(j.pathLabel, 'Inadequate → Good → Requires improvement');
    assert.equal(j.current, 'requires_improvement');
    assert.deepEqual(j.steps.map((s: { direction: string | null }) => s.direction), [null, 'improved', 'declined']);
    assert.deepEqual(j.steps[0].grades, { overall: 'inadequate', leaders: 'inadequate', help_protection: 'inadequate', in_care: 'requires_improvement', care_leavers: 'requires_improvement' });
    assert.deepEqual(j.steps[1].grades, { overall: 'good', leaders: 'good', help_protection: 'good', in_care: 'good', care_leavers: 'good' });
    assert.equal(j.steps[0].daysOnSite, 25);
    assert.equal(j.steps[1].daysSincePrevious, daysBetween('2016-02-04', '2019-06-14'));
    assert.equal(j.steps[1].daysToPublication, 14);
    assert.equal(j.daysSinceLatest, daysBetween('2024-03-15', today()));
    const page = await get('/local-authorities/southend-on-sea');
    assert.match(page.body, /Path: Inadequate → Good → Requires improvement\./);
    assert.match(page.body, /<td class="govuk-table__cell">Declined<\/td>/);
    // ILACS 2026 has no overall grade: the step's headline is leaders.
    const nn = (await get('/local-authorities/north-northamptonshire.json')).json().journey;
    assert.equal(nn.steps[0].headlineArea, 'leaders');
    assert.deepEqual(nn.path, ['good']);
  });

  test('the visits published between full inspections sit on the step they came before, and those since the latest apart', async () => {
    const { createRun, storeDocument, syncDb } = await import('../../src/store/sync-repo.ts');
    const db = syncDb(site.t.store.db);
    const run = await createRun(db, 'test', 'me', Date.parse('2026-07-01T06:00:00Z'));
    const doc = (n: number, type: string, published: string) =>
      storeDocument(db, { sha256: String(n).repeat(64).slice(0, 64), type, published, authorityUrn: '80559', authorityName: 'Southend-on-Sea', fileId: `999000${n}`, sourceUrl: `https://files.ofsted.gov.uk/v1/file/999000${n}`, archivePath: `${n}.pdf`, pageCount: 4, text: `${type} letter` }, run, Date.parse('2026-07-01T06:05:00Z'));
    await doc(1, 'Monitoring visit', '2017-05-02');
    await doc(2, 'Focused visit', '2021-05-01');
    await doc(3, 'Focused visit', '2025-01-10');
    const j = (await get('/local-authorities/southend-on-sea.json')).json().journey;
    assert.deepEqual(j.steps[1].visitsBefore.map((v: { type: string; published: string }) => [v.type, v.published]), [['Monitoring visit', '2017-05-02']]);
    assert.deepEqual(j.steps[2].visitsBefore.map((v: { published: string }) => v.published), ['2021-05-01']);
    assert.deepEqual(j.visitsSince.map((v: { published: string }) => v.published), ['2025-01-10']);
    assert.match((await get('/local-authorities/southend-on-sea')).body, /Monitoring visit \(2 May 2017\)/);
  });

  test('/journeys groups councils by path, filterable by region and current grade, with a CSV twin', async () => {
    const all = (await get('/journeys.json')).json();
    const southend = all.paths.find((p: { key: string }) => p.key === 'inadequate-good-requires_improvement');
    assert.deepEqual(southend.councils.map((c: { slug: string }) => c.slug), ['southend-on-sea']);
    assert.equal(all.paths.find((p: { key: string }) => p.key === 'none').count, all.councils - 3);
    assert.deepEqual(all.directions, { improved: 0, held: 0, declined: 1 });
    const good = (await get('/journeys.json?grade=good&region=east%20midlands')).json();
    assert.deepEqual(good.paths.map((p: { key: string; count: number }) => [p.key, p.count]), [['good', 1]]);
    assert.equal(good.filters.region, 'East Midlands');
    const csv = (await get('/journeys.csv?grade=requires_improvement')).body.trim().split('\r\n');
    assert.deepEqual(csv, ['slug,name,region,path,path_label,inspections,current_grade,current_grade_label', 'southend-on-sea,Southend-on-Sea,East of England,inadequate > good > requires_improvement,Inadequate → Good → Requires improvement,3,requires_improvement,Requires improvement to be good']);
    const page = await get('/journeys?grade=good');
    assert.match(page.body, /whose latest headline grade is Good/);
    assert.equal((await get('/journeys.json?region=Atlantis')).statusCode, 400);
  });

  test('/local-authorities shows days since the last full inspection, sorts by it, and carries it in CSV and JSON', async () => {
    const list = (await get('/local-authorities.json?sort=days&order=asc')).json();
    const first = list.authorities[0];
    assert.equal(first.authority.slug, 'north-northamptonshire');
    assert.equal(first.daysSinceLatest, daysBetween('2026-05-22', today()));
    assert.equal(list.authorities.at(-1).daysSinceLatest, null, 'never inspected sorts last');
    const csv = (await get('/local-authorities.csv?sort=days')).body.split('\r\n');
    const header = csv[0]!.split(',');
    const col = header.indexOf('days_since_latest_inspection');
    assert.ok(col > 0);
    const thurrock = csv.find((l) => l.includes(',thurrock,'))!.split(',');
    assert.equal(thurrock[col], String(daysBetween('2025-01-24', today())));
    const page = await get('/local-authorities?sort=days&order=desc');
    assert.match(page.body, /aria-sort="descending">Days since<\/th>/);
  });
}
