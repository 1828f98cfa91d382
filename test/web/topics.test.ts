import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachTestSite } from './fixtures.ts';

const site = forEachTestSite((db) => `/topics on ${db}`, topicTests);

const get = site.get;

function topicTests(): void {
  test('every improvement item carries its topics; counts per year link to their items', async () => {
    const d = (await get('/topics.json')).json();
    const homeless = d.topics.find((x: { slug: string }) => x.slug === 'homeless-16-17');
    // Southend 2024 ("16- and 17-year-old children who present as homeless") and Thurrock 2025 ("homeless care leavers").
    assert.equal(homeless.total, 2);
    assert.deepEqual(homeless.byYear, { 2024: 1, 2025: 1 });
    assert.equal(d.items, 8);
    const page = await get('/topics');
    assert.match(page.body, /href="\/topics\/items\?topic=homeless-16-17&amp;year=2024">1<span class="govuk-visually-hidden"> items on 16- and 17-year-olds who present as homeless in 2024/);
    const items = (await get('/topics/items.json?topic=homeless-16-17&year=2024')).json();
    assert.equal(items.count, 1);
    assert.equal(items.items[0].authority.slug, 'southend-on-sea');
    assert.match(items.items[0].text, /present as homeless/);
  });

  test('National Framework tags are normalised to codes and filter the items', async () => {
    const d = (await get('/topics.json')).json();
    assert.deepEqual(d.nationalFramework.map((n: { code: string; total: number }) => [n.code, n.total]), [['outcome-3', 2]]);
    const items = (await get('/topics/items.json?nf=outcome-3')).json();
    assert.equal(items.count, 2);
    assert.ok(items.items.every((i: { tag: string; nationalFramework: string }) => i.tag === '(Outcome 3, National Framework)' && i.nationalFramework === 'outcome-3'));
    const csv = (await get('/topics/items.csv?nf=outcome-3')).body.split('\r\n');
    assert.equal(csv[0], 'report_id,authority_slug,authority,region,framework,framework_name,year,list,page,text,tag,national_framework,national_framework_label,topics');
    assert.match(csv[1]!, /,outcome-3,Outcome 3: Children and young people are safe in and outside of their homes,/);
  });

  test('search filters by National Framework code: only improvement items tagged with it, in any printed form, in the page, JSON and CSV', async () => {
    const all = (await get('/search.json?q=homeless&group=passage')).json();
    assert.ok(all.results.some((r: { kind: string }) => r.kind !== 'improvement'), 'the words are in report text too');
    const tagged = (await get('/search.json?q=homeless&group=passage&nf=outcome-3')).json();
    assert.equal(tagged.filters.nf, 'outcome-3');
    assert.deepEqual(tagged.results.map((r: { kind: string; authority: { slug: string } }) => [r.kind, r.authority.slug]).sort(), [['improvement', 'southend-on-sea'], ['improvement', 'thurrock']]);
    // Items with the words but no such tag are left out; a code no item carries finds nothing.
    const none = await get('/search.json?q=supervision&nf=outcome-3');
    assert.equal(none.json().total, 0, none.body);
    assert.equal((await get('/search.json?q=homeless&nf=enabler-2')).json().total, 0);
    const csv = (await get('/search.csv?q=homeless&group=passage&nf=outcome-3')).body.trim().split('\r\n');
    assert.equal(csv.length, 3);
    const page = await get('/search?q=homeless&nf=outcome-3');
    assert.match(page.body, /<option value="outcome-3" selected>Outcome 3: Children and young people are safe/);
    const bad = await get('/search.json?q=homeless&nf=outcome-99');
    assert.equal(bad.statusCode, 400);
  });

  test('a topic page counts by year and by council; the taxonomy is published; unknown topics are refused', async () => {
    const p = (await get('/topics/homeless-16-17.json')).json();
    assert.equal(p.topic.name, '16- and 17-year-olds who present as homeless');
    assert.deepEqual(p.byCouncil.map((c: { slug: string; count: number }) => [c.slug, c.count]), [['southend-on-sea', 1], ['thurrock', 1]]);
    const html = await get('/topics/homeless-16-17');
    assert.match(html.body, /href="\/topics\/items\?topic=homeless-16-17&amp;authority=thurrock"/);
    const tax = await get('/topics/taxonomy.json');
    assert.equal(tax.statusCode, 200);
    assert.ok(tax.json().topics.length >= 30);
    assert.equal((await get('/topics/no-such-topic')).statusCode, 404);
    assert.equal((await get('/topics/items.json?topic=no-such-topic')).statusCode, 400);
    assert.equal((await get('/topics/items.json?nf=outcome-x')).statusCode, 400);
  });
}
