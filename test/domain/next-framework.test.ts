// The next framework is one entry in the frameworks table. This test adds an
// imagined 2027 framework (new dates, one judgement renamed, one added) to
// the table and nothing else, then reads a generated report of it and shows
// it through the store, the authority page, the API and the CSV. If any of
// them needed another file changed, this test would fail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { addFramework, FRAMEWORKS, type FrameworkId, type JudgementDef, type JudgementKey } from '../../src/domain/frameworks.ts';
import { buildIlacsPdf } from '../fixtures/ilacs-pdf.ts';
import { dropTestDatabases, testDatabases } from '../fixtures/store-fixtures.ts';

const ILACS2027 = 'ILACS2027' as FrameworkId;
const FAMILY_HELP = 'family_help' as JudgementKey;
const [leaders, help, , leavers] = FRAMEWORKS.ILACS2026.judgements as [JudgementDef, JudgementDef, JudgementDef, JudgementDef];

// The one table entry.
addFramework({
  id: ILACS2027,
  name: 'Inspection of local authority children’s services (2027)',
  family: 'ILACS',
  from: '2027-04-01',
  to: null,
  scale: ['outstanding', 'good', 'requires_improvement', 'inadequate'],
  titles: FRAMEWORKS.ILACS2026.titles,
  judgements: [
    leaders,
    help,
    // Renamed.
    { key: 'in_care', label: 'The experiences and progress of children looked after', short: 'Children looked after', variants: ['the experiences and progress of children looked after'], required: 'always', areas: ['in_care'] },
    leavers,
    // Added.
    { key: FAMILY_HELP, label: 'The effectiveness of help for families', short: 'Help for families', variants: ['the effectiveness of help for families'], required: 'always', areas: [FAMILY_HELP] },
  ],
  headline: 'leaders',
  headlineLabel: 'Impact of leaders',
  fullInspection: true,
  improvements: FRAMEWORKS.ILACS2026.improvements,
  describedAs: FRAMEWORKS.ILACS2026.describedAs,
  findings: FRAMEWORKS.ILACS2026.findings,
  kinds: FRAMEWORKS.ILACS2026.kinds,
  cycle: FRAMEWORKS.ILACS2026.cycle,
});

// Modules that read the table are loaded after the entry is added, as a deployment would load them.
const { readReport } = await import('../../src/reader/index.ts');
const { openStore } = await import('../../src/store/index.ts');
const { buildServer } = await import('../../src/web/index.ts');

const pdf = () =>
  buildIlacsPdf({
    title: ['Inspection of Dorset local authority', 'children’s services'],
    dates: '10 May to 14 May 2027',
    inspector: 'Sarah Canto, His Majesty’s Inspector',
    rows: [
      { label: ['The impact of leaders on practice with', 'children and families'], grade: ['Good'] },
      { label: ['The experiences and progress of', 'children who need help and protection'], grade: ['Good'] },
      { label: ['The experiences and progress of', 'children looked after'], grade: ['Requires improvement to be good'] },
      { label: ['The experiences and progress of care', 'leavers'], grade: ['Outstanding'] },
      { label: ['The effectiveness of help for families'], grade: ['Inadequate'] },
    ],
    improvements: [['The timeliness of help for families who need it.']],
  });

test('the reader reads a 2027 report as ILACS2027, the renamed and the added judgement included, with nothing flagged', async () => {
  const r = await readReport(await pdf());
  if (!r.ok) assert.fail(`${r.error.code}: ${r.error.message}`);
  assert.equal(r.report.framework, ILACS2027);
  assert.deepEqual(
    r.report.judgements.map((j) => [j.key, j.grade]),
    [
      ['leaders', 'good'],
      ['help_protection', 'good'],
      ['in_care', 'requires_improvement'],
      ['care_leavers', 'outstanding'],
      [FAMILY_HELP, 'inadequate'],
    ],
  );
  assert.deepEqual(r.report.flags, []);
});

for (const database of testDatabases()) {
  describe(`a 2027 report through the store and the web, on ${database.name}`, () => {
    let store: Awaited<ReturnType<typeof openStore>>;
    let app: Awaited<ReturnType<typeof buildServer>>;
    let id = 0;
    before(async () => {
      const r = await readReport(await pdf());
      if (!r.ok) throw new Error(r.error.message);
      store = await openStore(await database.create());
      id = (await store.saveReport(r.report, { sourceUrl: 'https://files.ofsted.gov.uk/v1/file/9999999', listingDate: '2027-06-20', fileName: 'dorset 2027.pdf' }, { fullText: true, readerVersion: 1 })).reportId;
      app = await buildServer({ store, versionTtlMs: 0, apiRateLimit: 1000 });
    });
    after(async () => {
      await app?.close();
      await store?.close();
    });

    test('the report page and its JSON name the framework and every judgement', async () => {
      const page = await app.inject({ url: `/reports/${id}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Inspection of local authority children’s services \(2027\)/);
      assert.match(page.body, /The effectiveness of help for families/);
      assert.match(page.body, /The experiences and progress of children looked after/);
      const json = JSON.parse((await app.inject({ url: `/reports/${id}.json` })).body).report;
      assert.equal(json.framework, ILACS2027);
      assert.deepEqual(
        json.judgements.map((j: { key: string; grade: string }) => [j.key, j.grade]),
        [
          ['leaders', 'good'],
          ['help_protection', 'good'],
          ['in_care', 'requires_improvement'],
          ['care_leavers', 'outstanding'],
          [FAMILY_HELP, 'inadequate'],
        ],
      );
      // The summary speaks of the new framework from its table entry alone: its headline, its renamed and added judgements.
      assert.match(json.summary.headline, /^Dorset: impact of leaders good/);
      assert.match(json.summary.text, /graded the impact of leaders on social work practice with children and families as good, the second highest of 4 grades\. From 1 April 2027, Ofsted gives no overall grade/);
      assert.match(json.summary.text, /The experiences and progress of children looked after was graded “requires improvement to be good”, below the headline grade\./);
      assert.match(json.summary.text, /The effectiveness of help for families was graded inadequate, below the headline grade\./);
      assert.match(json.summary.text, /This was a short inspection \(one week on site\): inspectors were on site from 10 to 14 May 2027\./);
      assert.match(json.summary.text, /- The timeliness of help for families who need it\./);
    });

    test('the authority page, its JSON and the authorities CSV show the added judgement as a column of its own', async () => {
      const page = await app.inject({ url: '/local-authorities/dorset' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Help for families/);
      assert.match(page.body, /Inspection of local authority children’s services \(2027\)/);
      const json = JSON.parse((await app.inject({ url: '/local-authorities/dorset.json' })).body);
      assert.equal(JSON.stringify(json).includes(FAMILY_HELP), true);
      const csv = (await app.inject({ url: '/local-authorities.csv' })).body.split('\n');
      const header = csv[0]!.split(',');
      const col = header.indexOf(FAMILY_HELP);
      assert.ok(col > 0, `no ${FAMILY_HELP} column in ${csv[0]}`);
      const dorset = csv.find((l) => l.includes(',dorset,'))!.split(',');
      assert.equal(dorset[col], 'inadequate');
      assert.equal(dorset[header.indexOf('latest_framework')], ILACS2027);
      assert.equal(dorset[header.indexOf('latest_headline_grade')], 'good');
    });

    test('the downloads carry the added judgement', async () => {
      const csv = (await app.inject({ url: '/downloads/history.csv' })).body;
      assert.match(csv.split('\n')[0]!, /The effectiveness of help for families/);
      assert.match(csv, /Inadequate/);
    });
  });
}
after(() => dropTestDatabases());
