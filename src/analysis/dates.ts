// Calendar dates as ISO strings ("2025-03-17"), in days and in words (GOV.UK style).
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const DAY_MS = 86_400_000;

export function dayNumber(iso: string): number {
  return Math.floor(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / DAY_MS);
}

export function isoDay(n: number): string {
  return new Date(Math.round(n) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

export function addDays(iso: string, days: number): string {
  return isoDay(dayNumber(iso) + days);
}

/** "2025-03-17" → "17 March 2025". */
export function formatDay(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? ''} ${m[1]}`;
}

/** "17 to 21 March 2025", "27 September to 8 October 2021", "28 December 2015 to 8 January 2016". */
export function formatDayRange(start: string | null, end: string | null): string {
  if (!start || !end || start === end) return formatDay((start ?? end) as string);
  const [sy, sm] = [start.slice(0, 4), start.slice(5, 7)];
  const [ey, em] = [end.slice(0, 4), end.slice(5, 7)];
  const s = formatDay(start).split(' ');
  if (sy === ey && sm === em) return `${s[0]} to ${formatDay(end)}`;
  if (sy === ey) return `${s[0]} ${s[1]} to ${formatDay(end)}`;
  return `${formatDay(start)} to ${formatDay(end)}`;
}
