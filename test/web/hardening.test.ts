// Hostile and careless requests: malformed addresses, other methods, odd
// spellings of numbers, forged Host headers, formula-shaped text in CSV;
// and the headers that let other sites use the data (CORS) and keep
// browsers on HTTPS (HSTS).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/web/index.ts';
import { looksLikeFormula, toCsv } from '../../src/web/csv.ts';
import { checkPublicUrl, parseAllowedHosts } from '../../src/web/links.ts';
import { openTestStore, type TestStore } from './fixtures.ts';

let t: TestStore;
let app: FastifyInstance;
let id: number;

before(async () => {
  t = await openTestStore();
  app = await buildServer({ store: t.store, versionTtlMs: 0, apiRateLimit: 10_000 });
  id = t.reportIds[0]!;
});
after(async () => {
  await app.close();
  await t.cleanup();
});

const NO_STACK = /at .*\.(ts|js):\d+/;

function assertSecurityHeaders(r: { headers: Record<string, unknown> }, what: string): void {
  assert.match(String(r.headers['content-security-policy']), /default-src 'self'/, `${what}: CSP`);
  assert.equal(r.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`);
  assert.equal(r.headers['x-frame-options'], 'DENY', `${what}: frame options`);
}

describe('malformed addresses get the service’s own error, with its headers', () => {
  test('bad percent-encoding: an HTML page on page routes, JSON on data routes', async () => {
    const page = await app.inject(`/reports/%E0%A4%A`);
    assert.equal(page.statusCode, 400);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(page.body, /There is a problem with the request/);
    assert.match(page.body, /malformed %-escape/);
    assertSecurityHeaders(page, 'bad escape page');
    // In a query a malformed escape is kept as written (the parser is lenient): still a normal page.
    const search = await app.inject('/search?q=%zz');
    assert.equal(search.statusCode, 200);
    assertSecurityHeaders(search, 'bad escape in a query');
    const json = await app.inject('/local-authorities/%E0%A4%A.json');
    assert.equal(json.statusCode, 400);
    assert.match(String(json.headers['content-type']), /application\/json/);
    assert.match(JSON.parse(json.body).message, /malformed %-escape/);
    assertSecurityHeaders(json, 'bad escape JSON');
    assert.doesNotMatch(page.body + json.body, /FST_ERR/);
    assert.doesNotMatch(page.body + json.body, NO_STACK);
  });

  test('an over-long address part: 414 with the error page and headers', async () => {
    const r = await app.inject(`/local-authorities/${'a'.repeat(500)}`);
    assert.equal(r.statusCode, 414);
    assert.match(String(r.headers['content-type']), /text\/html/);
    assert.match(r.body, /too long/);
    assertSecurityHeaders(r, 'over-long');
    assert.doesNotMatch(r.body, /FST_ERR/);
  });
});

/** Sends raw bytes to a listening server and returns what comes back. */
async function raw(server: FastifyInstance, request: string): Promise<string> {
  const address = server.server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const socket = net.connect(address.port, '127.0.0.1', () => socket.write(request));
    let out = '';
    socket.on('data', (d) => (out += d.toString()));
    socket.on('close', () => resolve(out));
    // The server may close while the client is still sending (headers too large): what it said is still the answer.
    socket.on('error', (err) => (out ? resolve(out) : reject(err)));
  });
}

describe('requests Node cannot parse', () => {
  test('a malformed request or over-large headers: a JSON error with the security headers, on the socket', async () => {
    const server = await buildServer({ store: t.store });
    await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const malformed = await raw(server, 'GET / HTTP/1.1\r\nHost: localhost\r\nNot a header\r\n\r\n');
      assert.match(malformed, /^HTTP\/1\.1 400 Bad Request\r\n/);
      assert.match(malformed, /content-security-policy: default-src 'self'/);
      assert.match(malformed, /x-content-type-options: nosniff/);
      assert.match(malformed, /"message":"The request could not be understood\."/);
      const huge = await raw(server, `GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
      assert.match(huge, /^HTTP\/1\.1 431 /);
      assert.match(huge, /x-frame-options: DENY/);
    } finally {
      await server.close();
    }
  });
});

describe('methods', () => {
  test('other methods on a readable address get 405 with Allow, in the route’s own format', async () => {
    for (const url of ['/', `/reports/${id}`, '/search', '/search.json', '/local-authorities/thurrock.csv', '/feeds/reports.atom', '/healthz', '/static/app.css']) {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'] as const) {
        const r = await app.inject({ method, url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=1' });
        assert.equal(r.statusCode, 405, `${method} ${url}`);
        assert.equal(r.headers.allow, 'GET, HEAD, OPTIONS', `${method} ${url}`);
        assertSecurityHeaders(r, `${method} ${url}`);
        if (url === '/' || url === '/search') assert.match(r.body, /can only be read/);
      }
    }
    const json = await app.inject({ method: 'POST', url: '/search.json' });
    assert.equal(JSON.parse(json.body).error, 'Method Not Allowed');
    // A body the server would refuse to read still gets 405, not 413 or 415.
    const big = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/x-evil' }, payload: 'x'.repeat(100_000) });
    assert.equal(big.statusCode, 405);
  });

  test('OPTIONS says what is allowed; an unknown address is still 404 whatever the method', async () => {
    const r = await app.inject({ method: 'OPTIONS', url: '/search.json' });
    assert.equal(r.statusCode, 204);
    assert.equal(r.headers.allow, 'GET, HEAD, OPTIONS');
    assert.equal(r.headers['access-control-allow-origin'], '*');
    const missing = await app.inject({ method: 'POST', url: '/no/such/thing' });
    assert.equal(missing.statusCode, 404);
  });
});

describe('one address per resource', () => {
  test('a report id is written in digits only: other spellings are not the report', async () => {
    assert.equal((await app.inject(`/reports/${id}`)).statusCode, 200);
    for (const spelling of [`0x${id.toString(16)}`, `${id}.0`, `%20${id}`, `0${id}`, `+${id}`, `${id}e0`, `${id}%20`]) {
      for (const suffix of ['', '.json']) {
        const r = await app.inject(`/reports/${spelling}${suffix}`);
        assert.equal(r.statusCode, 404, `/reports/${spelling}${suffix}`);
        assertSecurityHeaders(r, spelling);
      }
    }
    const page = await app.inject(`/reports/0x${id.toString(16)}`);
    assert.match(page.body, /written in digits only/);
  });

  test('a trailing slash is sent to the address without it, never to another site', async () => {
    const r = await app.inject(`/reports/${id}/`);
    assert.equal(r.statusCode, 301);
    assert.equal(r.headers.location, `/reports/${id}`);
    assertSecurityHeaders(r, 'redirect');
    const q = await app.inject('/search/?q=homeless&page=1');
    assert.equal(q.statusCode, 301);
    assert.equal(q.headers.location, '/search?q=homeless&page=1');
    for (const url of ['//evil.example/', '/\\evil.example/', '//evil.example//', '/%5Cevil.example/']) {
      const e = await app.inject(url);
      assert.ok(!String(e.headers.location ?? '').match(/^\/[/\\]/), `${url} must not redirect off the site (got ${String(e.headers.location)})`);
    }
  });

  test('a query the page does not read is not part of its cache key', async () => {
    let loads = 0;
    const counting = await buildServer({
      store: {
        ...t.store,
        reportSections: async (reportId: number) => {
          loads++;
          return t.store.reportSections(reportId);
        },
      },
    });
    try {
      for (let i = 0; i < 20; i++) assert.equal((await counting.inject(`/reports/${id}?junk=${i}`)).statusCode, 200);
      assert.equal((await counting.inject(`/reports/${id}`)).statusCode, 200);
      assert.equal(loads, 1, 'one page, made once');
    } finally {
      await counting.close();
    }
  });

  test('numbers in the query are written in digits only too', async () => {
    assert.equal((await app.inject('/search.json?q=homeless&page=1')).statusCode, 200);
    for (const v of ['0x1', '1.0', '%201', '01', '1e0']) {
      const r = await app.inject(`/search.json?q=homeless&page=${v}`);
      assert.equal(r.statusCode, 400, v);
      assert.match(JSON.parse(r.body).message, /"page" must be a whole number/);
    }
    assert.equal((await app.inject('/search.json?q=homeless&yearFrom=2019.0')).statusCode, 400);
  });
});

describe('links are never built from the Host header', () => {
  const forged = { host: 'evil.example' };
  test('without a public address: loopback names are used, any other host is not', async () => {
    for (const url of ['/feeds/reports.atom', '/local-authorities/southend-on-sea/reports.atom', '/downloads/latest.csv', '/downloads/history.csv']) {
      const r = await app.inject({ url, headers: forged });
      assert.equal(r.statusCode, 200, url);
      assert.doesNotMatch(r.body, /evil\.example/, url);
      assert.match(r.body, /http:\/\/localhost/, url);
    }
    const local = await app.inject({ url: '/feeds/reports.atom', headers: { host: 'localhost:3000' } });
    assert.match(local.body, /<id>http:\/\/localhost:3000\/feeds\/reports\.atom<\/id>/);
    const odd = await app.inject({ url: '/feeds/reports.atom', headers: { host: 'localhost:3000"><x' } });
    assert.doesNotMatch(odd.body, /<x|&quot;&gt;/);
  });

  test('a public address, or a host on the allow-list, is used as configured', async () => {
    const pub = await buildServer({ store: t.store, publicUrl: 'https://ilacs.example.org/', apiRateLimit: 10_000 });
    const allowed = await buildServer({ store: t.store, allowedHosts: parseAllowedHosts('ilacs.example.org, data.example.org:8443'), apiRateLimit: 10_000 });
    try {
      const r = await pub.inject({ url: '/feeds/reports.atom', headers: forged });
      assert.match(r.body, /<id>https:\/\/ilacs\.example\.org\/feeds\/reports\.atom<\/id>/);
      assert.doesNotMatch(r.body, /evil/);
      const csv = await pub.inject({ url: '/downloads/history.csv', headers: forged });
      assert.match(csv.body, /https:\/\/ilacs\.example\.org\/reports\/\d+/);
      assert.match((await allowed.inject({ url: '/feeds/reports.atom', headers: { host: 'data.example.org:8443' } })).body, /<id>http:\/\/data\.example\.org:8443\//);
      assert.match((await allowed.inject({ url: '/feeds/reports.atom', headers: { host: 'ILACS.example.org' } })).body, /<id>http:\/\/ilacs\.example\.org\//);
      assert.doesNotMatch((await allowed.inject({ url: '/feeds/reports.atom', headers: forged })).body, /evil/);
    } finally {
      await pub.close();
      await allowed.close();
    }
  });

  test('PUBLIC_URL and ALLOWED_HOSTS are checked', () => {
    assert.equal(checkPublicUrl('https://ilacs.example.org/'), 'https://ilacs.example.org');
    assert.equal(checkPublicUrl('https://example.org/ilacs/'), 'https://example.org/ilacs');
    assert.throws(() => checkPublicUrl('ftp://x'), /must start with https/);
    assert.throws(() => checkPublicUrl('not a url'), /not an address/);
    assert.throws(() => checkPublicUrl('https://x.org/?a=1'), /plain address/);
    assert.deepEqual(parseAllowedHosts(' A.example.org,b.example.org:8080 '), ['a.example.org', 'b.example.org:8080']);
    assert.deepEqual(parseAllowedHosts(undefined), []);
    assert.throws(() => parseAllowedHosts('a.org/path'), /not a host name/);
  });
});

describe('CSV formula guard', () => {
  test('looks through spaces, non-breaking spaces and control characters', () => {
    const risky = ['=1+1', '+1', '-1', '@SUM(A1)', '  =HYPERLINK("http://x")', '\u00a0=1', '\u2007+1', '\u3000@x', '\n=1', '\r\n-1', '\t=1', '\u0000=1', '\u200b=1', '\ufeff=1', ' \u00a0\t\n=1', '\t', '\r'];
    for (const s of risky) {
      assert.ok(looksLikeFormula(s), JSON.stringify(s));
      const out = toCsv(['h'], [[s]]).split('\r\n').slice(1).join('\r\n');
      assert.match(out, /^"?'/, `${JSON.stringify(s)} is written as text`);
    }
    for (const s of ['16- and 17-year-olds', ' 16 and 17', 'a=b', 'Good', '']) assert.ok(!looksLikeFormula(s), JSON.stringify(s));
    assert.equal(toCsv(['n'], [[-1]]), 'n\r\n-1\r\n', 'numbers are numbers');
  });
});

describe('who may read the data', () => {
  test('public JSON, CSV, feeds and downloads allow any origin; pages do not', async () => {
    for (const url of ['/index.json', '/search.json?q=homeless', '/local-authorities.csv', '/feeds/reports.atom', '/downloads/latest.csv', '/downloads/latest.xlsx', '/api/openapi.json', '/reports/999999.json', '/healthz']) {
      const r = await app.inject(url);
      assert.equal(r.headers['access-control-allow-origin'], '*', url);
    }
    for (const url of ['/', '/search?q=homeless', `/reports/${id}`]) {
      assert.equal((await app.inject(url)).headers['access-control-allow-origin'], undefined, url);
    }
  });

  test('HSTS only over HTTPS (directly, through a trusted proxy, or an https public address)', async () => {
    assert.equal((await app.inject('/')).headers['strict-transport-security'], undefined);
    assert.equal((await app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security'], undefined, 'an untrusted header is ignored');
    const proxied = await buildServer({ store: t.store, trustProxy: true });
    const pub = await buildServer({ store: t.store, publicUrl: 'https://ilacs.example.org' });
    try {
      assert.match(String((await proxied.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']), /max-age=\d{7,}/);
      assert.equal((await proxied.inject({ url: '/', headers: { 'x-forwarded-proto': 'http' } })).headers['strict-transport-security'], undefined);
      const err = await pub.inject('/reports/%E0%A4%A');
      assert.match(String(err.headers['strict-transport-security']), /max-age=/, 'error responses too');
    } finally {
      await proxied.close();
      await pub.close();
    }
  });
});
