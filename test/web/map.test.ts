import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTHORITIES } from '../../src/domain/authorities.ts';
import { loadMap, renderMap } from '../../src/web/map.ts';
import { toCsv } from '../../src/web/csv.ts';
import { distributionChart, journeyChart } from '../../src/web/charts.ts';

test('the shipped map has one shape for each of the 153 current authorities, with the ONS/OS attribution', () => {
  const map = loadMap();
  assert.equal(map.areas.length, 153);
  assert.match(map.attribution, /Office for National Statistics.*Open Government Licence.*Contains OS data © Crown copyright/);
  const keys = new Set(map.areas.flatMap((a) => [a.gss, a.laNumber]));
  const unmatched = AUTHORITIES.filter((a) => a.current && !keys.has(a.gss ?? '') && !keys.has(a.laCode ?? '')).map((a) => a.slug);
  assert.deepEqual(unmatched, []);
  for (const a of map.areas) assert.match(a.d, /^(M-?\d+[ -]\d+l[\d -]+z)+$/, a.name);
  assert.equal(map.areas.filter((a) => a.insetD).length, 33, 'London is repeated in the inset');
});

test('the map names every authority and its grade in words, and patterns the lower grades', () => {
  const svg = renderMap(new Map([['E06000033', { name: 'Southend-on-Sea', grade: 'inadequate' }]]), 'm');
  assert.match(svg, /<title>Southend-on-Sea: Inadequate<\/title>/);
  assert.match(svg, /fill="url\(#m-inad\)"/);
  assert.match(svg, /no full inspection in the record/);
  assert.match(svg, /role="img"/);
});

test('CSV quotes what needs quoting and defuses spreadsheet formulas', () => {
  assert.equal(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['=HYPERLINK("x")', 3], [null, '-1']]), 'a,b\r\n"x,y","say ""hi"""\r\n"\'=HYPERLINK(""x"")",3\r\n,\'-1\r\n');
});

test('charts escape their text and accept only plain ids', () => {
  const row = { year: 2020, total: 1, counts: { outstanding: 0, good: 1, requires_improvement: 0, adequate: 0, inadequate: 0, not_judged: 0 } };
  assert.throws(() => distributionChart([row], ['good'], 'x"<y'), /not a usable SVG id/);
  const { svg } = journeyChart([{ name: 'A & <B>', points: [{ date: '2020-01-01', grade: 'good' }] }], 'j');
  assert.match(svg, /A &amp; &lt;B&gt;/);
  assert.ok(!svg.includes('<B>'));
});

test('only web addresses become links', async () => {
  const { pdfAt, safeUrl } = await import('../../src/web/format.ts');
  assert.equal(safeUrl('javascript:alert(1)'), null);
  assert.equal(safeUrl('data:text/html,x'), null);
  assert.equal(safeUrl('https://files.ofsted.gov.uk/v1/file/50000001'), 'https://files.ofsted.gov.uk/v1/file/50000001');
  assert.equal(pdfAt('https://files.ofsted.gov.uk/v1/file/1', 3), 'https://files.ofsted.gov.uk/v1/file/1#page=3');
  assert.equal(pdfAt('JavaScript:alert(1)', 3), null);
});
