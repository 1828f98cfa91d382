// Summaries on the report page, the council page and in every Atom entry;
// feeds per council, per region and for all reports, listed on /feeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testSite } from './fixtures.ts';

const site = testSite();
const get = site.get;

test('the report JSON and page carry the summary, with the facts it rests on', async () => {
  const id = site.t.reportIds[0]; // Southend-on-Sea, ILACS 2023, after ILACS 2018 good
  const json = (await get(`/reports/${id}.json`)).json();
  const s = json.report.summary;
  assert.equal(s.headline, 'Southend-on-Sea: overall effectiveness requires improvement to be good, down from good in 2019');
  assert.match(s.text, /That is down from good at its previous full inspection, in 2019\./);
  assert.match(s.text, /- The response to 16- and 17-year-old children who present as homeless\./);
  assert.ok(s.facts.some((f: { field: string; page: number }) => f.field === 'judgements.overall.grade' && f.page === 2));
  const page = (await get(`/reports/${id}`)).body;
  assert.match(page, /id="summary"/);
  assert.match(page, /Southend-on-Sea: overall effectiveness requires improvement to be good, down from good in 2019/);
  assert.match(page, /What each claim in this summary rests on/);
  assert.doesNotMatch(page, /&lt;script&gt;alert\("x"\)&lt;\/script&gt; &amp;amp;/, 'escaped once');
});

test('the council page shows its latest report’s summary and links its feeds; a successor’s summary uses its predecessor', async () => {
  const page = (await get('/local-authorities/southend-on-sea')).body;
  assert.match(page, /Latest full inspection in brief/);
  assert.match(page, /href="\/local-authorities\/southend-on-sea\/reports.atom"/);
  assert.match(page, /href="\/feeds\/regions\/east-of-england.atom"/);
  assert.match(page, /href="\/feeds"/);
  const json = (await get('/local-authorities/north-northamptonshire.json')).json();
  assert.match(json.latest.summary.text, /This is North Northamptonshire’s first full inspection in the record\. At the last full inspection of the council it replaced in 2021, Northamptonshire was graded inadequate for leadership, management and governance in 2019\. That is up from Northamptonshire’s grade\./);
  assert.match(json.latest.summary.text, /From 1 April 2026, Ofsted gives no overall grade/);
});

test('Atom feeds for all reports, a region and a council carry each report’s summary; /feeds lists them', async () => {
  for (const url of ['/feeds/reports.atom', '/feeds/regions/east-of-england.atom', '/local-authorities/southend-on-sea/reports.atom']) {
    const r = await get(url);
    assert.equal(r.statusCode, 200, url);
    assert.match(r.headers['content-type'] as string, /application\/atom\+xml/);
    assert.match(r.body, /<summary type="text">Southend-on-Sea: overall effectiveness requires improvement to be good, down from good in 2019<\/summary>/, url);
    assert.match(r.body, /<content type="text">In Southend-on-Sea, Ofsted’s inspection of children’s services graded overall effectiveness as “requires improvement to be good”/, url);
  }
  const region = (await get('/feeds/regions/east-of-england.atom')).body;
  assert.doesNotMatch(region, /Northamptonshire/, 'a region’s feed holds only its councils’ reports');
  const bad = await get('/feeds/regions/atlantis.atom');
  assert.equal(bad.statusCode, 404);
  assert.match(bad.json().message, /There is no region with the address "atlantis"\. Regions: .*east-of-england/);
  const feeds = (await get('/feeds.json')).json();
  assert.equal(feeds.all.url, '/feeds/reports.atom');
  assert.ok(feeds.regions.some((r: { slug: string }) => r.slug === 'east-of-england'));
  assert.ok(feeds.authorities.some((a: { url: string }) => a.url === '/local-authorities/thurrock/reports.atom'));
  const html = (await get('/feeds')).body;
  assert.match(html, /<h1 class="govuk-heading-xl">Feeds<\/h1>/);
  assert.match(html, /href="\/feeds\/regions\/east-of-england.atom"/);
});
