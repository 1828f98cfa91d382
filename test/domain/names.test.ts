import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameTokens, normaliseName } from '../../src/domain/index.ts';
import { parseCsv, slugify, splitNames } from '../../scripts/build-authorities.ts';

test('normaliseName ignores case, punctuation, apostrophes, accents and & versus and', () => {
  assert.equal(normaliseName('Telford & Wrekin'), normaliseName('telford and wrekin'));
  assert.equal(normaliseName('St. Helens'), 'st helens');
  assert.equal(normaliseName('Saint Helens'), 'st helens');
  assert.equal(normaliseName('Birmingham Children’s Trust'), normaliseName("Birmingham Children's Trust"));
  assert.equal(normaliseName('Stockton-on-Tees'), 'stockton on tees');
  assert.equal(normaliseName('Bournemouth, Christchurch  &  Poole'), 'bournemouth christchurch and poole');
  assert.equal(normaliseName('Máire'), 'maire');
  assert.deepEqual(nameTokens('  '), []);
});

test('slugify makes URL slugs', () => {
  assert.equal(slugify('Southend-on-Sea'), 'southend-on-sea');
  assert.equal(slugify('Bournemouth, Christchurch and Poole'), 'bournemouth-christchurch-and-poole');
  assert.equal(slugify('St. Helens'), 'st-helens');
  assert.equal(slugify('Telford & Wrekin'), 'telford-and-wrekin');
});

test('parseCsv reads quoted fields, doubled quotes, CRLF and a byte-order mark', () => {
  const rows = parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\r\n1,\n');
  assert.deepEqual(rows, [{ a: 'x, y', b: 'say "hi"' }, { a: '1', b: '' }]);
});

test('splitNames keeps names that contain commas whole', () => {
  assert.deepEqual(splitNames('[BCP, Bournemouth, Christchurch & Poole]', ['Bournemouth, Christchurch and Poole']), ['BCP', 'Bournemouth, Christchurch & Poole']);
  assert.deepEqual(splitNames('[Kingston Upon Hull, City of, Hull]', []), ['Kingston Upon Hull, City of', 'Hull']);
  assert.deepEqual(splitNames('', []), []);
});
