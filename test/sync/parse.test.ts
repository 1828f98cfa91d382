import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isInspectionType, parseListingPage, parseLongDate, parseProviderPage, SiteLayoutChangedError } from '../../src/sync/parse.ts';
import { checkPdfBytes } from '../../src/sync/pdf-check.ts';

const PAGE = 'https://reports.ofsted.gov.uk/search?start=0';

test('listing: provider links in order, URN from the last segment, each once', () => {
  const html = `<ul>
    <li><a href="/provider/44/80559">Southend-on-Sea</a></li>
    <li><a href="https://reports.ofsted.gov.uk/provider/44/2532283">  Dorset
    </a></li>
    <li><a href="/provider/44/80559">Southend-on-Sea again</a></li>
    <li><a href="/provider/44/not-a-urn">broken</a><a href="/about">About</a></li></ul>`;
  assert.deepEqual(parseListingPage(html, PAGE), [
    { urn: '80559', name: 'Southend-on-Sea', url: 'https://reports.ofsted.gov.uk/provider/44/80559' },
    { urn: '2532283', name: 'Dorset', url: 'https://reports.ofsted.gov.uk/provider/44/2532283' },
  ]);
  assert.deepEqual(parseListingPage('<p>No results</p>', PAGE), []);
});

test('provider page: file id, type and date from each publication link', () => {
  const html = `<h1>Southend-on-Sea</h1>
    <a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/50267804">Report<span class="nonvisual">Children’s services inspection, PDF - 03 December 2024</span></a>
    <a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/2532283"><span class="nonvisual">Children's services focused visit, PDF - 9 May 2019</span></a>
    <a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/50300001"><span class="nonvisual">Joint targeted area inspection, PDF – 1 October 2025</span></a>`;
  const page = parseProviderPage(html, 'https://reports.ofsted.gov.uk/provider/44/80559');
  assert.equal(page.name, 'Southend-on-Sea');
  assert.deepEqual(
    page.publications.map((p) => [p.fileId, p.type, p.date]),
    [
      ['50267804', "Children's services inspection", '2024-12-03'],
      ['2532283', "Children's services focused visit", '2019-05-09'],
      ['50300001', 'Joint targeted area inspection', '2025-10-01'],
    ],
  );
  assert.ok(isInspectionType(page.publications[0]!.type));
  assert.ok(!isInspectionType(page.publications[1]!.type));
});

test('provider page with changed markup: a layout error naming the page, not an empty list', () => {
  const url = 'https://reports.ofsted.gov.uk/provider/44/80559';
  assert.throws(() => parseProviderPage('<h1>Southend</h1><a class="report-download" href="https://files.ofsted.gov.uk/v1/file/1">x</a>', url), (err: unknown) => {
    assert.ok(err instanceof SiteLayoutChangedError);
    assert.match(err.message, /layout seems to have changed: the provider page has no publication links \(a\.publication-link\) \(page https:\/\/reports\.ofsted\.gov\.uk\/provider\/44\/80559\)/);
    return true;
  });
  assert.throws(() => parseProviderPage('<a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/5">Report</a>', url), /has no label \(span\.nonvisual\)/);
  assert.throws(() => parseProviderPage('<a class="publication-link" href="/reports/latest"><span class="nonvisual">x, PDF - 1 May 2020</span></a>', url), /does not end in a file id/);
});

test('dates as the site prints them', () => {
  assert.equal(parseLongDate('03 December 2024'), '2024-12-03');
  assert.equal(parseLongDate('PDF - 1 june 2021'), '2021-06-01');
  assert.equal(parseLongDate('sometime'), null);
  assert.equal(parseLongDate('40 May 2020'), null);
});

test('downloaded bytes: HTML for a PDF and a cut-off PDF are caught before reading', () => {
  assert.equal(checkPdfBytes(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n')), null);
  assert.equal(checkPdfBytes(Buffer.from('<!DOCTYPE html><html><body>Sorry</body></html>'), 'text/html')?.code, 'not_a_pdf');
  assert.match(checkPdfBytes(Buffer.from('<html>x</html>'), 'text/html')!.message, /HTML page/);
  assert.equal(checkPdfBytes(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'))?.code, 'truncated');
  assert.equal(checkPdfBytes(Buffer.alloc(0))?.code, 'empty');
});
