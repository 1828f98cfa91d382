// Sync's own bounds, against the fake site: pages past the page limit
// (declared up front or streamed without a length) and redirects to hosts
// other than the configured site and file service are each a clear,
// recorded failure; the run goes on where it can, and its record never stays
// "running".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { DEFAULT_MAX_PAGE_BYTES } from '../../src/sync/config.ts';
import { HttpError, PoliteClient } from '../../src/sync/http.ts';
import { listingParser, providerParser } from '../../src/sync/parse.ts';
import { syncOnce } from '../../src/sync/index.ts';
import type { FakeOfstedSite } from './fake-site.ts';
import { backends, openTestStore, startSite, tempDir, testConfig } from './helpers.ts';
import { nestedBombPdf } from '../fixtures/hostile-pdf.ts';

let site: FakeOfstedSite;
/** Another host: anything reaching it was let through. */
let elsewhere: Server;
let elsewhereHits = 0;
let elsewhereUrl = '';

before(async () => {
  site = await startSite();
  elsewhere = createServer((_req, res) => {
    elsewhereHits++;
    res.writeHead(200, { 'content-type': 'application/pdf' });
    res.end('%PDF-1.4\n%%EOF\n');
  });
  // Another origin on this machine (as an internal address would be).
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereUrl = `http://localhost:${(elsewhere.address() as AddressInfo).port}`;
});
after(async () => {
  await site.stop();
  await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
});

function client(overrides: Partial<ConstructorParameters<typeof PoliteClient>[0]> = {}): PoliteClient {
  return new PoliteClient({ userAgent: 'test', spacingMs: 0, timeoutMs: 5000, retries: 2, backoffMs: 10, maxRetryAfterMs: 1000, maxBytes: 200 * 1024 * 1024, allowedOrigins: [new URL(site.siteUrl).origin], ...overrides });
}

test('the page limit fits real pages: a listing page padded to just under it is read, links and all', async () => {
  site.clearFaults();
  site.inject(site.listingPath(0), { kind: 'huge', bytes: DEFAULT_MAX_PAGE_BYTES - 1024 });
  const url = `${site.siteUrl}/search?start=0&rows=2`;
  const r = await client().getInto(url, 'text/html', { maxBytes: DEFAULT_MAX_PAGE_BYTES, sink: () => listingParser(url) });
  assert.equal(r.status, 200);
  assert.deepEqual(r.value!.map((p) => p.urn), site.providers.slice(0, 2).map((p) => p.urn));
});

test('pages are parsed as they arrive, never held whole: 64 MB through the parsers costs a fraction of that', () => {
  const chunk = Buffer.from(`<p>${'x'.repeat(64 * 1024 - 8)}</p>\n`, 'utf8');
  for (const make of [() => listingParser('https://example.org/search'), () => providerParser('https://example.org/provider/44/1')]) {
    const parser = make();
    const before = process.memoryUsage().rss;
    let peak = 0;
    parser.write(Buffer.from('<html><body><h1>Dorset</h1><a class="publication-link" href="/v1/file/123"><span class="nonvisual">Children\'s services inspection, PDF - 03 December 2024</span></a><a href="/provider/44/80559">Southend</a>'));
    for (let i = 0; i < 1024; i++) {
      parser.write(chunk);
      if (i % 64 === 0) peak = Math.max(peak, process.memoryUsage().rss - before);
    }
    const result = parser.end();
    assert.ok(Array.isArray(result) ? result.length === 1 : result.publications.length === 1);
    assert.ok(peak < 32 * 1024 * 1024, `parsing 64 MB grew memory by ${Math.round(peak / 1048576)} MB`);
  }
});

test('a page past the limit is refused: at once when its length is declared, once past the limit when streamed; never retried', async () => {
  site.clearFaults();
  const c = client();
  const path = site.providerPath(site.providers[0]!.urn);
  const url = `${site.siteUrl}${path}`;
  site.inject(path, { kind: 'huge', bytes: 200 * 1024 * 1024, declared: true }, Infinity);
  site.hugeBytesSent = 0;
  await assert.rejects(c.getInto(url, 'text/html', { maxBytes: DEFAULT_MAX_PAGE_BYTES, sink: () => listingParser(url) }), (err: unknown) => {
    assert.ok(err instanceof HttpError);
    assert.equal(err.kind, 'too_large');
    assert.equal(err.attempts, 1);
    assert.match(err.message, /the response is 209715200 bytes, more than the 4194304 allowed/);
    return true;
  });
  site.clearFaults();
  site.inject(path, { kind: 'huge', bytes: 200 * 1024 * 1024 }, Infinity);
  site.hugeBytesSent = 0;
  await assert.rejects(c.getInto(url, 'text/html', { maxBytes: DEFAULT_MAX_PAGE_BYTES, sink: () => listingParser(url) }), (err: unknown) => err instanceof HttpError && err.kind === 'too_large' && /more than the 4194304 bytes allowed/.test(err.message));
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.ok(site.hugeBytesSent < 64 * 1024 * 1024, `the client stopped reading (the server sent ${site.hugeBytesSent} bytes of 200 MB)`);
  site.clearFaults();
});

test('redirects are followed within the allowed origins only: a 302 to another host is refused and never reached', async () => {
  site.clearFaults();
  const c = client();
  const path = site.providerPath(site.providers[0]!.urn);
  // Within the site: followed.
  site.inject('/moved', { kind: 'redirect', location: path });
  const ok = await c.get(`${site.siteUrl}/moved`);
  assert.equal(ok.status, 200);
  assert.ok(ok.body.toString().includes(site.providers[0]!.name));
  // To another host: refused, whatever the status, and not retried.
  for (const status of [301, 302, 307]) {
    site.inject('/away', { kind: 'redirect', location: `${elsewhereUrl}/internal/secret`, status });
    await assert.rejects(c.get(`${site.siteUrl}/away`), (err: unknown) => {
      assert.ok(err instanceof HttpError);
      assert.equal(err.kind, 'redirect_refused');
      assert.equal(err.attempts, 1);
      assert.match(err.message, /redirected .*\/away to http:\/\/localhost:\d+, which is neither the configured site nor the file service; not followed/);
      return true;
    });
  }
  // A loop within the site ends.
  site.inject('/loop', { kind: 'redirect', location: '/loop' }, Infinity);
  await assert.rejects(c.get(`${site.siteUrl}/loop`), (err: unknown) => err instanceof HttpError && err.kind === 'too_many_redirects');
  site.clearFaults();
  assert.equal(elsewhereHits, 0);
});

for (const backend of backends()) {
  test(`sync on ${backend.name}: a huge provider page and a file redirected off-site are recorded failures, the run goes on; a huge listing stops it, recorded`, async () => {
    const created = await backend.create();
    const store = await openTestStore(created.url);
    const archive = tempDir('ilacs-sync-bounds-');
    try {
      site.clearFaults();
      site.log.length = 0;
      // A generous time limit: the page limit, not the clock, must be what ends the huge pages, even on a busy machine.
      const config = testConfig(site, archive, { timeoutMs: 20_000 });
      const [first, second] = site.providers;
      site.inject(site.providerPath(first!.urn), { kind: 'huge', bytes: 50 * 1024 * 1024 }, Infinity);
      const redirected = second!.publications[0]!;
      site.inject(site.filePath(redirected.fileId), { kind: 'redirect', location: `${elsewhereUrl}/v1/file/${redirected.fileId}` }, Infinity);
      const r = await syncOnce({ store, config });
      assert.equal(r.outcome, 'partial', r.error ?? '');
      const codes = r.failures.map((f) => f.code).sort();
      assert.deepEqual(codes, ['page_too_large', 'redirect_refused']);
      const page = r.failures.find((f) => f.code === 'page_too_large')!;
      assert.equal(page.urn, first!.urn);
      assert.match(page.message, /provider page for .* more than the 4194304 bytes allowed/);
      const file = r.failures.find((f) => f.code === 'redirect_refused')!;
      assert.equal(file.fileId, redirected.fileId);
      assert.match(file.message, /neither the configured site nor the file service; not followed/);
      assert.ok(r.filesNew > 0, 'the other providers and files were synced');
      assert.equal(elsewhereHits, 0);

      // A listing page past the limit: nothing to walk, so the run stops, recorded as failed with why.
      site.clearFaults();
      site.inject(site.listingPath(0), { kind: 'huge', bytes: 20 * 1024 * 1024 });
      const stopped = await syncOnce({ store, config });
      assert.equal(stopped.outcome, 'failed');
      assert.match(stopped.error ?? '', /^sync stopped: the provider listing .* could not be used: the response is more than the 4194304 bytes allowed/);
      const runs = await store.db.withTables<{ sync_runs: { id: number; outcome: string } }>().selectFrom('sync_runs').select(['id', 'outcome']).orderBy('id').execute();
      assert.deepEqual(runs.map((x) => x.outcome), ['partial', 'failed'], 'no run is left running');
    } finally {
      site.clearFaults();
      await store.close();
      await created.drop();
      rmSync(archive, { recursive: true, force: true });
    }
  });
}

test('a compression bomb served as a focused visit letter is a recorded too_large failure, read outside this process (as under serve --sync-every)', async () => {
  const [backend] = backends();
  const created = await backend!.create();
  const store = await openTestStore(created.url);
  const archive = tempDir('ilacs-sync-bomb-');
  const provider = site.providers[0]!;
  const bomb = { fileId: '59999999', type: "Children's services focused visit", date: '01 June 2025', bytes: Buffer.from(nestedBombPdf(4 * 1024 ** 3)) };
  provider.publications.push(bomb);
  try {
    site.clearFaults();
    const before = process.memoryUsage().rss;
    const r = await syncOnce({ store, config: testConfig(site, archive) });
    assert.equal(r.outcome, 'partial', r.error ?? '');
    assert.deepEqual(r.failures.map((f) => [f.fileId, f.code]), [[bomb.fileId, 'too_large']]);
    assert.match(r.failures[0]!.message, /compressed streams unpack to more than 64 MB/);
    assert.ok(r.filesNew > 0);
    assert.ok(process.memoryUsage().rss - before < 256 * 1024 * 1024, 'the bomb was not unpacked in this process');
  } finally {
    provider.publications.pop();
    await store.close();
    await created.drop();
    rmSync(archive, { recursive: true, force: true });
  }
});

test('a run that cannot start, or cannot save its full record, leaves no lease held and no run "running"', async () => {
  const [backend] = backends();
  const created = await backend!.create();
  const store = await openTestStore(created.url);
  const archive = tempDir('ilacs-sync-start-');
  try {
    site.clearFaults();
    const config = testConfig(site, archive);
    const rec = store.syncRecord;
    // createRun fails (a database that refuses the write): the run does not start, and says why.
    const refusing = { saveReport: store.saveReport.bind(store), syncRecord: { ...rec, createRun: () => Promise.reject(new Error('disk full')) } };
    await assert.rejects(syncOnce({ store: refusing, config }), /disk full/);
    // finishRun fails once with the full record: the outcome is still saved.
    let calls = 0;
    const flaky = {
      saveReport: store.saveReport.bind(store),
      syncRecord: {
        ...rec,
        finishRun: (...args: Parameters<typeof rec.finishRun>) => (calls++ === 0 ? Promise.reject(new Error('value too long')) : rec.finishRun(...args)),
      },
    };
    const r = await syncOnce({ store: flaky, config });
    assert.equal(calls, 2);
    const runs = await store.db.withTables<{ sync_runs: { id: number; outcome: string; error: string | null } }>().selectFrom('sync_runs').select(['id', 'outcome', 'error']).orderBy('id').execute();
    assert.equal(runs.length, 1, 'the run that could not start recorded nothing');
    assert.equal(runs[0]!.outcome, r.outcome === 'succeeded' ? 'partial' : r.outcome);
    assert.match(runs[0]!.error ?? '', /the run's full record could not be saved \(value too long\)/);
    // And the lease was released both times: a normal run goes ahead.
    assert.notEqual((await syncOnce({ store, config })).outcome, 'running');
  } finally {
    await store.close();
    await created.drop();
    rmSync(archive, { recursive: true, force: true });
  }
});
