// The frameworks table's drafting sections: each names the headline
// findings or one of the framework's own judgement areas, once, with a
// sensible expected length; every framework the workflow runs has them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRAMEWORKS } from '../../src/domain/frameworks.ts';

test('report sections: the headline findings and each judgement area but overall effectiveness, once each, with word ranges', () => {
  for (const fw of Object.values(FRAMEWORKS)) {
    if (!fw.sections) continue;
    const keys = fw.sections.map((s) => s.key);
    assert.equal(new Set(keys).size, keys.length, `${fw.id}: a section twice`);
    assert.equal(keys[0], 'headline', `${fw.id}: the headline findings come first`);
    assert.deepEqual(new Set(keys.slice(1)), new Set(fw.judgements.map((j) => j.key).filter((k) => k !== 'overall')), fw.id);
    for (const s of fw.sections) assert.ok(s.words.min > 0 && s.words.min < s.words.max, `${fw.id} ${s.key}`);
  }
  assert.deepEqual(FRAMEWORKS.ILACS2023.sections?.map((s) => s.key), ['headline', 'help_protection', 'in_care', 'care_leavers', 'leaders']);
  assert.deepEqual(FRAMEWORKS.ILACS2026.sections?.map((s) => s.key), ['headline', 'help_protection', 'in_care', 'care_leavers', 'leaders']);
});
