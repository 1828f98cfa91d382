// One normal form for council and trust names, shared by the data build and
// the matcher, so a name stored in the data and the same name printed in a
// report title always compare equal.

const WORD_FORMS: Record<string, string> = { saint: 'st', '&': 'and', '+': 'and' };

/**
 * Lower case, accents and apostrophes dropped ("Children’s" → "childrens"),
 * "&" read as "and", "St." as "St", every other run of punctuation or
 * space a single space.
 */
export function normaliseName(text: string): string {
  return nameTokens(text).join(' ');
}

export function nameTokens(text: string): string[] {
  const flat = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['\u2018\u2019\u02bc`´]/g, '')
    .replace(/[&+]/g, ' & ');
  const out: string[] = [];
  for (const raw of flat.split(/[^a-z0-9&+]+/)) {
    if (!raw) continue;
    out.push(WORD_FORMS[raw] ?? raw);
  }
  return out;
}
