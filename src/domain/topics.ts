// The published taxonomy of topics inspectors raise (src/domain/data/topics.json,
// served at /topics/taxonomy.json), the matcher that applies it to an
// improvement item's words, and the normaliser for the Children's Social Care
// National Framework tags printed after items since 2023 ("Outcome four,
// National Framework", "National Framework, Outcome 2", "Enabler two:
// National Framework") into codes ("outcome-4", "enabler-2").
import data from './data/topics.json' with { type: 'json' };

export interface Topic {
  slug: string;
  name: string;
  definition: string;
  /** Lower case; a trailing * matches any word beginning so; matched on whole words. */
  phrases: string[];
}

export interface TopicsFile {
  description: string;
  version: number;
  topics: Topic[];
}

export const TOPICS_FILE = data as TopicsFile;
export const TOPICS: readonly Topic[] = TOPICS_FILE.topics;

/** Lower case, every run of non-letters and non-digits one space, padded: " care leavers s pathway plans " */
function words(text: string): string {
  return ` ${text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, ' ').trim()} `;
}

const compiled = TOPICS.map((t) => ({
  slug: t.slug,
  tests: t.phrases.map((p) => (p.endsWith('*') ? ` ${words(p.slice(0, -1)).trim()}` : ` ${words(p).trim()} `)),
}));

/** The slugs of the topics an item's text matches, in the taxonomy's order. */
export function topicsOf(text: string): string[] {
  const w = words(text);
  return compiled.filter((t) => t.tests.some((p) => w.includes(p))).map((t) => t.slug);
}

export function topicBySlug(slug: string): Topic | null {
  return TOPICS.find((t) => t.slug === slug) ?? null;
}

export interface NationalFrameworkCode {
  /** "outcome-3", "enabler-2", "principle-1". */
  code: string;
  label: string;
}

/** The Children's Social Care National Framework (December 2023): its outcomes and enablers. */
export const NATIONAL_FRAMEWORK: Record<string, string> = {
  'outcome-1': 'Outcome 1: Children, young people and families stay together and get the help they need',
  'outcome-2': 'Outcome 2: Children and young people are supported by their family network',
  'outcome-3': 'Outcome 3: Children and young people are safe in and outside of their homes',
  'outcome-4': 'Outcome 4: Children in care and care leavers have stable, loving homes',
  'enabler-1': 'Enabler 1: Agencies work together as a system',
  'enabler-2': 'Enabler 2: The workforce is equipped and effective',
  'enabler-3': 'Enabler 3: Leaders drive conditions for effective practice',
};

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8 };
/** Enablers are sometimes printed by name, without a number. */
const ENABLER_NAMES: [string, number][] = [
  ['agencies work together', 1],
  ['workforce is equipped', 2],
  ['leaders drive conditions', 3],
];

/** Every National Framework code, in the table's order ("outcome-1" … "enabler-3"). */
export const NATIONAL_FRAMEWORK_CODES: readonly string[] = Object.keys(NATIONAL_FRAMEWORK);

/** The code's label ("Outcome 4: …"), or the code itself when the table has none. */
export function nationalFrameworkLabel(code: string): string {
  return NATIONAL_FRAMEWORK[code] ?? code;
}

/** The code a printed National Framework tag names, or null when it names none. */
export function nationalFrameworkCode(tag: string | null | undefined): NationalFrameworkCode | null {
  if (!tag) return null;
  const w = words(tag);
  const m = /\b(outcome|enabler|principle)s? (\d|one|two|three|four|five|six|seven|eight)\b/.exec(w);
  let kind: string | null = null;
  let n: number | null = null;
  if (m) {
    kind = m[1] ?? null;
    n = /^\d$/.test(m[2] ?? '') ? Number(m[2]) : (NUMBER_WORDS[m[2] ?? ''] ?? null);
  } else if (/\benabler\b/.test(w)) {
    kind = 'enabler';
    n = ENABLER_NAMES.find(([name]) => w.includes(` ${name} `))?.[1] ?? null;
  }
  if (!kind || !n) return null;
  const code = `${kind}-${n}`;
  return { code, label: NATIONAL_FRAMEWORK[code] ?? `${kind[0]!.toUpperCase()}${kind.slice(1)} ${n} (National Framework)` };
}
