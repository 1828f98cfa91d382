// The framework's timings, from the frameworks table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bankHoliday, bankHolidays, easterSunday } from '../../src/domain/bank-holidays.ts';
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

test('working days skip bank holidays: notice, days on site and the accuracy check all count them out', () => {
  // Easter 2027: Good Friday 26 March, Easter Monday 29 March.
  assert.equal(addWorkingDays('2027-03-25', 1), '2027-03-30');
  assert.equal(addWorkingDays('2027-03-30', -1), '2027-03-25');
  assert.equal(workingDaysBetween('2027-03-22', '2027-04-05'), 8);
  // Christmas 2027 falls at a weekend: the 27th and 28th are the substitute days.
  assert.equal(addWorkingDays('2027-12-24', 1), '2027-12-29');
  const line = timeline(t, { start: '2027-04-05', end: '2027-04-09', accuracyStarted: '2027-05-27' });
  assert.equal(line.noticeDue, '2027-03-25', 'five working days before 5 April, skipping Easter');
  assert.equal(line.accuracyDeadline, '2027-06-04', 'five working days after 27 May, skipping the spring bank holiday on 31 May');
  const easter = scheduleProblems(fw, 'short', '2027-03-29', '2027-04-02');
  assert.deepEqual(easter, ['A short inspection is 5 working days on site (one week); 2027-03-29 to 2027-04-02 is 4: 2027-03-29 is a bank holiday (Easter Monday).']);
  assert.deepEqual(scheduleProblems(fw, 'short', '2027-04-05', '2027-04-09'), []);
});

test('England’s bank holidays, as GOV.UK publishes them, from the standing rules and the proclaimed days', () => {
  const published: Record<number, string[]> = {
    2012: ['01-02', '04-06', '04-09', '05-07', '06-04', '06-05', '08-27', '12-25', '12-26'],
    2020: ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28'],
    2021: ['01-01', '04-02', '04-05', '05-03', '05-31', '08-30', '12-27', '12-28'],
    2022: ['01-03', '04-15', '04-18', '05-02', '06-02', '06-03', '08-29', '09-19', '12-26', '12-27'],
    2023: ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26'],
    2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
    2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'],
  };
  for (const [year, days] of Object.entries(published)) {
    assert.deepEqual(bankHolidays(Number(year)).map((d) => d.date.slice(5)), days, year);
  }
  assert.equal(easterSunday(2024), '2024-03-31');
  assert.equal(easterSunday(2038), '2038-04-25');
  assert.equal(bankHoliday('2022-12-27'), 'Christmas Day (substitute day)');
  assert.equal(bankHoliday('2022-05-30'), null, 'the spring bank holiday moved to 2 June for the Platinum Jubilee');
  assert.equal(bankHoliday('2027-01-04'), null);
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
