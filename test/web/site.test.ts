import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Site } from '../../src/web/site.ts';
import { openTestStore, type TestStore } from './fixtures.ts';

let t: TestStore;
before(async () => {
  t = await openTestStore();
});
after(async () => {
  await t.cleanup();
});

test('rendered pages are made once per data version, and made again when the data changes', async () => {
  const site = new Site(t.store, { versionTtlMs: 0 });
  let made = 0;
  const make = () => {
    made++;
    return { body: `page ${made}`, type: 'text/plain' };
  };
  const a = await site.cached('k', make);
  const b = await site.cached('k', make);
  assert.equal(made, 1);
  assert.equal(a.etag, b.etag);
  await t.store.setMeta('data_refreshed_at', '2031-01-01T00:00:00Z');
  const c = await site.cached('k', make);
  assert.equal(made, 2);
  assert.notEqual(c.etag, a.etag);
});

test('the page cache stays within its byte budget, dropping the oldest first', async () => {
  const site = new Site(t.store, { versionTtlMs: 60_000, cacheBytes: 250 });
  const made: string[] = [];
  const make = (key: string) => () => {
    made.push(key);
    return { body: 'x'.repeat(100), type: 'text/plain' };
  };
  for (const k of ['a', 'b', 'c']) await site.cached(k, make(k));
  await site.cached('c', make('c'));
  await site.cached('b', make('b'));
  await site.cached('a', make('a'));
  assert.deepEqual(made, ['a', 'b', 'c', 'a'], 'a was evicted to make room for c; b and c stayed');
});

test('concurrent requests for a page not yet cached render it once', async () => {
  const site = new Site(t.store, { versionTtlMs: 60_000 });
  let made = 0;
  const make = async () => {
    made++;
    await new Promise((r) => setTimeout(r, 20));
    return { body: 'slow page', type: 'text/plain' };
  };
  const all = await Promise.all(Array.from({ length: 10 }, () => site.cached('slow', make)));
  assert.equal(made, 1);
  assert.ok(all.every((e) => e.etag === all[0]?.etag));
});
