// ilacs summary: by report id from the record, or from a PDF with the
// council's history from the record; clear errors for what it cannot do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleReportPdf } from '../fixtures/ilacs-pdf.ts';
import { tempDir } from '../fixtures/store-fixtures.ts';
import { openShippedRecord } from '../fixtures/shipped-record.ts';

let shipped: Awaited<ReturnType<typeof openShippedRecord>>;
before(async () => {
  shipped = await openShippedRecord();
});
after(() => shipped.cleanup());

const ilacs = (...args: string[]) => spawnSync(process.execPath, ['src/cli/main.ts', 'summary', ...args], { encoding: 'utf8' });

test('by report id: the headline and text, or with --json the facts each claim rests on', () => {
  const text = ilacs('--database', shipped.url, '2');
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^[A-Z][^\n]+: [^\n]+\n\nIn [^\n]+, Ofsted’s /);
  const json = JSON.parse(ilacs('--database', shipped.url, '--json', '2').stdout);
  assert.equal(typeof json.headline, 'string');
  assert.ok(json.text.startsWith('In '));
  assert.ok(json.facts.length > 3 && json.facts.every((f: { field: string; reportId: number }) => f.field && f.reportId));
});

test('from a PDF: read now, compared with the council’s previous inspection in the record', async () => {
  const dir = tempDir();
  const file = join(dir, 'dorset.pdf');
  writeFileSync(file, await sampleReportPdf());
  const r = ilacs('--database', shipped.url, file);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Dorset: overall effectiveness good\n/);
  assert.match(r.stdout, /That is the same as at its previous full inspection, in 2021, when it was also good\./);
  assert.match(r.stdout, /This was a short inspection \(one week on site\): inspectors were on site from 17 to 21 March 2025\./);
  assert.match(r.stdout, /- The stability of homes for children in long-term foster care\./);
  const none = ilacs('--database', `sqlite:${join(dir, 'none.db')}`, file);
  assert.equal(none.status, 0);
  assert.match(none.stderr, /no record to compare with .*there is no database at/);
  assert.match(none.stdout, /There is no earlier full inspection of Dorset in the record\./);
});

test('errors: an unknown report, something neither a number nor a file, a file that is not a PDF', () => {
  const unknown = ilacs('--database', shipped.url, '99999');
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /there is no report number 99999 in sqlite:/);
  const neither = ilacs('--database', shipped.url, 'dorset');
  assert.equal(neither.status, 2);
  assert.match(neither.stderr, /"dorset" is neither a report id \(digits, as in \/reports\/<id>\) nor a file/);
  const dir = tempDir();
  writeFileSync(join(dir, 'x.pdf'), 'not a pdf at all');
  const bad = ilacs('--database', shipped.url, join(dir, 'x.pdf'));
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /x\.pdf: .*not a PDF/);
  for (const r of [unknown, neither, bad]) assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});
