// User search text → a safe query for either database. People type quotes,
// hyphens, operators and stray punctuation; none of it may reach FTS5 or
// PostgreSQL as syntax. The accepted language is websearch-style: words
// (all required), "quoted phrases", `or` between alternatives, -word to
// exclude. Everything else is dropped.

export interface ParsedTerm {
  /** Words of the term: one for a word, several for a phrase. */
  words: string[];
  negated: boolean;
}

/** Clauses are ANDed; the terms inside a clause are ORed. */
export interface ParsedQuery {
  clauses: ParsedTerm[][];
  negated: ParsedTerm[];
}

const WORD = /[\p{L}\p{N}]+/gu;

// PostgreSQL's English configuration ignores these words; dropping them from
// single-word terms here makes both databases treat "the homeless" alike.
const STOP_WORDS = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself ' +
    'they them their theirs themselves what which who whom this that these those am is are was were be been being have has had ' +
    'having do does did doing a an the and but if or because as until while of at by for with about against between into through ' +
    'during before after above below to from up down in out on off over under again further then once here there when where why ' +
    'how all any both each few more most other some such no nor not only own same so than too very s t can will just don should now'
  ).split(' '),
);

function words(text: string): string[] {
  // Accents folded, as both databases index text without them.
  return (text.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC').match(WORD) ?? []).map((w) => w.toLowerCase());
}

export function parseSearchQuery(input: string): ParsedQuery {
  const clauses: ParsedTerm[][] = [];
  const negated: ParsedTerm[] = [];
  let pendingOr = false;
  // Tokens: "phrase" (an unclosed quote runs to the end), or a run of non-space characters.
  const tokens = input.slice(0, 1000).match(/-?"[^"]*(?:"|$)|[^\s"]+/g) ?? [];
  for (const raw of tokens) {
    if (/^or$/i.test(raw)) {
      pendingOr = clauses.length > 0;
      continue;
    }
    const neg = raw.startsWith('-') && raw.length > 1;
    const body = neg ? raw.slice(1) : raw;
    const ws = words(body);
    if (ws.length === 0 || (ws.length === 1 && STOP_WORDS.has(ws[0]!))) continue;
    const term: ParsedTerm = { words: ws, negated: neg };
    if (neg) {
      negated.push(term);
      pendingOr = false;
      continue;
    }
    const last = clauses[clauses.length - 1];
    if (pendingOr && last) last.push(term);
    else clauses.push([term]);
    pendingOr = false;
  }
  return { clauses, negated };
}

export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.clauses.length === 0;
}

function fts5Term(t: ParsedTerm): string {
  // A double-quoted FTS5 string is a phrase; the words hold only letters and digits, so nothing can escape it.
  return `"${t.words.join(' ')}"`;
}

/** An FTS5 MATCH expression. Call only when the query is not empty. */
export function toFts5(q: ParsedQuery): string {
  const positive = q.clauses.map((c) => (c.length === 1 ? fts5Term(c[0]!) : `(${c.map(fts5Term).join(' OR ')})`)).join(' AND ');
  return q.negated.reduce((expr, t) => `(${expr}) NOT ${fts5Term(t)}`, positive);
}

/** The same query as text for PostgreSQL's websearch_to_tsquery (which itself never fails on any input). */
export function toWebsearch(q: ParsedQuery): string {
  const term = (t: ParsedTerm): string => (t.words.length === 1 ? t.words[0]! : `"${t.words.join(' ')}"`);
  const positive = q.clauses.map((c) => c.map(term).join(' or ')).join(' ');
  const negative = q.negated.map((t) => `-${term(t)}`).join(' ');
  return `${positive} ${negative}`.trim();
}
