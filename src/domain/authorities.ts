// The English local authorities with children's services duties, and the
// councils they replaced, as data (src/domain/data/authorities.json, built
// by scripts/build-authorities.ts), with lookups and the matcher that turns
// a report title's wording into an authority.
import data from './data/authorities.json' with { type: 'json' };
import { nameTokens } from './names.ts';

export type AuthorityType = 'county' | 'unitary' | 'metropolitan_borough' | 'london_borough';

export interface AuthorityLink {
  slug: string;
  urn: string | null;
  name: string;
  /** The day the reorganisation took effect (ISO date). */
  date: string;
}

export interface StatisticalNeighbour {
  laCode: string;
  urn: string | null;
  slug: string | null;
}

export interface Authority {
  /** Ofsted URN; null only for a predecessor whose URN the reference data lacks (old Dorset, Bournemouth). */
  urn: string | null;
  /** Unique, stable, URL-safe key ("southend-on-sea"). */
  slug: string;
  name: string;
  officialName: string;
  /** DfE 3-digit LA number. */
  laCode: string;
  formerLaCodes: string[];
  /** ONS GSS code in use now (or when the council was abolished). */
  gss: string;
  formerGss: string[];
  region: string;
  /** ONS region code (E12…). */
  regionCode: string;
  type: AuthorityType;
  /** False for councils abolished by a reorganisation. */
  current: boolean;
  /** First day, when the council was created by a reorganisation recorded here; else null. */
  start: string | null;
  /** The day its successors took over (it existed until the day before); null while it exists. */
  end: string | null;
  /** Every name it goes by: register names, as report titles print them, trusts delivering its services. */
  names: string[];
  /** Trusts or companies delivering its children's services. */
  trusts: string[];
  /** DfE children's services statistical neighbours, closest first. */
  statisticalNeighbours: StatisticalNeighbour[];
  population0to25: number | null;
  predecessors: AuthorityLink[];
  successors: AuthorityLink[];
  /** Ids of the DATA_SOURCES this record draws on. */
  sources: string[];
}

export interface DataSource {
  id: string;
  file: string;
  title: string;
  publisher: string;
  url: string;
  licence: string;
  attribution: string;
}

export interface AuthoritiesFile {
  description: string;
  sources: DataSource[];
  authorities: Authority[];
}

/** Callers share one copy of the data: freeze it so none can change it for the others. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const file = deepFreeze(data as AuthoritiesFile);

export const AUTHORITIES: readonly Authority[] = file.authorities;
export const CURRENT_AUTHORITIES: readonly Authority[] = Object.freeze(AUTHORITIES.filter((a) => a.current));
export const DATA_SOURCES: readonly DataSource[] = file.sources;

const bySlug = new Map<string, Authority>();
const byUrn = new Map<string, Authority>();
const byLaCode = new Map<string, Authority>();
const byGss = new Map<string, Authority>();
for (const a of AUTHORITIES) {
  bySlug.set(a.slug, a);
  if (a.urn) byUrn.set(a.urn, a);
  byLaCode.set(a.laCode, a);
  byGss.set(a.gss, a);
}
for (const a of AUTHORITIES) {
  for (const c of a.formerLaCodes) if (!byLaCode.has(c)) byLaCode.set(c, a);
  for (const g of a.formerGss) if (!byGss.has(g)) byGss.set(g, a);
}

export function authorityByUrn(urn: string | number): Authority | null {
  return byUrn.get(String(urn).trim()) ?? null;
}

export function authorityBySlug(slug: string): Authority | null {
  return bySlug.get(slug.trim().toLowerCase()) ?? null;
}

/** By DfE LA number, current or former ("882", or 882). */
export function authorityByLaCode(code: string | number): Authority | null {
  return byLaCode.get(String(code).trim().padStart(3, '0')) ?? null;
}

/** By ONS GSS code, current or former. */
export function authorityByGss(gss: string): Authority | null {
  return byGss.get(gss.trim().toUpperCase()) ?? null;
}

function resolve(ref: Authority | string): Authority | null {
  if (typeof ref !== 'string') return ref;
  return /^\d+$/.test(ref.trim()) ? authorityByUrn(ref) : authorityBySlug(ref);
}

function linked(links: AuthorityLink[]): Authority[] {
  return links.map((l) => bySlug.get(l.slug)).filter((a): a is Authority => a !== undefined);
}

/** The councils that took over from this one (by authority, URN or slug). */
export function successorsOf(ref: Authority | string): Authority[] {
  const a = resolve(ref);
  return a ? linked(a.successors) : [];
}

/** The councils this one took over from (by authority, URN or slug). */
export function predecessorsOf(ref: Authority | string): Authority[] {
  const a = resolve(ref);
  return a ? linked(a.predecessors) : [];
}

/** DfE statistical neighbours, closest first, resolved to authorities. */
export function statisticalNeighbours(ref: Authority | string): Authority[] {
  const a = resolve(ref);
  if (!a) return [];
  return a.statisticalNeighbours.map((n) => byLaCode.get(n.laCode)).filter((x): x is Authority => x !== undefined);
}

/** Whether the council existed on an ISO date. */
export function existedOn(a: Authority, date: string): boolean {
  const d = date.slice(0, 10);
  return (a.start === null || a.start <= d) && (a.end === null || d < a.end);
}

// ---------------------------------------------------------------------------
// Matching printed names.

interface IndexedName {
  tokens: string[];
  authorities: Authority[];
}

/** Every normalised name, by its first word, longest first. */
const nameIndex = new Map<string, IndexedName[]>();
{
  const byKey = new Map<string, IndexedName>();
  for (const a of AUTHORITIES) {
    for (const n of a.names) {
      const tokens = nameTokens(n);
      if (!tokens.length) continue;
      const key = tokens.join(' ');
      const entry = byKey.get(key) ?? { tokens, authorities: [] };
      if (!entry.authorities.includes(a)) entry.authorities.push(a);
      byKey.set(key, entry);
    }
  }
  for (const e of byKey.values()) {
    const list = nameIndex.get(e.tokens[0]!) ?? [];
    list.push(e);
    nameIndex.set(e.tokens[0]!, list);
  }
  for (const list of nameIndex.values()) list.sort((x, y) => y.tokens.length - x.tokens.length);
}

export interface NameMatch {
  /** The matched words, normalised. */
  text: string;
  /** Word positions in the normalised input, [start, end). */
  start: number;
  end: number;
  authorities: Authority[];
}

export interface AuthorityCandidate {
  authority: Authority;
  /** Words of the input naming it (each distinct name once), after longer names have hidden the shorter names inside them. */
  score: number;
  /** Word position of its first mention. */
  first: number;
  matches: NameMatch[];
}

export interface MatchOptions {
  /** ISO date (the inspection's): prefer the council that existed then. */
  date?: string;
}

/** Every name in the text, in order, leaving out names inside a longer one ("Lincolnshire" in "North Lincolnshire"). */
export function findNames(text: string): NameMatch[] {
  const tokens = nameTokens(text);
  const found: NameMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    for (const e of nameIndex.get(tokens[i]!) ?? []) {
      if (i + e.tokens.length > tokens.length) continue;
      let ok = true;
      for (let k = 1; k < e.tokens.length; k++) if (tokens[i + k] !== e.tokens[k]) { ok = false; break; }
      if (ok) found.push({ text: e.tokens.join(' '), start: i, end: i + e.tokens.length, authorities: e.authorities });
    }
  }
  return found.filter((m) => !found.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start));
}

/**
 * Every authority named in the text, the first named first (a title names
 * its council before anything else), then by how many words name it.
 */
export function matchAuthorities(text: string): AuthorityCandidate[] {
  const byAuthority = new Map<Authority, AuthorityCandidate>();
  for (const m of findNames(text)) {
    for (const a of m.authorities) {
      const c = byAuthority.get(a) ?? { authority: a, score: 0, first: m.start, matches: [] };
      // The same name repeated (a running header) is one piece of evidence, not several.
      if (!c.matches.some((x) => x.text === m.text)) c.score += m.end - m.start;
      c.matches.push(m);
      byAuthority.set(a, c);
    }
  }
  return [...byAuthority.values()].sort((x, y) => x.first - y.first || y.score - x.score || x.authority.slug.localeCompare(y.authority.slug));
}

/**
 * The authority a report title (or any text naming one council or trust)
 * is about, or null when it names none or cannot tell several apart.
 *
 * The first name in the text decides. When that name is shared (a trust
 * serving several councils, a council and its predecessor of the same
 * name), later names narrow it down ("Achieving for Children … Richmond
 * upon Thames"); then, with a date, the council that existed then wins
 * (Northamptonshire before April 2021, old Dorset before April 2019), and
 * without one a current council wins over an abolished one.
 */
export function matchAuthority(printedName: string, options: MatchOptions = {}): Authority | null {
  const names = findNames(printedName);
  const first = names[0];
  if (!first) return null;
  let set = first.authorities;
  for (const m of names.slice(1)) {
    if (set.length === 1) break;
    const both = set.filter((a) => m.authorities.includes(a));
    if (both.length && both.length < set.length) set = both;
  }
  if (set.length > 1 && options.date) {
    const then = set.filter((a) => existedOn(a, options.date!));
    if (then.length) set = then;
  }
  if (set.length > 1 && !options.date) {
    const now = set.filter((a) => a.current);
    if (now.length) set = now;
  }
  return set.length === 1 ? set[0]! : null;
}
