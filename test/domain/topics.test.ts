import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nationalFrameworkCode, topicsOf, TOPICS } from '../../src/domain/topics.ts';

test('the National Framework tags, in every printed form, become one code', () => {
  const cases: [string, string | null][] = [
    ['Outcome four, National Framework', 'outcome-4'],
    ['National Framework, Outcome 2', 'outcome-2'],
    ['Enabler two: National Framework', 'enabler-2'],
    ['(outcome 1, national framework)', 'outcome-1'],
    ['National Framework outcome four', 'outcome-4'],
    ['Outcome Three', 'outcome-3'],
    ['enabler: leaders drive conditions for effective practice, national framework', 'enabler-3'],
    ['enabler: the workforce is equipped and effective, national framework', 'enabler-2'],
    ['principle 2, national framework', 'principle-2'],
    ['national framework', null],
    [null as unknown as string, null],
  ];
  for (const [tag, code] of cases) assert.equal(nationalFrameworkCode(tag)?.code ?? null, code, tag);
  assert.equal(nationalFrameworkCode('Outcome 4, national framework')?.label, 'Outcome 4: Children in care and care leavers have stable, loving homes');
});

test('the taxonomy has about thirty topics, each defined with phrases, and matches whole words', () => {
  assert.ok(TOPICS.length >= 30 && TOPICS.length <= 40, `${TOPICS.length} topics`);
  assert.equal(new Set(TOPICS.map((t) => t.slug)).size, TOPICS.length);
  for (const t of TOPICS) assert.ok(t.definition.length > 20 && t.phrases.length > 0, t.slug);
  assert.deepEqual(topicsOf('The response to 16- and 17-year-olds who present as homeless.'), ['homeless-16-17']);
  assert.ok(topicsOf('Children at risk of criminal exploitation through county lines').includes('exploitation'));
  assert.ok(topicsOf('Timely initial health assessments for children in care.').includes('health-assessments'));
  assert.ok(topicsOf('Return home interviews for children who go missing').includes('missing'));
  // Whole words only: "pep" is a personal education plan, "pepper" is not.
  assert.ok(!topicsOf('Salt and pepper').includes('education'));
  assert.ok(topicsOf('The quality of PEPs').includes('education'));
  // A phrase ending in * matches any word beginning so.
  assert.ok(topicsOf('Caseloads are too high').includes('workforce'));
});
