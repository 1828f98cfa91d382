// Ofsted's listing against the reference data: a new authority, or a
// reference authority the listing no longer shows, is reported, never
// silently ignored. Predecessor councils (Northamptonshire, Cumbria, Poole,
// …) are expected to be absent: their history comes from stored reports.
import type { AuthorityDiscrepancies } from '../store/index.ts';

export interface ReferenceAuthority {
  urn: string;
  name: string;
  /** False for predecessor councils that no longer exist. */
  isCurrent: boolean;
}

export function compareAuthorities(listed: { urn: string; name: string }[], reference: ReferenceAuthority[]): AuthorityDiscrepancies {
  if (reference.length === 0) return { unlisted: [], missing: [] };
  const known = new Map(reference.map((a) => [a.urn, a]));
  const listedUrns = new Set(listed.map((p) => p.urn));
  return {
    unlisted: listed.filter((p) => !known.has(p.urn)).map((p) => ({ urn: p.urn, name: p.name })),
    missing: reference
      .filter((a) => a.isCurrent && !listedUrns.has(a.urn))
      .map((a) => ({ urn: a.urn, name: a.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}
