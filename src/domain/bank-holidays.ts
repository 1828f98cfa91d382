// Bank holidays in England, the days a council's working days skip (notice,
// days on site, the factual accuracy check). Worked out from the standing
// rules (the Banking and Financial Dealings Act 1971 and the usual
// substitute days), with the days royal proclamations moved or added
// listed below. Checked against GOV.UK's published list of bank holidays
// (https://www.gov.uk/bank-holidays, Open Government Licence v3.0) for
// 2012 to 2027. A one-off day proclaimed after this list was written is
// not known until it is added here.

/** Days proclaimed in addition to the standing ones, and standing days moved by proclamation. */
const PROCLAIMED: { date: string; name: string; replaces?: string }[] = [
  { date: '2011-04-29', name: 'Royal wedding' },
  { date: '2012-06-04', name: 'Spring bank holiday', replaces: '2012-05-28' },
  { date: '2012-06-05', name: 'Queen’s Diamond Jubilee' },
  { date: '2020-05-08', name: 'Early May bank holiday (VE day)', replaces: '2020-05-04' },
  { date: '2022-06-02', name: 'Spring bank holiday', replaces: '2022-05-30' },
  { date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
  { date: '2022-09-19', name: 'Bank holiday for the State Funeral of Queen Elizabeth II' },
  { date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' },
];

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d);
const weekday = (ms: number): number => new Date(ms).getUTCDay();
const atWeekend = (ms: number): boolean => weekday(ms) === 0 || weekday(ms) === 6;

/** Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(utc(year, month, day));
}

/** The first Monday on or after a day. */
const mondayFrom = (ms: number): number => ms + ((8 - weekday(ms)) % 7) * DAY;
/** The last Monday on or before a day. */
const mondayUpTo = (ms: number): number => ms - ((weekday(ms) + 6) % 7) * DAY;

/** England's bank holidays in one year, in date order, by date with their names. */
export function bankHolidays(year: number): { date: string; name: string }[] {
  const days: { date: string; name: string }[] = [];
  const add = (ms: number, name: string) => days.push({ date: iso(ms), name });
  // New Year's Day, or the Monday after when it falls at a weekend.
  const newYear = utc(year, 1, 1);
  if (atWeekend(newYear)) add(mondayFrom(newYear), 'New Year’s Day (substitute day)');
  else add(newYear, 'New Year’s Day');
  const easter = Date.parse(`${easterSunday(year)}T00:00:00Z`);
  add(easter - 2 * DAY, 'Good Friday');
  add(easter + DAY, 'Easter Monday');
  add(mondayFrom(utc(year, 5, 1)), 'Early May bank holiday');
  add(mondayUpTo(utc(year, 5, 31)), 'Spring bank holiday');
  add(mondayUpTo(utc(year, 8, 31)), 'Summer bank holiday');
  // Christmas Day and Boxing Day: one on a weekday keeps its day; one at a
  // weekend moves to the next weekday not already taken.
  const christmas = utc(year, 12, 25);
  const taken = new Set<number>();
  const twoDays: [number, string][] = [
    [christmas, 'Christmas Day'],
    [christmas + DAY, 'Boxing Day'],
  ];
  for (const [ms, name] of twoDays.sort((a, b) => Number(atWeekend(a[0])) - Number(atWeekend(b[0])))) {
    let day = ms;
    let substitute = false;
    while (atWeekend(day) || taken.has(day)) {
      day += DAY;
      substitute = true;
    }
    taken.add(day);
    add(day, substitute ? `${name} (substitute day)` : name);
  }
  const moved = new Set(PROCLAIMED.filter((p) => p.replaces?.startsWith(`${year}-`)).map((p) => p.replaces));
  const kept = days.filter((d) => !moved.has(d.date));
  for (const p of PROCLAIMED) if (p.date.startsWith(`${year}-`)) kept.push({ date: p.date, name: p.name });
  return kept.sort((a, b) => a.date.localeCompare(b.date));
}

const byYear = new Map<number, Map<string, string>>();

/** The bank holiday's name if `date` (YYYY-MM-DD) is one in England, else null. */
export function bankHoliday(date: string): string | null {
  const year = Number(date.slice(0, 4));
  let days = byYear.get(year);
  if (!days) byYear.set(year, (days = new Map(bankHolidays(year).map((d) => [d.date, d.name]))));
  return days.get(date) ?? null;
}
