// The report typesetter against ilacs's own reader: property tests over
// generated inspections (random grades, councils, dates, lead inspectors,
// improvement items with punctuation, quotes, hyphens and long words, long
// and short sections) assert that the typeset PDF reads back with every
// fact exactly as entered; and the gate refuses a report that does not.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FRAMEWORKS, type FrameworkId, type Grade } from '../../src/domain/frameworks.ts';
import { readReport } from '../../src/reader/index.ts';
import { compareRead, roundTrip } from '../../src/workflow/roundtrip.ts';
import { printedDates, TypesetError, typesetReport, type ReportSource } from '../../src/workflow/typeset.ts';

/** A small seeded generator (mulberry32), so a failing case is reproduced from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T,>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  return { next, int, pick };
}

const COUNCILS = ['Dorset', 'Southend-on-Sea', 'Thurrock', 'Leeds', 'Kent', 'Stoke-on-Trent', 'North Yorkshire', 'Bath and North East Somerset'];
const FIRST = ['Sarah', 'Anne-Marie', 'Nick', 'Rachel', 'Tom', 'Shabana', 'Kathryn', 'Zoë'];
const LAST = ['Canto', 'O’Brien', 'Smith-Jones', 'Stevens', 'McAllister', 'Hart', 'Abdullah', 'Dunne'];
const WORDS = [
  'the', 'quality', 'of', 'and', 'for', 'children', 'care', 'leavers', 'supervision', 'plans', 'long-term', 'multi-agency', 'decision-making',
  'self-evaluation', 'timeliness', 'assessments', 'in', 'to', 'their', 'with', 'partners', 'permanence', 'return-home', 'interviews',
  'disproportionately', 'interdepartmental', 'counterintuitively', 'well-being', '16- and 17-year-olds', '3.', 'a)', 'families', 'help', 'at', 'risk',
];
const PUNCT = ['', '', '', ',', ';', ':', ' –', ' —'];

function sentence(r: ReturnType<typeof rng>, min: number, max: number): string {
  const n = r.int(min, max);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    // An item never starts with a list marker of its own (the form refuses one): its first word is a word.
    let w = i === 0 ? r.pick(WORDS.filter((x) => /^[a-z]/.test(x))) : r.pick(WORDS);
    const roll = r.next();
    if (roll < 0.05) w = `“${w}”`;
    else if (roll < 0.08) w = `‘${w}’`;
    else if (roll < 0.1) w = `"${w}"`;
    else if (roll < 0.13) w = `(${w})`;
    else if (roll < 0.15) w = `${w}’s`;
    if (i < n - 1) w += r.pick(PUNCT);
    out.push(w);
  }
  const s = out.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

const iso = (d: Date): string => d.toISOString().slice(0, 10);

export function generateInspection(seed: number): ReportSource {
  const r = rng(seed);
  const framework: FrameworkId = r.pick(['ILACS2023', 'ILACS2026'] as const);
  const fw = FRAMEWORKS[framework];
  const from = Date.parse(framework === 'ILACS2023' ? '2023-01-09' : '2026-04-13');
  const span = framework === 'ILACS2023' ? 1100 : 600;
  const start = new Date(from + r.int(0, span) * 86_400_000);
  while (start.getUTCDay() !== 1) start.setUTCDate(start.getUTCDate() + 1);
  const end = new Date(start.getTime() + (r.pick([4, 11]) as number) * 86_400_000);
  const judgements = fw.judgements.map((d) => ({ key: d.key, grade: r.pick(fw.scale) as Grade }));
  const improvements = Array.from({ length: r.int(1, 8) }, () => sentence(r, 3, r.next() < 0.2 ? 70 : 25));
  const sections: ReportSource['sections'] = {};
  for (const d of fw.judgements) {
    if (d.key === 'overall') continue;
    sections[d.key] = Array.from({ length: r.int(0, r.next() < 0.3 ? 14 : 3) }, () => sentence(r, 4, 140));
  }
  return {
    framework,
    authorityName: r.pick(COUNCILS),
    start: iso(start),
    end: iso(end),
    leadInspector: `${r.pick(FIRST)} ${r.pick(LAST)}`,
    judgements,
    headline: Array.from({ length: r.int(0, 3) }, () => sentence(r, 10, 90)),
    improvements,
    sections,
  };
}

describe('report typesetting round trip', () => {
  test('generated inspections read back exactly (200 seeds)', async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 200; seed++) {
      const src = generateInspection(seed);
      const rt = await roundTrip(src);
      if (rt.differences.length) failures.push(`seed ${seed}: ${rt.differences.join(' | ')}`);
    }
    assert.deepEqual(failures, []);
  });

  test('the PDF: real text, its title, language and page count; the dates as Ofsted prints them', async () => {
    const src = generateInspection(7);
    src.sections = { help_protection: Array.from({ length: 30 }, (_, i) => `Paragraph ${i + 1} about children who need help and protection, long enough to wrap over more than one line of the page.`) };
    const pdf = await typesetReport(src);
    const text = Buffer.from(pdf).toString('latin1');
    assert.match(text, /\/Lang \(en-GB\)/);
    assert.match(text, /\/DisplayDocTitle true/);
    assert.match(text, /\/Title/);
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

  test('text the font cannot print is refused, naming the character, never dropped', async () => {
    const src = { ...generateInspection(5), improvements: ['Children’s plans ✓ are reviewed.'] };
    await assert.rejects(typesetReport(src), (e: unknown) => e instanceof TypesetError && /improvement item 1 .*"✓" U\+2713/.test(e.message));
    const rt = await roundTrip(src);
    assert.match(rt.differences[0]!, /cannot be typeset/);
  });
});
