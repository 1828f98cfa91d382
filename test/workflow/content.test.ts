// What the team records: evidence without personal data, judgements on the framework's scale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRAMEWORKS } from '../../src/domain/frameworks.ts';
import { checkComment, checkEvidence, checkImprovements, checkJudgements, checkSection, personalDataIn, wordCount } from '../../src/workflow/content.ts';

const good = { area: 'help_protection', criterion: 'Children at risk of harm are identified and protected', source: 'case_file', caseRef: 'c-0042', text: 'Strategy discussion held within a day; child seen alone on each visit.' };

test('evidence is checked against the framework and kept without personal data', () => {
  const ok = checkEvidence('ILACS2026', good);
  assert.deepEqual(ok, { ok: true, value: { ...good, area: 'help_protection', caseRef: 'C-0042', source: 'case_file' } });
  const noOverall = checkEvidence('ILACS2026', { ...good, area: 'overall' });
  assert.equal(noOverall.ok, false);
  assert.match(!noOverall.ok ? noOverall.problems[0]!.message : '', /"overall" is not a judgement area of Inspection of local authority children’s services \(2026\)/);
  assert.equal(checkEvidence('ILACS2023', { ...good, area: 'overall', criterion: 'Overall effectiveness of services for children and families' }).ok, true);
  const missing = checkEvidence('ILACS2026', {});
  assert.deepEqual(!missing.ok && missing.problems.map((p) => p.field), ['area', 'criterion', 'source', 'text']);
  const caseFileNoRef = checkEvidence('ILACS2026', { ...good, caseRef: '' });
  assert.match(!caseFileNoRef.ok ? caseFileNoRef.problems[0]!.message : '', /pseudonymous reference/);
  const nameAsRef = checkEvidence('ILACS2026', { ...good, caseRef: 'Jayden Smith' });
  assert.match(!nameAsRef.ok ? nameAsRef.problems[0]!.message : '', /not a pseudonymous case reference/);
});

test('evidence names one of the framework\'s evaluation criteria for its area, from the frameworks table', () => {
  for (const fw of ['ILACS2018', 'ILACS2023', 'ILACS2026'] as const) {
    for (const def of FRAMEWORKS[fw].judgements) {
      assert.ok((def.criteria ?? []).length > 0, `${fw} ${def.key} lists no criteria`);
      for (const criterion of def.criteria!) assert.equal(checkEvidence(fw, { ...good, area: def.key, criterion }).ok, true, `${fw} ${def.key}: ${criterion}`);
    }
  }
  const invented = checkEvidence('ILACS2026', { ...good, criterion: 'Children are happy' });
  assert.equal(invented.ok, false);
  assert.match(!invented.ok ? invented.problems[0]!.message : '', /"Children are happy" is not one of .* evaluation criteria for this area: choose one of "Early help"/);
  // A criterion of another area is not this area's.
  assert.equal(checkEvidence('ILACS2026', { ...good, criterion: 'Pathway planning' }).ok, false);
  assert.equal(checkEvidence('ILACS2026', { ...good, area: 'care_leavers', criterion: 'Pathway planning' }).ok, true);
});

test('obvious personal data is refused with what was found', () => {
  const cases: [string, RegExp][] = [
    ['Mother emailed jane.doe@example.com about contact', /an email address/],
    ['Called the carer on 07700 900123', /a telephone number/],
    ['NHS number 943 476 5919 on file', /NHS number/],
    ['NI number AB 12 34 56 C recorded', /National Insurance/],
    ['DOB 03/04/2015 noted', /a date of birth/],
    ['Lives at SS1 2AB with carers', /a postcode/],
    ['Mrs Patel attended the meeting', /a name with a title/],
    ['The boy, called Tyler, was seen alone', /a name \("called …"/],
  ];
  for (const [text, what] of cases) {
    const r = checkEvidence('ILACS2026', { ...good, text });
    assert.equal(r.ok, false, text);
    assert.match(!r.ok ? r.problems[0]!.message : '', what, text);
    assert.match(!r.ok ? r.problems[0]!.message : '', /use the pseudonymous case reference/);
  }
  assert.deepEqual(personalDataIn(good.text), []);
  assert.deepEqual(personalDataIn('Visits in 2024 were within 10 working days for 95% of children.'), []);
});

test('judgements: the framework’s keys and scale only', () => {
  const ok = checkJudgements('ILACS2023', { overall: 'good', leaders: 'requires_improvement' }, { overall: { rationale: 'Consistent practice.', evidence: [3] } }, new Set([3]));
  assert.deepEqual(ok, { ok: true, value: [{ key: 'overall', grade: 'good', rationale: 'Consistent practice.', evidenceIds: [3] }, { key: 'leaders', grade: 'requires_improvement', rationale: null, evidenceIds: [] }] });
  const unknownKey = checkJudgements('ILACS2026', { overall: 'good' });
  assert.match(!unknownKey.ok ? unknownKey.problems[0]!.message : '', /"overall" is not a judgement of .*2026/);
  const unknownGrade = checkJudgements('ILACS2023', { leaders: 'adequate' });
  assert.match(!unknownGrade.ok ? unknownGrade.problems[0]!.message : '', /"adequate" is not a grade on .*scale: use outstanding \(Outstanding\), good \(Good\), requires_improvement \(Requires improvement to be good\), inadequate/);
  assert.equal(checkJudgements('ILACS2023', ['good']).ok, false);
  const badEvidence = checkJudgements('ILACS2023', { leaders: 'good' }, { leaders: { evidence: [9] } }, new Set([3]));
  assert.match(!badEvidence.ok ? badEvidence.problems[0]!.message : '', /Evidence 9 is not recorded/);
});

test('improvement items and council comments', () => {
  assert.deepEqual(checkImprovements([' The quality of supervision. ', 'Timeliness of assessments.']), { ok: true, value: ['The quality of supervision.', 'Timeliness of assessments.'] });
  const bad = checkImprovements(['', 'Ms Jones to improve']);
  assert.deepEqual(!bad.ok && bad.problems.map((p) => p.field), ['items[0]', 'items[1]']);
  assert.equal(checkImprovements('text').ok, false);
  // The report prints its own bullet: an item that starts with one (or a number) would lose it when read back.
  const marked = checkImprovements(['• The quality of supervision.', '3. Plans for permanence.', 'The 16- and 17-year-olds’ plans.']);
  assert.equal(marked.ok, false);
  if (!marked.ok) assert.deepEqual(marked.problems.map((p) => p.field), ['items[0]', 'items[1]']);
  assert.match(marked.ok ? '' : marked.problems[1]!.message, /Item 2 starts with a bullet, dash or number \("3\."\)/);
  assert.deepEqual(checkComment('Paragraph 3 gives the wrong date of the audit.', '3'), { ok: true, value: { text: 'Paragraph 3 gives the wrong date of the audit.', paragraph: 3 } });
  assert.equal(checkComment('', null).ok, false);
  assert.equal(checkComment('x', '0').ok, false);
});

test('report sections: the framework’s own, within bounds, without personal data; words counted as a word count counts them', () => {
  assert.equal(wordCount('Children’s plans – reviewed on time (mostly); 16- and 17-year-olds.'), 9);
  assert.equal(wordCount('  \n\n '), 0);
  assert.deepEqual(checkSection('ILACS2023', 'in_care', ' Children in care live in stable homes.\r\n\r\nThey see their families. '), { ok: true, value: { key: 'in_care', text: 'Children in care live in stable homes.\n\nThey see their families.' } });
  assert.deepEqual(checkSection('ILACS2023', 'headline', ''), { ok: true, value: { key: 'headline', text: '' } });
  const bad = checkSection('ILACS2026', 'overall', 'Mrs Patel was seen.');
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.match(bad.problems[0]!.message, /"overall" is not a section of .*: its sections are headline, help_protection, in_care, care_leavers, leaders/);
    assert.match(bad.problems[1]!.message, /a name with a title/);
  }
  assert.equal(checkSection('ILACS2023', 'leaders', 'x'.repeat(20001)).ok, false);
  assert.equal(checkSection('ILACS2023', 'leaders', 42).ok, false);
});
