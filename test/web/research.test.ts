import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/web/index.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { READER_VERSION } from '../../src/reader/version.ts';
import { dropTestDatabases, sampleReport, sha, testDatabases } from '../fixtures/store-fixtures.ts';

let store: Store;
let app: FastifyInstance;
const YEARS = 15;

for (const database of testDatabases()) {
  describe(`research search on ${database.name}`, () => {
    before(async () => {
      store = await openStore(await database.create());
      // Southend, once a year 2010–2024: every report's items and text mention "homeless" (two passages each);
      // from 2020 on, the text also says "exploitation" (one more passage).
      for (let i = 0; i < YEARS; i++) {
        const year = 2010 + i;
        const base = sampleReport();
        await store.saveReport(
          sampleReport({
            sha256: sha(`southend-${year}`),
            inspection: { ...base.inspection, start: `${year}-01-15`, end: `${year}-01-26` },
            sections: year >= 2020 ? [...base.sections, { heading: 'Exploitation', text: 'Children at risk of exploitation are helped quickly.', pages: [6, 6] }] : base.sections,
          }),
          { listingDate: `${year}-03-02`, sourceUrl: `https://files.ofsted.gov.uk/v1/file/${6000000 + i}` },
          { fullText: true, readerVersion: READER_VERSION },
        );
      }
      app = await buildServer({ store, versionTtlMs: 0, apiRateLimit: 10000 });
    });
    after(async () => {
      await app.close();
      await store.close();
    });
    researchTests();
  });
}
after(() => dropTestDatabases());

const get = (url: string) => app.inject({ method: 'GET', url });

function researchTests(): void {
  test('results are one row per report by default, with how many passages matched; or one per passage; totals say which', async () => {
    const byReport = (await get('/search.json?q=homeless')).json();
    assert.equal(byReport.groupBy, 'report');
    assert.equal(byReport.total, YEARS);
    assert.equal(byReport.reportsMentioning, YEARS);
    assert.equal(byReport.passageTotal, YEARS * 2);
    assert.ok(byReport.results.every((h: { passages: number }) => h.passages === 2));
    const byPassage = (await get('/search.json?q=homeless&group=passage')).json();
    assert.equal(byPassage.total, YEARS * 2);
    assert.equal(byPassage.pages, 2);
    const html = await get('/search?q=homeless');
    assert.match(html.body, /15 reports for “homeless”/);
    assert.match(html.body, /30 matching passages in 15 reports/);
    assert.match((await get('/search?q=homeless&group=passage')).body, /30 passages for “homeless”/);
  });

  test('the number and share of each year’s reports mentioning the words, by framework and region', async () => {
    const d = (await get('/search.json?q=exploitation')).json();
    assert.deepEqual(
      d.mentions.byYear.map((y: { year: number; reports: number; of: number; share: number }) => [y.year, y.reports, y.of, y.share]),
      Array.from({ length: YEARS }, (_, i) => [2010 + i, 2010 + i >= 2020 ? 1 : 0, 1, 2010 + i >= 2020 ? 100 : 0]),
    );
    assert.deepEqual(d.mentions.total, { reports: 5, of: YEARS, share: 33.3 });
    assert.deepEqual(d.mentions.byRegion, [{ region: 'East of England', reports: 5, of: YEARS, share: 33.3 }]);
    assert.deepEqual(d.mentions.byFramework, [{ framework: 'ILACS2023', reports: 5, of: YEARS, share: 33.3 }]);
    assert.equal(d.mentions.byYearAndFramework.length, YEARS);
    const filtered = (await get('/search.json?q=exploitation&yearFrom=2018')).json();
    assert.deepEqual(filtered.mentions.total, { reports: 5, of: 7, share: 71.4 });
    const page = await get('/search?q=exploitation');
    assert.match(page.body, /How often reports mention “exploitation”, year by year/);
    assert.match(page.body, /<svg class="app-chart"/);
  });

  test('the CSV and Excel downloads hold every matching row, not one page: real dates, autofilter, empty cells empty', async () => {
    const csv = await get('/search.csv?q=homeless&group=passage&page=2');
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-disposition'] as string, /attachment; filename="search.csv"/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines.length, 1 + YEARS * 2, 'every passage, past the first page of 20');
    assert.equal(lines[0], 'authority_slug,authority,region,report_id,framework,framework_name,inspection_start,inspection_end,headline_grade,headline_grade_label,kind,heading,page,passages,text,report_url,pdf_url');
    const perReport = (await get('/search.csv?q=homeless')).body.trim().split('\r\n');
    assert.equal(perReport.length, 1 + YEARS);
    const x = await get('/search.xlsx?q=homeless&group=passage');
    assert.equal(x.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Search results')!;
    assert.equal(ws.rowCount, 1 + YEARS * 2);
    assert.ok(ws.autoFilter, 'autofilter on the header row');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const start = header.indexOf('inspection_start') + 1;
    assert.ok(ws.getRow(2).getCell(start).value instanceof Date, 'inspection start is a real date');
    const empty = await get('/search.csv?q=');
    assert.equal(empty.body.trim(), lines[0]);
  });
}
