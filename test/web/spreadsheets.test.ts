import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { testSite } from './fixtures.ts';

const site = testSite();
const get = site.get;

test('the Excel download has real dates, an autofilter and empty cells where there is no value', async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await get('/downloads/latest.xlsx')).rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Latest grades')!;
  assert.ok(ws.autoFilter, 'autofilter on the header row');
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const end = header.indexOf('Latest inspection end') + 1;
  const rows = Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getRow(i + 2));
  const southend = rows.find((r) => r.getCell(header.indexOf('Local authority') + 1).value === 'Southend-on-Sea')!;
  const date = southend.getCell(end).value;
  assert.ok(date instanceof Date, 'a real date');
  assert.equal((date as Date).toISOString().slice(0, 10), '2024-03-15');
  assert.equal(southend.getCell(end).numFmt, 'yyyy-mm-dd');
  const never = rows.find((r) => r.getCell(header.indexOf('Local authority') + 1).value === 'Leeds')!;
  assert.equal(never.getCell(end).value, null, 'no inspection: an empty cell, not empty text');
});

test('every CSV twin carries codes with their labels in separate columns', async () => {
  const list = (await get('/local-authorities.csv')).body.split('\r\n');
  const cols = list[0]!.split(',');
  const pairs: [string, string][] = [['latest_headline_grade', 'latest_headline_grade_label'], ['latest_framework', 'latest_framework_name'], ['overall', 'overall_label'], ['in_care', 'in_care_label'], ['type', 'type_label']];
  for (const [code, label] of pairs) {
    assert.equal(cols.indexOf(label), cols.indexOf(code) + 1, label);
  }
  const southend = list.find((l) => l.includes(',southend-on-sea,'))!.split(',');
  assert.equal(southend[cols.indexOf('latest_headline_grade')], 'requires_improvement');
  assert.equal(southend[cols.indexOf('latest_headline_grade_label')], 'Requires improvement to be good');
  const one = (await get('/local-authorities/southend-on-sea.csv')).body.split('\r\n')[0];
  assert.match(one!, /framework,framework_name,.*judgement,judgement_label,grade,grade_label/);
  assert.match((await get('/compare.csv?la=thurrock')).body.split('\r\n')[0]!, /framework,framework_name,.*headline_grade,headline_grade_label/);
});
