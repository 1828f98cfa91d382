// The framework's timings, from the frameworks table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FRAMEWORKS } from '../../src/domain/frameworks.ts';
import { MOVES } from '../../src/workflow/machine.ts';
import { accuracyCheckOpen, addWorkingDays, checkMoveTiming, daysOnSite, scheduleProblems, timeline, workingDaysBetween } from '../../src/workflow/timings.ts';

const fw = FRAMEWORKS.ILACS2026;
const t = fw.workflow!;
const move = (from: string, to: string) => MOVES.find((m) => m.from === from && m.to === to)!;

test('working days skip weekends both ways', () => {
  assert.equal(addWorkingDays('2027-01-08', 1), '2027-01-11'); // Friday → Monday
  assert.equal(addWorkingDays('2027-01-11', -5), '2027-01-04');
  assert.equal(workingDaysBetween('2027-01-04', '2027-01-11'), 5);
  assert.equal(workingDaysBetween('2027-01-11', '2027-01-04'), -5);
  assert.equal(daysOnSite('2027-01-11', '2027-01-22'), 10);
});

test('the ILACS frameworks carry their timings in the table', () => {
  for (const id of ['ILACS2018', 'ILACS2023', 'ILACS2026'] as const) {
    assert.deepEqual(FRAMEWORKS[id].workflow, { noticeWorkingDays: 5, onSiteWorkingDays: { short: 5, standard: 10 }, accuracyCheckWorkingDays: 5, publicationDays: { median: 42, earliest: 31, latest: 66 } });
  }
  assert.equal(FRAMEWORKS.SIF.workflow, undefined);
  assert.match(scheduleProblems(FRAMEWORKS.SIF, 'short', '2027-01-11', '2027-01-15')[0]!, /no workflow timings/);
});

test('a short inspection is one week Monday to Friday, a standard one two', () => {
  assert.deepEqual(scheduleProblems(fw, 'short', '2027-01-11', '2027-01-15'), []);
  assert.deepEqual(scheduleProblems(fw, 'standard', '2027-01-11', '2027-01-22'), []);
  const wrong = scheduleProblems(fw, 'short', '2027-01-11', '2027-01-22');
  assert.deepEqual(wrong, ['A short inspection is 5 working days on site (one week); 2027-01-11 to 2027-01-22 is 10.']);
  const offDays = scheduleProblems(fw, 'standard', '2027-01-12', '2027-01-21');
  assert.equal(offDays.length, 3);
  assert.match(offDays[0]!, /starts on a Monday: 2027-01-12 is a Tuesday/);
  assert.match(offDays[1]!, /ends on a Friday: 2027-01-21 is a Thursday/);
  assert.match(scheduleProblems(fw, 'short', '2027-01-15', '2027-01-11')[0]!, /before the first/);
});

test('the timeline: notice the working week before, the council’s five working days, publication about six weeks on', () => {
  const line = timeline(t, { start: '2027-01-11', end: '2027-01-22', accuracyStarted: '2027-02-12' });
  assert.equal(line.noticeDue, '2027-01-04');
  assert.deepEqual(line.onSite, { start: '2027-01-11', end: '2027-01-22', workingDays: 10 });
  assert.equal(line.accuracyDeadline, '2027-02-19');
  assert.deepEqual(line.publication, { expected: '2027-03-05', earliest: '2027-02-22', latest: '2027-03-29' });
});

test('moves checked against the timings', () => {
  const i = { start: '2027-01-11', end: '2027-01-15', accuracyStarted: '2027-02-01' };
  assert.deepEqual(checkMoveTiming(t, i, move('planned', 'notified'), '2027-01-05'), { errors: [], warnings: [] });
  assert.match(checkMoveTiming(t, i, move('planned', 'notified'), '2027-01-11').errors[0]!, /Notice comes before fieldwork/);
  assert.match(checkMoveTiming(t, i, move('planned', 'notified'), '2026-12-01').warnings[0]!, /working week before fieldwork/);
  assert.match(checkMoveTiming(t, i, move('notified', 'on_site'), '2027-01-08').warnings[0]!, /planned to start on 2027-01-11/);
  assert.match(checkMoveTiming(t, i, move('on_site', 'drafting'), '2027-01-13').warnings[0]!, /run to 2027-01-15/);
  assert.match(checkMoveTiming(t, i, move('accuracy_check', 'final'), '2027-02-03').warnings[0]!, /until 2027-02-08/);
  assert.deepEqual(checkMoveTiming(t, i, move('accuracy_check', 'final'), '2027-02-08').warnings, []);
  assert.match(checkMoveTiming(t, i, move('final', 'published'), '2027-01-15').errors[0]!, /published after fieldwork/);
  assert.match(checkMoveTiming(t, i, move('final', 'published'), '2027-01-20').warnings[0]!, /usually published 31 to 66 days/);
  assert.deepEqual(checkMoveTiming(t, i, move('final', 'published'), '2027-02-26'), { errors: [], warnings: [] });
  assert.deepEqual(accuracyCheckOpen(t, i, '2027-02-08'), { open: true });
  const closed = accuracyCheckOpen(t, i, '2027-02-09');
  assert.equal(closed.open, false);
  assert.match(!closed.open ? closed.message : '', /closed on 2027-02-08/);
});
