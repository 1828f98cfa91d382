// Every kind of bad input gets its own error code and a message a person
// can act on; none throws, none hangs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readReport, type ReadResult } from '../../src/reader/index.ts';
import { bodyPagePdf, encryptedPdf, htmlPage, manyPagesPdf, randomBytes, selfReferencingPdf, textPdf, truncated } from '../fixtures/pdf-builder.ts';
import { sampleReportPdf } from '../fixtures/ilacs-pdf.ts';

function failure(r: ReadResult): { code: string; message: string } {
  if (r.ok) assert.fail(`expected an error, got a ${r.report.framework} report`);
  return r.error;
}

test('an empty file is not a PDF', async () => {
  const e = failure(await readReport(new Uint8Array(0)));
  assert.equal(e.code, 'not_a_pdf');
  assert.match(e.message, /empty/);
});

test('random bytes are not a PDF', async () => {
  const e = failure(await readReport(randomBytes(4096, 42)));
  assert.equal(e.code, 'not_a_pdf');
  assert.match(e.message, /PDF header/);
});

test('an HTML page saved as .pdf says so, with its title', async () => {
  const e = failure(await readReport(htmlPage('Report not found - Find an Inspection Report - Ofsted')));
  assert.equal(e.code, 'not_a_pdf');
  assert.match(e.message, /HTML page saved with a \.pdf name \(title: 'Report not found - Find an Inspection Report - Ofsted'\)/);
});

test('a truncated PDF is damaged and the message says it was cut short', async () => {
  const e = failure(await readReport(truncated(await sampleReportPdf(), 0.6)));
  assert.equal(e.code, 'damaged');
  assert.match(e.message, /cut short.*download it again/);
});

test('a PDF whose insides are garbage is damaged', async () => {
  const bytes = new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n'), ...randomBytes(2000, 7), ...new TextEncoder().encode('\n%%EOF\n')]);
  const e = failure(await readReport(bytes));
  assert.equal(e.code, 'damaged');
  assert.match(e.message, /damaged|corrupt/);
});

test('an encrypted PDF is reported as encrypted', async () => {
  const e = failure(await readReport(encryptedPdf()));
  assert.equal(e.code, 'encrypted');
  assert.match(e.message, /password/);
});

test('a PDF whose page 1 has no report title is not a report', async () => {
  const e = failure(await readReport(await bodyPagePdf()));
  assert.equal(e.code, 'not_a_report');
  assert.match(e.message, /Minutes of the meeting/);
});

test('a hand-written one-page PDF is read, and found not to be a report', async () => {
  const e = failure(await readReport(textPdf(['Quarterly bulletin', 'Nothing to report'])));
  assert.equal(e.code, 'not_a_report');
});

test('a page tree that contains itself fails cleanly instead of looping', async () => {
  const e = failure(await readReport(selfReferencingPdf()));
  assert.equal(e.code, 'damaged');
  assert.match(e.message, /circular reference.*damaged/);
});

test('thousands of pages are refused before any page is read', async () => {
  const e = failure(await readReport(manyPagesPdf(5000)));
  assert.equal(e.code, 'not_a_report');
  assert.match(e.message, /5000 pages/);
  // The cap applies before any page is parsed, and the message says so.
  assert.match(e.message, /not read further/);
});

test('a file over the size limit is refused unread', async () => {
  const e = failure(await readReport(manyPagesPdf(10), { maxBytes: 100 }));
  assert.equal(e.code, 'not_a_report');
  assert.match(e.message, /more than the 0\.0 MB allowed.*not read/);
});

test('errors carry the SHA-256 of the bytes', async () => {
  const bytes = htmlPage('Gone');
  const r = await readReport(bytes);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.sha256, createHash('sha256').update(bytes).digest('hex'));
});

test('a valid report still reads, and the caller keeps its bytes', async () => {
  const bytes = await sampleReportPdf();
  const r = await readReport(bytes);
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  assert.equal(r.report.framework, 'ILACS2023');
  assert.equal(r.report.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.ok(bytes.length > 0, 'the caller’s buffer was not detached');
});
