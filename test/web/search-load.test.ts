// Searches under load: one client's burst is limited (as many at once, and
// per minute on the page as on its twins), the same search spelled another
// way is answered from the cache, results never push the site's pages out
// of theirs, and a search the store cannot run now is a 503 with Retry-After.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../src/web/index.ts';
import { Site } from '../../src/web/site.ts';
import { SEARCHES_AT_ONCE } from '../../src/web/routes/search.ts';
import { SearchBusyError, type SearchPage, type Store } from '../../src/store/index.ts';
import { openTestStore, type TestStore } from './fixtures.ts';

let t: TestStore;
before(async () => {
  t = await openTestStore();
});
after(async () => t.cleanup());

/** The store's search, counted and held until released, so requests can be kept in flight. */
function heldSearch(store: Store) {
  const calls: string[] = [];
  let release: () => void = () => {};
  let gate = new Promise<void>((r) => (release = r));
  return {
    calls,
    open() {
      release();
      gate = Promise.resolve();
    },
    search: async (...args: Parameters<Store['search']>): Promise<SearchPage> => {
      calls.push(args[0]);
      await gate;
      return store.search(...args);
    },
  };
}

test(`one address gets at most ${SEARCHES_AT_ONCE} searches at once; others get 429 at once, and another address is served`, async () => {
  const held = heldSearch(t.store);
  const app = await buildServer({ store: { ...t.store, search: held.search }, trustProxy: true, apiRateLimit: 10_000 });
  try {
    const from = (ip: string, q: string, path = '/search') => app.inject({ url: `${path}?q=${q}`, headers: { 'x-forwarded-for': ip } });
    const burst = Array.from({ length: 10 }, (_, i) => from('10.0.0.1', `homeless${i}`, i % 2 ? '/search' : '/search.json'));
    // Give the first requests time to reach the (held) search.
    while (held.calls.length < SEARCHES_AT_ONCE) await new Promise((r) => setTimeout(r, 5));
    const other = from('10.0.0.2', 'care');
    while (held.calls.length < SEARCHES_AT_ONCE + 1) await new Promise((r) => setTimeout(r, 5));
    held.open();
    const answers = await Promise.all(burst);
    const codes = answers.map((r) => r.statusCode);
    assert.equal(codes.filter((c) => c === 200).length, SEARCHES_AT_ONCE, codes.join(' '));
    assert.equal(codes.filter((c) => c === 429).length, 10 - SEARCHES_AT_ONCE);
    const refused = answers.find((r) => r.statusCode === 429)!;
    assert.match(refused.body, /at most 4 at a time from one address/);
    assert.equal(refused.headers['retry-after'], '1');
    assert.equal((await other).statusCode, 200, 'another client is not held up');
    // Once they are done, the same address may search again.
    assert.equal((await from('10.0.0.1', 'again')).statusCode, 200);
  } finally {
    await app.close();
  }
});

test('the HTML search is rate limited per client, like its JSON twin', async () => {
  const app = await buildServer({ store: t.store, apiRateLimit: 3 });
  try {
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await app.inject(`/search?q=word${i}`)).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 429, 429]);
    const limited = await app.inject('/search?q=word9');
    assert.match(String(limited.headers['content-type']), /text\/html/);
    assert.match(limited.body, /Too many requests/);
    assert.equal((await app.inject('/local-authorities/thurrock')).statusCode, 200, 'pages are not limited');
  } finally {
    await app.close();
  }
});

test('the same search by another spelling of its address is answered from the cache', async () => {
  const held = heldSearch(t.store);
  held.open();
  const app = await buildServer({ store: { ...t.store, search: held.search }, apiRateLimit: 10_000 });
  try {
    const a = await app.inject('/search.json?q=homeless&kind=improvement');
    const b = await app.inject('/search.json?kind=improvement&q=homeless');
    const c = await app.inject('/search.json?q=%20homeless%20&kind=improvement&page=1&grade=');
    assert.equal(held.calls.length, 1, 'one search for three spellings');
    assert.equal(b.body, a.body);
    assert.equal(c.body, a.body);
    await app.inject('/search.json?q=homeless&kind=improvement&page=2');
    assert.equal(held.calls.length, 2, 'another page is another search');
  } finally {
    await app.close();
  }
});

test('search results have their own cache budget: a stream of distinct searches keeps the pages cached', async () => {
  const site = new Site(t.store, { versionTtlMs: 60_000, cacheBytes: 10_000, searchCacheBytes: 2_000 });
  let pagesMade = 0;
  const page = () => {
    pagesMade++;
    return { body: 'p'.repeat(1000), type: 'text/html' };
  };
  await site.cached('/local-authorities/thurrock', page);
  for (let i = 0; i < 100; i++) await site.cached(`search ${i}`, () => ({ body: 's'.repeat(500), type: 'text/html' }), 'search');
  await site.cached('/local-authorities/thurrock', page);
  assert.equal(pagesMade, 1, 'the page stayed cached');
  assert.equal(site.cachedCount('search'), 4, 'the search budget holds 4 results of 500 bytes');
});

test('a search the store cannot run now is a 503 with Retry-After and a message, not an error page with a stack', async () => {
  const busy = async (): Promise<SearchPage> => {
    throw new SearchBusyError('The service is answering many searches just now. Try again in a few seconds.', 7);
  };
  const app = await buildServer({ store: { ...t.store, search: busy } });
  try {
    const html = await app.inject('/search?q=homeless');
    assert.equal(html.statusCode, 503);
    assert.equal(html.headers['retry-after'], '7');
    assert.match(html.body, /answering many searches just now/);
    const json = await app.inject('/search.json?q=homeless');
    assert.equal(json.statusCode, 503);
    assert.match(JSON.parse(json.body).message, /Try again in a few seconds/);
    assert.equal(JSON.parse(json.body).error, 'Service Unavailable');
  } finally {
    await app.close();
  }
});
