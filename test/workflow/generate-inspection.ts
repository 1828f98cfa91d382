// Generated inspections for the typesetting round trip: seeded (mulberry32),
// so a failing case is reproduced from its seed. Random grades, councils,
// dates, lead inspectors, improvement items with punctuation, quotes,
// hyphens and long words, long and short sections.
import { FRAMEWORKS, type FrameworkId, type Grade } from '../../src/domain/frameworks.ts';
import type { ReportSource } from '../../src/workflow/typeset.ts';

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
