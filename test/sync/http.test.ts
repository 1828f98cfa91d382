import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpError, parseRetryAfter, PoliteClient } from '../../src/sync/http.ts';
import { FakeOfstedSite } from './fake-site.ts';

test('Retry-After as seconds or an HTTP date', () => {
  assert.equal(parseRetryAfter('3'), 3000);
  const now = Date.parse('2025-01-01T00:00:00Z');
  assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now), 10_000);
  assert.equal(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now), 0);
  assert.equal(parseRetryAfter('soon'), null);
  assert.equal(parseRetryAfter(null), null);
});

test('the client retries 5xx with growing, jittered backoff, then gives up with a clear error; concurrent callers are queued one at a time', async () => {
  const site = new FakeOfstedSite();
  site.providers = [{ urn: '1', name: 'A', publications: [{ fileId: '7', type: 'x', date: '1 May 2020', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') }] }];
  await site.start();
  try {
    const sleeps: number[] = [];
    const client = new PoliteClient({
      userAgent: 'test',
      spacingMs: 10,
      timeoutMs: 500,
      retries: 3,
      backoffMs: 40,
      maxRetryAfterMs: 5000,
      maxBytes: 1_000_000,
      random: () => 1,
      sleep: (ms) => {
        sleeps.push(ms);
        return new Promise((r) => setTimeout(r, ms));
      },
    });
    site.inject(site.filePath('7'), { kind: 'status', status: 502 }, Infinity);
    await assert.rejects(client.get(`${site.filesUrl}/v1/file/7`), (err: unknown) => {
      assert.ok(err instanceof HttpError);
      assert.equal(err.kind, 'http_status');
      assert.equal(err.attempts, 4);
      assert.match(err.message, /HTTP 502 from the site \(gave up after 4 attempts\)/);
      return true;
    });
    // Backoff (random()=1 gives the top of each range): 40, 80, 160 ms, in that order among the spacing waits.
    const backoffs = [40, 80, 160];
    let next = 0;
    for (const ms of sleeps) if (ms === backoffs[next]) next++;
    assert.equal(next, backoffs.length, `backoff sleeps ${JSON.stringify(sleeps)}`);

    site.clearFaults();
    site.log.length = 0;
    const results = await Promise.all([1, 2, 3].map(() => client.get(`${site.siteUrl}/provider/44/1`)));
    assert.deepEqual(results.map((r) => r.status), [200, 200, 200]);
    for (let i = 1; i < site.log.length; i++) assert.ok(site.log[i]!.start >= site.log[i - 1]!.end, 'no two in flight');

    // A Retry-After beyond the limit fails rather than wait for an hour.
    site.inject(site.providerPath('1'), { kind: 'status', status: 429, retryAfter: '3600' });
    await assert.rejects(client.get(`${site.siteUrl}/provider/44/1`), /asked to wait 3600 s, longer than the 5 s allowed/);

    // A stalled response is abandoned at the time limit.
    site.inject(site.filePath('7'), { kind: 'stall' }, Infinity);
    const quick = new PoliteClient({ ...client.options, retries: 0, timeoutMs: 150, sleep: undefined, random: undefined });
    await assert.rejects(quick.get(`${site.filesUrl}/v1/file/7`), (err: unknown) => err instanceof HttpError && err.kind === 'timeout' && /timed out after 150 ms/.test(err.message));
  } finally {
    await site.stop();
  }
});
