// The framework's timings for one inspection: when notice is due, how many
// days on site its type means, the council's deadline for its accuracy
// check, and when publication falls. Pure date arithmetic on ISO dates; the
// numbers come from the frameworks table (Framework.workflow), never from here.
// Working days are Monday to Friday except England's bank holidays
// (src/domain/bank-holidays.ts).
import { bankHoliday } from '../domain/bank-holidays.ts';
import type { Framework, WorkflowTimings } from '../domain/frameworks.ts';
import type { Move } from './machine.ts';

import type { InspectionType } from '../domain/workflow.ts';

export { INSPECTION_TYPES, type InspectionType } from '../domain/workflow.ts';

const DAY = 86_400_000;

export function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

const toMs = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const toIso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const weekday = (iso: string): number => new Date(toMs(iso)).getUTCDay();
const isWeekday = (iso: string): boolean => weekday(iso) >= 1 && weekday(iso) <= 5;
export const isWorkingDay = (iso: string): boolean => isWeekday(iso) && bankHoliday(iso) === null;

export function addDays(iso: string, n: number): string {
  return toIso(toMs(iso) + n * DAY);
}

/** The working day `n` working days after (n > 0) or before (n < 0) `iso`. */
export function addWorkingDays(iso: string, n: number): string {
  let d = iso;
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; ) {
    d = addDays(d, step);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** Working days from `a` up to but not including `b` (negative when b is before a). */
export function workingDaysBetween(a: string, b: string): number {
  if (b < a) return -workingDaysBetween(b, a);
  let n = 0;
  for (let d = a; d < b; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}

/** Working days on site from `start` to `end`, both included. */
export function daysOnSite(start: string, end: string): number {
  return workingDaysBetween(start, addDays(end, 1));
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * What is wrong with an inspection's dates for its type under the
 * framework's timings: fieldwork runs Monday to Friday, one week for a
 * short inspection and two for a standard one. Empty when they fit.
 */
export function scheduleProblems(fw: Framework, type: InspectionType, start: string, end: string): string[] {
  const t = fw.workflow;
  if (!t) return [`${fw.name} has no workflow timings in the frameworks table, so ilacs cannot run an inspection under it.`];
  const problems: string[] = [];
  if (end < start) return [`The last day on site (${end}) is before the first (${start}).`];
  if (weekday(start) !== 1) problems.push(`Fieldwork starts on a Monday: ${start} is a ${WEEKDAYS[weekday(start)]}.`);
  if (weekday(end) !== 5) problems.push(`Fieldwork ends on a Friday: ${end} is a ${WEEKDAYS[weekday(end)]}.`);
  const want = t.onSiteWorkingDays[type];
  const got = daysOnSite(start, end);
  if (got !== want) {
    const holidays: string[] = [];
    for (let d = start; d <= end; d = addDays(d, 1)) if (isWeekday(d) && bankHoliday(d)) holidays.push(`${d} is a bank holiday (${bankHoliday(d)})`);
    problems.push(`A ${type} inspection is ${want} working days on site (${type === 'short' ? 'one week' : 'two weeks'}); ${start} to ${end} is ${got}${holidays.length ? `: ${holidays.join(', ')}` : ''}.`);
  }
  return problems;
}

/** The dates an inspection's timings give, for pages and the API. */
export interface Timeline {
  /** The working day notice is due: the working week before fieldwork. */
  noticeDue: string;
  onSite: { start: string; end: string; workingDays: number };
  /** The council's last day to comment, once its accuracy check has started. */
  accuracyDeadline: string | null;
  /** Publication: Ofsted's median after the last day on site, and its usual range. */
  publication: { expected: string; earliest: string; latest: string };
}

export interface TimedInspection {
  start: string;
  end: string;
  /** When the accuracy check started (ISO date), if it has. */
  accuracyStarted: string | null;
}

export function timeline(t: WorkflowTimings, i: TimedInspection): Timeline {
  return {
    noticeDue: addWorkingDays(i.start, -t.noticeWorkingDays),
    onSite: { start: i.start, end: i.end, workingDays: daysOnSite(i.start, i.end) },
    accuracyDeadline: i.accuracyStarted ? addWorkingDays(i.accuracyStarted, t.accuracyCheckWorkingDays) : null,
    publication: { expected: addDays(i.end, t.publicationDays.median), earliest: addDays(i.end, t.publicationDays.earliest), latest: addDays(i.end, t.publicationDays.latest) },
  };
}

/** A move checked against the timings: errors refuse it, warnings are shown with it. */
export interface TimingCheck {
  errors: string[];
  warnings: string[];
}

/** The timings' say on making `move` on `today` (ISO date). */
export function checkMoveTiming(t: WorkflowTimings, i: TimedInspection, move: Move, today: string): TimingCheck {
  const line = timeline(t, i);
  const errors: string[] = [];
  const warnings: string[] = [];
  if (move.to === 'notified') {
    if (today >= i.start) errors.push(`Notice comes before fieldwork: fieldwork starts on ${i.start}, and today is ${today}. Move the dates first.`);
    else if (today < line.noticeDue) warnings.push(`Notice is given the working week before fieldwork (${t.noticeWorkingDays} working days, from ${line.noticeDue}); today is ${workingDaysBetween(today, i.start)} working days before ${i.start}.`);
  }
  if (move.to === 'on_site' && today < i.start) warnings.push(`Fieldwork is planned to start on ${i.start}; today is ${today}.`);
  if (move.from === 'on_site' && move.to === 'drafting' && today < i.end) warnings.push(`Fieldwork is planned to run to ${i.end}; today is ${today}.`);
  if (move.from === 'accuracy_check' && move.to === 'final' && line.accuracyDeadline && today < line.accuracyDeadline) {
    warnings.push(`The council has until ${line.accuracyDeadline} (${t.accuracyCheckWorkingDays} working days) to comment on the draft.`);
  }
  if (move.to === 'published') {
    if (today <= i.end) errors.push(`A report is published after fieldwork: the last day on site is ${i.end}.`);
    else if (today < line.publication.earliest || today > line.publication.latest) {
      warnings.push(`Reports are usually published ${t.publicationDays.earliest} to ${t.publicationDays.latest} days after the last day on site (${line.publication.earliest} to ${line.publication.latest}); today is ${today}.`);
    }
  }
  return { errors, warnings };
}

/** Whether the council may still comment on `today`: during its working days, the deadline included. */
export function accuracyCheckOpen(t: WorkflowTimings, i: TimedInspection, today: string): { open: true } | { open: false; message: string } {
  const deadline = timeline(t, i).accuracyDeadline;
  if (deadline && today > deadline) return { open: false, message: `The factual accuracy check closed on ${deadline} (${t.accuracyCheckWorkingDays} working days from ${i.accuracyStarted}): comments can no longer be added.` };
  return { open: true };
}
