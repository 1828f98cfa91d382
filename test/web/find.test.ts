import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testSite } from './fixtures.ts';

const site = testSite();
const get = site.get;

test('case and spelling variants of a council’s address redirect to its one address, keeping the twin and the query', async () => {
  const cases: [string, string][] = [
    ['/local-authorities/Southend-on-Sea', '/local-authorities/southend-on-sea'],
    ['/local-authorities/southend%20on%20sea.json?x=1', '/local-authorities/southend-on-sea.json?x=1'],
    ['/local-authorities/SOUTHEND-ON-SEA/reports.atom', '/local-authorities/southend-on-sea/reports.atom'],
    ['/local-authorities/hull', '/local-authorities/kingston-upon-hull'],
    ['/local-authorities/St.%20Helens', '/local-authorities/st-helens'],
    ['/local-authorities/Birmingham%20City%20Council', '/local-authorities/birmingham'],
  ];
  for (const [from, to] of cases) {
    const r = await get(from);
    assert.equal(r.statusCode, 301, from);
    assert.equal(r.headers.location, to, from);
  }
});

test('an unknown name gets a 404 naming the nearest councils; the name box form goes straight to a council', async () => {
  const r = await get('/local-authorities/southend-sea');
  assert.equal(r.statusCode, 404);
  assert.match(r.body, /Did you mean Southend-on-Sea \(\/local-authorities\/southend-on-sea\)\?/);
  const json = await get('/local-authorities/leds.json');
  assert.equal(json.statusCode, 404);
  assert.match(json.json().message, /Did you mean Leeds/);
  const go = await get('/find?name=Leeds');
  assert.equal(go.statusCode, 302);
  assert.equal(go.headers.location, '/local-authorities/leeds');
  assert.equal((await get('/find?name=southend-on-sea')).headers.location, '/local-authorities/southend-on-sea');
  assert.equal((await get('/find?name=zzzzzz')).statusCode, 404);
});

test('/index.json?region= filters the authorities and reports; map areas link to their councils', async () => {
  const all = (await get('/index.json')).json();
  const east = (await get('/index.json?region=east%20of%20england')).json();
  assert.equal(east.region, 'East of England');
  assert.ok(east.authorities.length < all.authorities.length);
  assert.ok(east.authorities.every((a: { authority: { region: string } }) => a.authority.region === 'East of England'));
  assert.ok(east.newestReports.every((r: { authority: { region: string } }) => r.authority.region === 'East of England'));
  assert.equal((await get('/index.json?region=Atlantis')).statusCode, 400);
  const home = await get('/');
  assert.match(home.body, /<a href="\/local-authorities\/southend-on-sea" aria-label="Southend-on-Sea: Requires improvement to be good"><path/);
});

test('compare takes a council and all ten neighbours, and draws England and region average lines', async () => {
  const slugs = ['southend-on-sea', 'thurrock', 'essex', 'kent', 'medway', 'luton', 'swindon', 'bedford', 'milton-keynes', 'peterborough', 'north-somerset'];
  const r = await get(`/compare.json?${slugs.map((s) => `la=${s}`).join('&')}`);
  assert.equal(r.statusCode, 200);
  const d = r.json();
  assert.equal(d.authorities.length, 11);
  assert.deepEqual(d.averages.map((a: { scope: string }) => a.scope), ['England', 'East of England', 'South East', 'South West']);
  const england = d.averages[0].points.find((p: { date: string }) => p.date === '2020-03-31');
  // Southend good (1) and Northamptonshire inadequate (3): average 2.
  assert.equal(england.level, 2);
  assert.equal((await get(`/compare.json?${[...slugs, 'leeds'].map((s) => `la=${s}`).join('&')}`)).statusCode, 400);
  const page = await get(`/compare?${slugs.map((s) => `la=${s}`).join('&')}`);
  assert.match(page.body, /England average \(overall effectiveness\)/);
  const authority = await get('/local-authorities/southend-on-sea');
  const link = /href="(\/compare\?la=southend-on-sea[^"]*)">Compare with its (\d+) statistical neighbours/.exec(authority.body);
  assert.ok(link);
  assert.equal(link[1]!.split('la=').length - 1, 1 + Number(link[2]));
  assert.equal(Number(link[2]), 10);
});
