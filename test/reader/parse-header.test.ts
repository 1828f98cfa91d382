import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanInspectorName, parseDateList, readPrintedName } from '../../src/reader/header.ts';
import { joinLines } from '../../src/reader/grammar.ts';
import { listItems, readTag } from '../../src/reader/lists.ts';
import { hasPhrase } from '../../src/reader/classify.ts';
import type { Line } from '../../src/reader/pdf/layout.ts';

const line = (text: string, y: number, x = 71, page = 1): Line => ({ page, y, x, x2: x + 300, size: 12, font: 'f', text, segments: [{ x, x2: x + 300, text }] });

test('date ranges as printed: months and years carried back, slashes, dashes, split visits, over new year', () => {
  assert.deepEqual(parseDateList('2 to 13 December 2024'), ['2024-12-02', '2024-12-13']);
  assert.deepEqual(parseDateList('30 October to 3 November 2023'), ['2023-10-30', '2023-11-03']);
  assert.deepEqual(parseDateList('13 November 2017 to 24 November 2017'), ['2017-11-13', '2017-11-24']);
  assert.deepEqual(parseDateList('12/09/2016 to 06/10/2016'), ['2016-09-12', '2016-10-06']);
  assert.deepEqual(parseDateList('8 – 12 July 2013'), ['2013-07-08', '2013-07-12']);
  assert.deepEqual(parseDateList('19 November-11 December 2013 and 28 – 30 January 2014'), ['2013-11-19', '2013-12-11', '2014-01-28', '2014-01-30']);
  assert.deepEqual(parseDateList('29 December to 9 January 2015'), ['2014-12-29', '2015-01-09']);
});

test('lead inspector without the title of office', () => {
  assert.equal(cleanInspectorName('Sarah Canto, His Majesty’s Inspector'), 'Sarah Canto');
  assert.equal(cleanInspectorName('Andy Whippey, HMI'), 'Andy Whippey');
  assert.equal(cleanInspectorName('Karen Wareing (HMI)'), 'Karen Wareing');
  assert.equal(cleanInspectorName('Fiona J Millns HMI'), 'Fiona J Millns');
  assert.equal(cleanInspectorName(', HMI'), null);
});

test('the council or trust a title names, in the ways titles print it', () => {
  assert.equal(readPrintedName([line('Inspection of the Royal Borough of', 700), line('Kensington and Chelsea local authority', 670), line('children’s services', 640)]), 'Royal Borough of Kensington and Chelsea');
  assert.equal(readPrintedName([line('Inspection of Kent County Council', 700), line('children’s services', 670)]), 'Kent County Council');
  assert.equal(readPrintedName([line('Inspection of Bradford Children and', 700), line('Families Trust', 670)]), 'Bradford Children and Families Trust');
  assert.equal(readPrintedName([line('City of Bradford Metropolitan District', 700), line('Council', 680), line('Inspection of children’s social care services', 650)]), 'City of Bradford Metropolitan District Council');
});

test('title phrases match with a few words between', () => {
  assert.ok(hasPhrase('Inspection of Kent County Council children’s services', "inspection of children's services"));
  assert.ok(hasPhrase('Inspection of local authority children’s social care services', "inspection of children's social care services"));
  assert.ok(!hasPhrase('Inspection of services for children in need of help and protection', "inspection of children's services"));
});

test('lines joined: a word broken after a hyphen keeps the hyphen, whitespace collapsed', () => {
  assert.equal(joinLines(['children in long-', 'term  foster care']), 'children in long-term foster care');
  assert.equal(joinLines(['support for 16- and', '17-year-olds']), 'support for 16- and 17-year-olds');
  assert.equal(joinLines(['safeguard 16- and 17-', 'year-olds who present as homeless']), 'safeguard 16- and 17-year-olds who present as homeless');
  assert.equal(joinLines(['covering both short-', 'and longer-term objectives']), 'covering both short- and longer-term objectives');
});

test('list items: numbered items, lead-in skipped, sub-points kept, tag read', () => {
  const items = listItems([
    line('The local authority should:', 700),
    line('1. Improve the timeliness of', 680),
    line('assessments.', 666, 89),
    line('2. Ensure that plans are:', 640),
    line('• specific', 626, 89),
    line('• measurable. (Enabler two, national framework)', 612, 89),
  ]);
  assert.deepEqual(
    items.map((i) => [i.text, i.tag]),
    [
      ['Improve the timeliness of assessments.', null],
      ['Ensure that plans are: specific measurable. (Enabler two, national framework)', 'Enabler two, national framework'],
    ],
  );
  assert.equal(readTag('Some text. (Outcome four, National Framework)'), 'Outcome four, National Framework');
});

test('tags: with or without the words "National Framework"; other brackets are not tags', () => {
  assert.equal(readTag('Plans for care leavers (Outcome 4).'), 'Outcome 4');
  assert.equal(readTag('Supervision. (enabler 2, leaders drive conditions for effective practice)'), 'enabler 2, leaders drive conditions for effective practice');
  assert.equal(readTag('Return home interviews (RHIs).'), null);
  assert.equal(readTag('Return home interviews (paragraph 28).'), null);
});

test('tags in square brackets or as a closing sentence', () => {
  assert.equal(readTag('Neglect [ Outcome 4, national framework].'), 'Outcome 4, national framework');
  assert.equal(readTag('Pathway plans when needs change. Enabler three: National Framework.'), 'Enabler three: National Framework');
});
