// Matches the council or trust printed in a report's title to the
// reference list of local authorities (src/domain/authorities.ts).
import { AUTHORITIES, existedOn, matchAuthority, type Authority } from '../domain/authorities.ts';
import { nameTokens } from '../domain/names.ts';

export interface AuthorityMatch {
  urn: string;
  name: string;
}

/**
 * The authority a report is about: from the name printed in its title,
 * else from the whole title block, else from a shortened name the title
 * prints ("Newcastle" for Newcastle upon Tyne). The inspection date picks
 * between a council and its predecessor of the same name.
 */
export function resolveAuthority(printedName: string, title: string, date: string | null): AuthorityMatch | null {
  const options = date ? { date } : {};
  const found = matchAuthority(printedName, options) ?? matchAuthority(title, options) ?? byShortName(printedName, date);
  if (!found || !found.urn) return null;
  return { urn: found.urn, name: found.name };
}

/** The one authority one of whose names begins with every word printed (a council's name cut short). */
function byShortName(printed: string, date: string | null): Authority | null {
  const words = nameTokens(printed);
  if (words.length === 0) return null;
  let hits = AUTHORITIES.filter((a) =>
    a.names.some((n) => {
      const t = nameTokens(n);
      return t.length > words.length && words.every((w, i) => t[i] === w);
    }),
  );
  if (hits.length > 1 && date) hits = hits.filter((a) => existedOn(a, date));
  return hits.length === 1 ? hits[0]! : null;
}
