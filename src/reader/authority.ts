// Matches the council or trust printed in a report's title to the
// reference list of local authorities (src/domain/authorities.ts).
export interface AuthorityMatch {
  urn: string;
  name: string;
}

export function resolveAuthority(_printedName: string, _title: string): AuthorityMatch | null {
  return null;
}
