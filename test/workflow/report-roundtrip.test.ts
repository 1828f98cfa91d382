// The report typesetter against ilacs's own reader: property tests over
// generated inspections (random grades, councils, dates, lead inspectors,
// improvement items with punctuation, quotes, hyphens and long words, long
// and short sections) assert that the typeset PDF, printed by the real
// Chromium, reads back with every fact exactly as entered; the PDF is
// tagged (structure tree, language, title, real text); and the gate
// refuses a report that does not read back.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readReport } from '../../src/reader/index.ts';
import { ReaderPool } from '../../src/reader/pool.ts';
import { closePrinter, PdfPrinter, PrinterUnavailableError } from '../../src/workflow/chromium.ts';
import { compareRead, roundTrip } from '../../src/workflow/roundtrip.ts';
import { printedDates, reportTitle, TypesetError, typesetReport, unprintable } from '../../src/workflow/typeset.ts';
import { generateInspection } from './generate-inspection.ts';

/** Generated inspections checked per run: each is printed by Chromium (about a second), so fewer than the reader's own property tests. */
const SEEDS = 80;

interface StructNode {
  role?: string;
  type?: string;
  children?: StructNode[];
  lang?: string;
}

function roles(node: StructNode, out: string[] = []): string[] {
  if (node.role) out.push(node.role);
  for (const c of node.children ?? []) roles(c, out);
  return out;
}

after(closePrinter);

describe('report typesetting round trip', () => {
  test(`generated inspections read back exactly (${SEEDS} seeds, two at a time, read in reader processes)`, async () => {
    const failures: string[] = [];
    const pool = new ReaderPool({ workers: 2 });
    try {
      for (let seed = 1; seed <= SEEDS; seed += 2) {
        await Promise.all(
          [seed, seed + 1].map(async (s) => {
            const rt = await roundTrip(generateInspection(s), { read: (pdf) => pool.readBytes(pdf) });
            if (rt.differences.length) failures.push(`seed ${s}: ${rt.differences.join(' | ')}`);
          }),
        );
      }
    } finally {
      await pool.close();
    }
    assert.deepEqual(failures, []);
  });

  test('the PDF is tagged: structure tree with headings, table and lists, the running foot an artifact; language, title, real text', async () => {
    const src = generateInspection(7);
    src.sections = { help_protection: Array.from({ length: 30 }, (_, i) => `Paragraph ${i + 1} about children who need help and protection, long enough to wrap over more than one line of the page.`) };
    const pdf = await typesetReport(src);
    const title = reportTitle(src.authorityName);

    // The catalog and document information, as pdf-lib reads them.
    const doc = await PDFDocument.load(pdf, { updateMetadata: false });
    const catalog = doc.catalog;
    const markInfo = catalog.lookup(PDFName.of('MarkInfo'), PDFDict);
    assert.equal(String(markInfo.get(PDFName.of('Marked'))), 'true');
    assert.ok(catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict), 'a StructTreeRoot');
    assert.equal(catalog.lookup(PDFName.of('Lang'))?.toString(), '(en-GB)');
    const prefs = catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict);
    assert.equal(String(prefs.get(PDFName.of('DisplayDocTitle'))), 'true');
    assert.equal(doc.getTitle(), title);

    // The structure tree and the text, as pdf.js (what a viewer or screen reader uses) reads them.
    const task = getDocument({ data: pdf.slice(), useSystemFonts: false });
    const js = await task.promise;
    try {
      const mark = (await js.getMarkInfo()) as Map<string, boolean> | Record<string, boolean> | null;
      assert.equal(mark instanceof Map ? mark.get('Marked') : mark?.Marked, true);
      const meta = await js.getMetadata();
      assert.equal((meta.info as { Title?: string }).Title, title);
      assert.equal((meta.info as { Language?: string }).Language, 'en-GB');
      const found: string[] = [];
      for (let n = 1; n <= js.numPages; n++) {
        const page = await js.getPage(n);
        roles((await page.getStructTree()) as StructNode, found);
        // Every piece of text is in the structure tree (marked content with an MCID) or marked as an artifact: the running foot.
        const stack: string[] = [];
        const artifacts: string[] = [];
        for (const it of (await page.getTextContent({ includeMarkedContent: true })).items) {
          if ('type' in it && (it.type === 'beginMarkedContent' || it.type === 'beginMarkedContentProps')) stack.push(String((it as { tag?: string }).tag));
          else if ('type' in it && it.type === 'endMarkedContent') stack.pop();
          else if ('str' in it && it.str.trim()) {
            assert.ok(stack.length > 0, `page ${n}: "${it.str}" is neither tagged nor an artifact`);
            if (stack.includes('Artifact')) artifacts.push(it.str);
          }
        }
        if (n >= 2) assert.ok(artifacts.join(' ').includes(String(n)) && artifacts.join('').includes('Inspection of'), `page ${n}: the running foot is an artifact (${artifacts.join(' ')})`);
        else assert.deepEqual(artifacts, [], 'page 1 has no running foot');
        if (n === 1) {
          const text = (await page.getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join(' ').replace(/\s+/g, ' ');
          assert.ok(text.includes('Inspection of') && text.includes('local authority') && text.includes('children’s services'), text.slice(0, 200));
          assert.ok(text.includes('Judgement') && text.includes('Grade'));
        }
      }
      for (const role of ['H1', 'H2', 'Table', 'TR', 'TH', 'TD', 'L', 'LI', 'Lbl', 'P']) assert.ok(found.includes(role), `${role} in the structure tree (${[...new Set(found)].join(' ')})`);
      assert.equal(found.filter((r) => r === 'H1').length, 1, 'one H1: the title');
      assert.ok(js.numPages >= 3, `${js.numPages} pages`);
      const outline = await js.getOutline();
      assert.ok(outline?.some((o) => o.title.startsWith('Inspection of')), 'the headings as bookmarks');
    } finally {
      await task.destroy();
    }

    // And ilacs's reader reads it as one of Ofsted's.
    const r = await readReport(pdf);
    assert.ok(r.ok);
    assert.ok(r.report.pageCount >= 3, `${r.report.pageCount} pages`);
    assert.equal(r.report.inspection.datesEvidence?.text, `Inspection dates: ${printedDates(src.start, src.end)}`);
    assert.ok(r.report.sections.some((s) => /^The experiences and progress of children who need help and protection: /.test(s.heading)));
  });

  test('a difference is named: a missing judgement, an empty list, a name the reader cannot take', async () => {
    const src = generateInspection(3);
    const full = await roundTrip(src);
    assert.deepEqual(full.differences, []);
    const partial = { ...src, judgements: src.judgements.slice(1), improvements: [] };
    const rt = await roundTrip(partial);
    assert.ok(rt.differences.some((d) => /"The impact of leaders on social work practice with children and families" \(leaders\) was not read/.test(d)), rt.differences.join('\n'));
    assert.ok(rt.differences.some((d) => /What needs to improve/.test(d)), rt.differences.join('\n'));
    // What was entered against another report's PDF: every changed fact is listed.
    const other = generateInspection(4);
    const diffs = await compareRead(other, full.pdf!);
    assert.ok(diffs.some((d) => d.startsWith('Lead inspector: entered')) || other.leadInspector === src.leadInspector);
    assert.ok(diffs.some((d) => d.startsWith('Improvement item 1: entered')));
  });

  test('every character the font prints is accepted and read back; one it cannot is refused, naming it, never dropped', async () => {
    // Accents, curly quotes, dashes, ellipsis, pound sign, non-English letters: all in the shipped font.
    const items = ['Zoë’s “plans” – and Ciarán’s — are reviewed… for £5 in Ålesund, Łódź and Αθήνα.', 'Children’s voices (aged 16–17) are heard: «well» ½ § 3 ° ± × ÷ €.'];
    const src = { ...generateInspection(5), improvements: items, leadInspector: 'Siobhán Ní Bhriain' };
    assert.deepEqual(unprintable(items.join(' ')), []);
    const ok = await roundTrip(src);
    assert.deepEqual(ok.differences, []);
    assert.deepEqual(ok.report!.improvements.map((i) => i.text), items);
    assert.equal(ok.report!.inspection.leadInspector, 'Siobhán Ní Bhriain');

    const bad = { ...src, improvements: ['Children’s plans ✓ are reviewed.'] };
    await assert.rejects(typesetReport(bad), (e: unknown) => e instanceof TypesetError && /improvement item 1 .*"✓" U\+2713/.test(e.message));
    const rt = await roundTrip(bad);
    assert.match(rt.differences[0]!, /cannot be typeset/);
    // Invisible characters would print nothing: refused too, by code point.
    assert.deepEqual(unprintable('multi\u00adagency'), ['\u00ad']);
    await assert.rejects(typesetReport({ ...src, headline: ['A soft\u00adhyphen.'] }), (e: unknown) => e instanceof TypesetError && /headline findings paragraph 1 .*invisible character U\+00AD/.test(e.message));
    // A word wider than a line is refused rather than broken.
    await assert.rejects(typesetReport({ ...src, headline: [`A ${'x'.repeat(120)} word.`] }), (e: unknown) => e instanceof TypesetError && /too long to fit on a line/.test(e.message));
  });

  test('without Chromium, typesetting says which setting to change and which package to install', async () => {
    const printer = new PdfPrinter({ ILACS_CHROMIUM: '/nonexistent/chromium' });
    await assert.rejects(typesetReport(generateInspection(2), printer), (e: unknown) => e instanceof PrinterUnavailableError && /ILACS_CHROMIUM names \/nonexistent\/chromium/.test(e.message) && /"chromium" package/.test(e.message));
    await printer.close();
  });
});
