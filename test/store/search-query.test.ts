import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSearchQuery, toFts5, toWebsearch } from '../../src/store/search-query.ts';

test('words are all required; phrases stay phrases', () => {
  const q = parseSearchQuery('homeless "16 and 17" year');
  assert.equal(toFts5(q), '"homeless" AND "16 and 17" AND "year"');
  assert.equal(toWebsearch(q), 'homeless "16 and 17" year');
});

test('or joins alternatives; -word excludes', () => {
  const q = parseSearchQuery('supervision or management -leaders');
  assert.equal(toFts5(q), '(("supervision" OR "management")) NOT "leaders"');
  assert.equal(toWebsearch(q), 'supervision or management -leaders');
});

test('FTS5 syntax in user text is only ever words', () => {
  for (const input of ['NEAR(a b)', 'a* ^b c:d', '(((', '"unclosed phrase', 'a AND OR NOT b', "o'brien", 'x"y"z', '{heading}: care', '\\"; drop table reports; --']) {
    const fts = toFts5(parseSearchQuery(input));
    // Every quoted string holds letters, digits and spaces only.
    for (const m of fts.matchAll(/"([^"]*)"/g)) assert.match(m[1]!, /^[\p{L}\p{N} ]+$/u, `${input} → ${fts}`);
    assert.doesNotMatch(fts.replace(/"[^"]*"/g, ''), /[^() ANDORT]/, `${input} → ${fts}`);
  }
});

test('unicode words survive, case folds, stop words and punctuation alone are dropped', () => {
  assert.equal(toFts5(parseSearchQuery('Café NAÏVE 東京')), '"cafe" AND "naive" AND "東京"');
  assert.equal(parseSearchQuery('the ; -- !!').clauses.length, 0);
  assert.equal(parseSearchQuery('or homeless').clauses.length, 1);
});
