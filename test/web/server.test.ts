import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildServer } from '../../src/web/index.ts';
import { HOSTILE, forEachTestSite } from './fixtures.ts';

// The whole suite runs on SQLite and, when a test server is configured, PostgreSQL.
const site = forEachTestSite((db) => `web service on ${db}`, webTests);

const get = site.get;

function webTests(): void {
  test('the national page shows counts, the map with attribution, the distribution and the newest reports', async () => {
    const r = await get('/');
    assert.equal(r.statusCode, 200);
    assert.match(r.headers['content-type'] as string, /text\/html/);
    assert.match(r.body, /<svg class="app-map"/);
    assert.match(r.body, /Contains OS data © Crown copyright and database right 2023/);
    assert.match(r.body, /Open Government Licence v3.0/);
    assert.match(r.body, /independent of Ofsted/i);
    assert.match(r.body, /Data last refreshed: <time datetime="\d{4}-/);
    assert.match(r.body, /Requires improvement to be good/);
    assert.match(r.body, /href="\/local-authorities\/southend-on-sea"/);
    assert.doesNotMatch(r.body, /GDS Transport|govuk-logo|govuk-header__logotype/);
    const json = JSON.parse((await get('/index.json')).body);
    assert.equal(json.authorities.length, 153);
    const total = json.latestGradeCounts.reduce((n: number, c: { count: number }) => n + c.count, 0);
    assert.equal(total, 153);
    assert.ok(json.distributionByYear.some((d: { year: number; counts: { inadequate: number } }) => d.year === 2016 && d.counts.inadequate === 1));
  });

  test('every page escapes what the record holds', async () => {
    for (const url of ['/local-authorities/southend-on-sea', `/reports/${site.t.reportIds[0]}`, '/search?q=escaping']) {
      const r = await get(url);
      assert.equal(r.statusCode, 200, url);
      assert.ok(!r.body.includes(HOSTILE) && !r.body.includes('<script>alert'), `${url} printed the hostile text unescaped`);
      // Search snippets are cut by the database (PostgreSQL's may drop tag-like words), so only the pages are checked for the escaped text.
      if (!url.startsWith('/search')) assert.ok(r.body.includes('&lt;script&gt;'), `${url} should show the text, escaped`);
    }
  });

  test('the authority list filters, sorts and has JSON and CSV twins', async () => {
    const all = JSON.parse((await get('/local-authorities.json')).body);
    assert.equal(all.count, 153);
    const ri = JSON.parse((await get('/local-authorities.json?grade=requires_improvement')).body);
    assert.deepEqual(ri.authorities.map((a: { authority: { slug: string } }) => a.authority.slug), ['southend-on-sea']);
    const east = JSON.parse((await get('/local-authorities.json?region=east%20of%20england&sort=grade')).body);
    assert.ok(east.authorities.every((a: { authority: { region: string } }) => a.authority.region === 'East of England'));
    assert.equal(east.authorities[0].authority.slug, 'thurrock', 'graded best first');
    const desc = JSON.parse((await get('/local-authorities.json?sort=name&order=desc')).body);
    assert.ok(desc.authorities[0].authority.name.localeCompare(desc.authorities[1].authority.name) > 0);
    const csv = await get('/local-authorities.csv?grade=good');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    assert.match(lines[0] ?? '', /^urn,la_code,slug,name/);
    assert.equal(lines.length, 1 + 2, 'Thurrock and North Northamptonshire are good');
    const html = await get('/local-authorities?type=unitary');
    assert.equal(html.statusCode, 200);
    assert.match(html.body, /Southend-on-Sea/);
  });

  test('an authority page shows every inspection, items, neighbours and inherited history', async () => {
    const r = await get('/local-authorities/southend-on-sea');
    assert.equal(r.statusCode, 200);
    for (const s of ['Single inspection framework', 'Inspection of local authority children’s services (2018)', 'Inspection of local authority children’s services (2023)']) assert.ok(r.body.includes(s), s);
    assert.match(r.body, /What needs to improve/);
    assert.match(r.body, /16- and 17-year-old children who present as homeless/);
    assert.match(r.body, /Statistical neighbours/);
    assert.match(r.body, /<svg class="app-chart"/);
    const json = JSON.parse((await get('/local-authorities/southend-on-sea.json')).body);
    assert.equal(json.reports.length, 3);
    assert.equal(json.latest.framework, 'ILACS2023');
    assert.ok(json.neighbours.length > 0);
    const north = JSON.parse((await get('/local-authorities/north-northamptonshire.json')).body);
    assert.equal(north.predecessors[0].authority.slug, 'northamptonshire');
    assert.equal(north.predecessors[0].reports[0].framework, 'SIF');
    const page = await get('/local-authorities/north-northamptonshire');
    assert.match(page.body, /History inherited from Northamptonshire/);
    assert.match(page.body, /Impact of leaders \(no overall grade from 2026\)/);
  });

  test('a report page gives each judgement its words, page and a link to the PDF at that page', async () => {
    const id = site.t.reportIds[0];
    const r = await get(`/reports/${id}`);
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /href="https:\/\/files\.ofsted\.gov\.uk\/v1\/file\/5000000#page=2"/);
    assert.match(r.body, /Page 2: “overall line 5: requires_improvement”/);
    assert.match(r.body, /National Framework tag: \(Outcome 3, National Framework\)/);
    assert.match(r.body, /Headline findings/);
    const json = JSON.parse((await get(`/reports/${id}.json`)).body);
    assert.equal(json.report.judgements.length, 5);
    assert.equal(json.report.judgements[0].pdfUrl, 'https://files.ofsted.gov.uk/v1/file/5000000#page=2');
    assert.equal(json.sections.length, 2);
    const sif = JSON.parse((await get(`/reports/${site.t.reportIds[2]}.json`)).body);
    assert.equal(sif.report.improvements.filter((i: { list: string }) => i.list === 'lscb').length, 1);
  });

  test('search finds items and text, highlights matches, filters and pages', async () => {
    const json = JSON.parse((await get('/search.json?q=homeless')).body);
    assert.ok(json.passageTotal >= 3, `found ${json.passageTotal}`);
    assert.equal(json.groupBy, 'report', 'one row per report by default');
    assert.equal(json.total, 2, 'two reports mention it');
    assert.ok(json.results.some((h: { snippet: { match: boolean }[] }) => h.snippet.some((p) => p.match)));
    const filtered = JSON.parse((await get('/search.json?q=homeless&authority=thurrock')).body);
    assert.ok(filtered.total >= 1);
    assert.ok(filtered.results.every((h: { authority: { slug: string } }) => h.authority.slug === 'thurrock'));
    const items = JSON.parse((await get('/search.json?q=homeless&kind=improvement&yearFrom=2024&yearTo=2024')).body);
    assert.ok(items.results.every((h: { kind: string }) => h.kind === 'improvement'));
    assert.equal(items.total, 1);
    const paged = JSON.parse((await get('/search.json?q=homeless&page=50')).body);
    assert.equal(paged.results.length, 0);
    const html = await get('/search?q=homeless');
    assert.match(html.body, /<mark>[Hh]omeless<\/mark>/);
    const empty = await get('/search');
    assert.equal(empty.statusCode, 200);
    // A submitted form sends its unset filters as empty values.
    const form = JSON.parse((await get('/search.json?q=homeless&framework=&grade=&region=&authority=&yearFrom=&yearTo=&kind=')).body);
    assert.equal(form.total, json.total);
    const odd = await get('/search.json?q=%00homeless%1F');
    assert.equal(odd.statusCode, 200);
    assert.equal(JSON.parse(odd.body).total, json.total);
    for (const q of ['%22unbalanced', ')(*', 'NEAR(', '-', '*', 'AND%20OR%20NOT', "'%3B%20drop%20table%20reports"]) assert.equal((await get(`/search.json?q=${q}`)).statusCode, 200, q);
  });

  test('compare shows authorities side by side with a chart, a table and twins', async () => {
    const r = await get('/compare?la=southend-on-sea&la=thurrock&la=');
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /<svg class="app-chart"/);
    const json = JSON.parse((await get('/compare.json?la=southend-on-sea&la=north-northamptonshire')).body);
    assert.equal(json.authorities.length, 2);
    assert.ok(json.authorities[1].inspections.some((i: { inherited: boolean }) => i.inherited));
    const csv = await get('/compare.csv?la=thurrock');
    assert.match(csv.body, /Thurrock,thurrock,/);
  });

  test('downloads: latest as CSV and Excel, history as CSV', async () => {
    const latest = await get('/downloads/latest.csv');
    assert.equal(latest.statusCode, 200);
    const lines = latest.body.trim().split('\r\n');
    assert.equal(lines.length, 154);
    assert.match(lines[0] ?? '', /Previous headline grade/);
    assert.match(lines[0] ?? '', /Neighbour 10 headline grade/);
    const southend = lines.find((l) => l.startsWith('80559,')) ?? '';
    assert.match(southend, /Requires improvement to be good/);
    assert.match(southend, /,Good,/, 'the previous grade');
    const xlsx = await get('/downloads/latest.xlsx');
    assert.equal(xlsx.statusCode, 200);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    assert.equal(wb.getWorksheet('Latest grades')?.rowCount, 154);
    const history = await get('/downloads/history.csv');
    assert.equal(history.body.trim().split('\r\n').length, 1 + 6);
  });

  test('a partly read report says what is missing: page, JSON, CSV and Excel', async () => {
    const id = site.t.reportIds[3]!;
    const page = await get(`/reports/${id}`);
    assert.match(page.body, /Partly read/);
    assert.match(page.body, /The lead inspector’s name was not found on page 1/);
    const json = JSON.parse((await get(`/reports/${id}.json`)).body) as { report: { partlyRead: boolean; flags: { code: string; message: string }[] } };
    assert.equal(json.report.partlyRead, true);
    assert.deepEqual(json.report.flags.map((f) => f.code), ['missing_lead_inspector']);
    const whole = JSON.parse((await get(`/reports/${site.t.reportIds[0]}.json`)).body) as { report: { partlyRead: boolean; flags: unknown[] } };
    assert.deepEqual([whole.report.partlyRead, whole.report.flags], [false, []]);
    assert.doesNotMatch((await get(`/reports/${site.t.reportIds[0]}`)).body, /Partly read/);
    assert.match((await get('/local-authorities/thurrock')).body, /Partly read<\/strong> The lead inspector’s name was not found/, 'the authority page marks it too');
    const history = (await get('/downloads/history.csv')).body.split('\r\n');
    const col = history[0]!.split(',').indexOf('Partly read (what the reader could not read)');
    assert.ok(col > 0, history[0] ?? '');
    assert.ok(history.some((l) => l.startsWith(`${id},`) && l.includes('lead inspector’s name was not found')));
    const latest = (await get('/downloads/latest.csv')).body.split('\r\n');
    assert.ok(latest[0]!.includes('Latest report partly read'));
    assert.ok(latest.find((l) => l.startsWith('80571,'))?.includes('lead inspector’s name was not found'));
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await get('/downloads/latest.xlsx')).rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Latest grades')!;
    const header = Array.from(sheet.getRow(1).values as unknown[], (v) => String(v ?? ''));
    const flagCol = header.findIndex((h) => h.startsWith('Latest report partly read'));
    assert.ok(flagCol > 0);
    let thurrock = '';
    sheet.eachRow((row) => {
      if (row.getCell(4).value === 'Thurrock') thurrock = String(row.getCell(flagCol).value);
    });
    assert.match(thurrock, /lead inspector’s name was not found/);
  });

  test('Atom feeds list new reports, nationally and per authority', async () => {
    const r = await get('/feeds/reports.atom');
    assert.equal(r.statusCode, 200);
    assert.match(r.headers['content-type'] as string, /application\/atom\+xml/);
    assert.equal((r.body.match(/<entry>/g) ?? []).length, 6);
    assert.ok(r.body.indexOf('North Northamptonshire') < r.body.indexOf('Thurrock'), 'newest first');
    const one = await get('/local-authorities/thurrock/reports.atom');
    assert.equal((one.body.match(/<entry>/g) ?? []).length, 1);
    assert.equal((await get('/local-authorities/nowhere/reports.atom')).statusCode, 404);
  });

  test('OpenAPI 3.1 describes the data routes with the schemas that validate them', async () => {
    const doc = JSON.parse((await get('/api/openapi.json')).body);
    assert.equal(doc.openapi, '3.1.0');
    for (const p of ['/local-authorities.json', '/local-authorities/{slug}.json', '/reports/{id}.json', '/search.json', '/downloads/latest.csv', '/feeds/reports.atom']) assert.ok(doc.paths[p], p);
    const params = doc.paths['/search.json'].get.parameters.map((p: { name: string }) => p.name);
    for (const n of ['q', 'framework', 'yearFrom', 'yearTo', 'grade', 'region', 'authority', 'page']) assert.ok(params.includes(n), n);
    assert.equal(doc.paths['/'], undefined, 'HTML pages are not API operations');
    const page = await get('/api');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /\/search\.json/);
  });

  test('bad requests get a 400 with a message, unknown addresses a real 404 page', async () => {
    const cases: [string, number, RegExp][] = [
      ['/search.json?q=x&page=0', 400, /"page" must be >= 1/],
      ['/search.json?q=x&yearFrom=2020&yearTo=2019', 400, /back to front/],
      ['/search.json?q=x&framework=NOPE', 400, /framework.*one of/],
      ['/local-authorities.json?region=Atlantis', 400, /no region called "Atlantis"/],
      ['/local-authorities.json?grade=excellent', 400, /grade/],
      ['/reports/abc.json', 404, /digits only/],
      ['/reports/999999.json', 404, /no report number 999999/],
      ['/local-authorities/nowhere.json', 404, /no local authority/],
      ['/compare.json?la=nowhere', 400, /Unknown local authority "nowhere"/],
      // Any spelling is looked up as a name: one that names no council is a 404 (with the nearest names when there are any).
      ["/local-authorities/x'%20or%201=1.json", 404, /no local authority called "x' or 1=1"/],
    ];
    for (const [url, status, message] of cases) {
      const r = await get(url);
      assert.equal(r.statusCode, status, url);
      const body = JSON.parse(r.body);
      assert.match(body.message, message, url);
      assert.doesNotMatch(r.body, /at .*\.ts:\d+/, 'no stack trace');
    }
    const page = await get('/no/such/page');
    assert.equal(page.statusCode, 404);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /Page not found/);
    assert.match(page.body, /Open Government Licence/);
    const bad = await get('/search?q=x&page=-1');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem with the request/);
  });

  test('every GET carries an ETag and caching headers, answers If-None-Match with 304, and security headers are strict', async () => {
    for (const url of ['/', '/local-authorities.json', '/static/app.css', '/assets/govuk-frontend.min.css', '/downloads/latest.csv', '/feeds/reports.atom', '/api/openapi.json', '/nope', '/healthz', '/api', '/index.csv']) {
      const r = await get(url);
      assert.ok(r.headers.etag, `${url} has an ETag`);
      assert.ok(r.headers['cache-control'], `${url} has Cache-Control`);
    }
    const first = await get('/local-authorities/thurrock');
    const again = await get('/local-authorities/thurrock', { 'if-none-match': first.headers.etag as string });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    const csp = first.headers['content-security-policy'] as string;
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /style-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(first.headers['x-content-type-options'], 'nosniff');
    assert.equal(first.headers['x-frame-options'], 'DENY');
    const css = await get('/static/app.css');
    assert.equal(css.headers['content-security-policy'], csp, 'static files carry the same headers');
    assert.doesNotMatch(first.body, /<script>(?!alert)|<script(?![^>]*src=)[^>]*>/, 'no inline scripts');
    assert.doesNotMatch(first.body, / style="/, 'no inline styles');
  });

  test('the stylesheet uses the system font, not GDS Transport', async () => {
    const css = await get('/assets/govuk-frontend.min.css');
    assert.equal(css.statusCode, 200);
    assert.doesNotMatch(css.body, /GDS Transport|@font-face/);
    assert.match(css.body, /font-family:system-ui/);
  });

  test('the API is rate limited', async () => {
    const limited = await buildServer({ store: site.t.store, apiRateLimit: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await limited.inject('/local-authorities.json')).statusCode);
      assert.deepEqual(codes, [200, 200, 200, 429, 429]);
      const r = await limited.inject('/local-authorities.json');
      assert.match(JSON.parse(r.body).message, /Too many requests/);
      assert.equal((await limited.inject('/')).statusCode, 200, 'pages for people are not limited');
    } finally {
      await limited.close();
    }
  });

  test('health check reports the record', async () => {
    const r = await get('/healthz');
    assert.equal(r.statusCode, 200);
    const body = JSON.parse(r.body);
    assert.equal(body.status, 'ok');
    assert.equal(body.reports, 6);
    assert.equal(body.authorities, 153);
  });

  test('pages change when the data changes (the page cache follows the data version)', async () => {
    const before = JSON.parse((await get('/healthz')).body).dataVersion;
    await site.t.store.setMeta('data_refreshed_at', '2030-01-01T00:00:00Z');
    const r = await get('/');
    assert.match(r.body, /1 January 2030/);
    assert.notEqual(JSON.parse((await get('/healthz')).body).dataVersion, before);
  });

  test('pages show the last successful sync and any failure since', async () => {
    const { createRun, finishRun, syncDb } = await import('../../src/store/sync-repo.ts');
    const db = syncDb(site.t.store.db);
    const totals = { pagesFetched: 3, requests: 3, providers: 1, filesNew: 0, filesUnchanged: 1, filesFailed: 0, withdrawn: 0, failures: [], authorities: { unlisted: [], missing: [] } };
    const ok = await createRun(db, 'test', 'me', Date.parse('2026-06-01T06:00:00Z'));
    await finishRun(db, ok, { ...totals, outcome: 'succeeded', error: null }, Date.parse('2026-06-01T06:10:00Z'));
    const bad = await createRun(db, 'test', 'me', Date.parse('2026-06-02T06:00:00Z'));
    await finishRun(db, bad, { ...totals, outcome: 'failed', error: 'Ofsted’s site layout seems to have changed' }, Date.parse('2026-06-02T06:01:00Z'));
    const r = await get('/local-authorities');
    assert.match(r.body, /Last successful check of Ofsted’s site: 1 June 2026/);
    assert.match(r.body, /1 check of Ofsted’s site since then did not complete\. The latest, on 2 June 2026: Ofsted’s site layout seems to have changed/);
  });

  test('pages are sent gzipped to clients that accept it', async () => {
    const { gunzipSync } = await import('node:zlib');
    const plain = await get('/local-authorities/thurrock');
    const zipped = await get('/local-authorities/thurrock', { 'accept-encoding': 'gzip, deflate' });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(zipped.headers.vary, 'accept-encoding');
    assert.notEqual(zipped.headers.etag, plain.headers.etag);
    const again = await get('/local-authorities/thurrock', { 'accept-encoding': 'gzip', 'if-none-match': zipped.headers.etag as string });
    assert.equal(again.statusCode, 304);
    assert.equal(gunzipSync(zipped.rawPayload).toString(), plain.body);
    assert.ok(zipped.rawPayload.length < plain.rawPayload.length / 3);
  });

  test('tables have CSV twins: national distribution, an authority’s judgements, search results', async () => {
    const national = await get('/index.csv');
    assert.match(national.body, /^year,outstanding,good,requires_improvement,inadequate,graded_authorities\r\n/);
    assert.match(national.body, /\r\n2016,0,0,0,1,1\r\n/);
    const one = await get('/local-authorities/north-northamptonshire.csv');
    assert.equal(one.statusCode, 200);
    assert.match(one.headers['content-disposition'] as string, /north-northamptonshire\.csv/);
    assert.match(one.body, /Northamptonshire,yes,SIF,/);
    assert.equal(one.body.trim().split('\r\n').length, 1 + 4 + 6);
    const found = await get('/search.csv?q=homeless&group=passage');
    assert.match(found.body, /^authority_slug,authority,region,report_id,framework,framework_name,/);
    assert.ok(found.body.trim().split('\r\n').length >= 4);
  });

  test('an authority page lists its other publications (focused and monitoring visits) from sync', async () => {
    const { createRun, storeDocument, syncDb } = await import('../../src/store/sync-repo.ts');
    const db = syncDb(site.t.store.db);
    const run = await createRun(db, 'test', 'me', Date.parse('2026-07-01T06:00:00Z'));
    await storeDocument(db, { sha256: 'f'.repeat(64), type: 'Focused visit', published: '2025-09-10', authorityUrn: '80571', authorityName: 'Thurrock', fileId: '9990001', sourceUrl: 'https://files.ofsted.gov.uk/v1/file/9990001', archivePath: 'ff/ff.pdf', pageCount: 4, text: 'Focused visit to Thurrock children’s services' }, run, Date.parse('2026-07-01T06:05:00Z'));
    const page = await get('/local-authorities/thurrock');
    assert.match(page.body, /Other publications/);
    assert.match(page.body, /Focused visit/);
    assert.match(page.body, /10 September 2025/);
    const json = JSON.parse((await get('/local-authorities/thurrock.json')).body);
    assert.deepEqual(json.otherPublications, [{ type: 'Focused visit', published: '2025-09-10', sourceUrl: 'https://files.ofsted.gov.uk/v1/file/9990001', pageCount: 4 }]);
  });
}
