// Finding a council by what a person typed: any spelling or case of its
// address or name ("Southend-on-Sea", "southend on sea", "Kingston upon
// Hull"), and the nearest names when nothing matches. Pure.
import { normaliseName } from '../domain/names.ts';
import type { AuthorityRow } from '../store/read/index.ts';
import type { RecordView } from './view.ts';

/** "Southend-on-Sea" → "southend on sea"; "St. Helens" → "st helens". */
function key(text: string): string {
  return normaliseName(text.replace(/-/g, ' ').replace(/\bst\./gi, 'st'));
}

function keysOf(a: AuthorityRow): string[] {
  const names = [a.slug, a.name, ...(a.officialName ? [a.officialName] : []), ...a.altNames];
  const out = new Set<string>();
  for (const n of names) {
    const k = key(n);
    out.add(k);
    // "Southend-on-Sea Borough Council", "Kent County Council", "London Borough of Camden" → the place.
    out.add(k.replace(/\b(city of )?(metropolitan )?(borough|city|county|district)? ?council$/, '').replace(/^(london borough of|royal borough of|city of|council of the) /, '').trim());
  }
  out.delete('');
  return [...out];
}

/** The council a text names exactly (any case, spacing, punctuation; its address, name or another name it goes by), current councils first. */
export function findAuthority(view: RecordView, text: string): AuthorityRow | null {
  const k = key(text);
  if (!k) return null;
  const hits = view.authorities.filter((v) => keysOf(v.authority).includes(k)).map((v) => v.authority);
  return hits.find((a) => a.isCurrent) ?? hits[0] ?? null;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The councils whose names are nearest what was typed: names containing it or contained in it first, then by spelling distance. */
export function nearestAuthorities(view: RecordView, text: string, limit = 3): AuthorityRow[] {
  const k = key(text);
  if (!k) return [];
  const scored = view.authorities.map((v) => {
    const keys = keysOf(v.authority);
    const contains = keys.some((n) => n.includes(k) || (k.length >= 4 && k.includes(n)));
    const distance = Math.min(...keys.map((n) => editDistance(k, n)));
    return { a: v.authority, score: (contains ? 0 : 1000) + distance + (v.authority.isCurrent ? 0 : 0.5) };
  });
  return scored
    .filter((s) => s.score < 1000 || s.score - 1000 <= Math.max(3, Math.ceil(k.length / 3)))
    .sort((x, y) => x.score - y.score || x.a.name.localeCompare(y.a.name))
    .slice(0, limit)
    .map((s) => s.a);
}
