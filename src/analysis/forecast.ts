// When will each council's next full inspection start? A forecast made as at
// a date from only what Ofsted had published by then, learnt from the record.
// Ofsted's published cycle puts the next full inspection about three years
// after the last, give or take six months; in practice the gap has moved with
// Ofsted's pace (the 2020-21 pause left a backlog, worked off since), and
// councils are reached roughly in the order they were last inspected. So the
// forecast queues every council by the start of its last full inspection and
// walks the queue at the pace Ofsted kept over the past year, from far enough
// back that inspections not yet published are counted as done; its 80% window
// comes from the errors the same method made, as at earlier quarters, on the
// inspections published since. With too little published to learn from, the
// published cycle rule is used. Pure: the record's view and a date in.
import { FRAMEWORKS, isFullInspection, type Grade } from '../domain/frameworks.ts';
import type { ReportRow } from '../store/read/index.ts';
import { addDays, dayNumber, daysBetween, formatDay, isoDay } from './dates.ts';
import type { RecordView } from './view.ts';

export interface Forecast {
  urn: string | null;
  slug: string;
  authority: string;
  /** The last full inspection published by the as-at date (the council's own, or a council it replaced). */
  last: { reportId: number; council: string; start: string; grade: Grade | null; published: string } | null;
  /** Days from the last full inspection's start to the as-at date. */
  daysSinceLast: number | null;
  expectedStart: string | null;
  /** The 80% window. */
  window: { from: string; to: string } | null;
  basis: string;
}

export interface ForecastModel {
  /** Ofsted's pace: full inspections a year, counted over the year before the lag. */
  rate: number;
  /** Days before the date (or the record's last refresh) the queue is walked from: inspections started since may not be published yet. */
  lag: number;
  /** The day the queue is walked from (the counting year ends the day before). */
  countedTo: string;
  counted: number;
  /** How many earlier forecasts' errors set the bias and the window, and since when. */
  calibratedOn: number;
  calibratedSince: string;
  /** Days added to the queue's date (its median error on those inspections). */
  bias: number;
  /** The 80% window around the forecast: the 10th and 90th percentiles of those errors (days). */
  low: number;
  high: number;
  /** True when too little was published to learn from: the published cycle rule alone is used. */
  ruleOnly: boolean;
}

export interface ForecastSet {
  asAt: string;
  model: ForecastModel;
  forecasts: Forecast[];
}


/** Days a report is assumed to take to publish when the record has no publication date (well past Ofsted's usual 42). */
const UNDATED_PUBLICATION_DAYS = 90;
/** Below this many inspections in the counting year, the published cycle rule is used alone. */
const RULE_MIN = 8;
/** Ofsted publishes every week or two: a record with nothing newer than this many days before the date was last refreshed then. */
const STALE_DAYS = 30;
/** A forecast start never falls before the as-at date plus this (an overdue council is next in the queue). */
const SOONEST_DAYS = 14;

/** When the record says a report became public (its listing date; else its last day on site plus a margin). */
export function publishedOn(r: ReportRow): string | null {
  if (r.listingDate) return r.listingDate.slice(0, 10);
  const end = r.inspectionEnd ?? r.inspectionStart;
  return end ? addDays(end, UNDATED_PUBLICATION_DAYS) : null;
}

/** Whether a report counts for a forecast as at `asAt`: a full inspection, public by then and not withdrawn by then. */
export function visibleAt(r: ReportRow, asAt: string): boolean {
  const published = publishedOn(r);
  return isFullInspection(r.framework) && r.inspectionStart !== null && published !== null && published <= asAt && !(r.withdrawnAt && r.withdrawnAt.slice(0, 10) <= asAt);
}

interface Council {
  urn: string | null;
  slug: string;
  name: string;
  /** Visible full inspections of the council and the councils it replaced, oldest first. */
  history: { r: ReportRow; council: string }[];
}

/** The councils that existed at the date, each with the full inspections published by then (its own and its predecessors'). */
export function councilsAt(view: RecordView, asAt: string): Council[] {
  return view.authorities
    .filter((v) => (v.authority.startDate === null || v.authority.startDate <= asAt) && (v.authority.endDate === null || v.authority.endDate > asAt) && (v.authority.isCurrent || v.authority.endDate !== null))
    .map((v) => {
      const history = [
        ...v.reports.map((r) => ({ r, council: v.authority.name })),
        ...v.predecessors.flatMap((p) => p.reports.map((r) => ({ r, council: p.authority.name }))),
      ]
        .filter((h) => visibleAt(h.r, asAt))
        .sort((a, b) => (a.r.inspectionStart as string).localeCompare(b.r.inspectionStart as string) || a.r.id - b.r.id);
      return { urn: v.authority.urn, slug: v.authority.slug, name: v.authority.name, history };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

/** The published cycle from the frameworks table (the newest full-inspection framework that states one). */
function cycleRule(): { months: number; toleranceMonths: number } {
  const withCycle = Object.values(FRAMEWORKS).filter((f) => f.fullInspection && f.cycle);
  const newest = withCycle.sort((a, b) => b.from.localeCompare(a.from))[0];
  return newest?.cycle ?? { months: 36, toleranceMonths: 6 };
}

export interface ModelOptions {
  /** Inspections that started in this many days before the as-at date are assumed not all published yet (used when the record has too few publication dates to learn it from). */
  lagDays?: number;
  /** Learn that lag instead: this quantile of the days from start to publication of the full inspections published in the year before (0: use lagDays). */
  lagQ?: number;
  /** Ofsted's pace is counted over this many days before that. */
  rateDays?: number;
  /** The window and the bias come from the forecast's own errors on inspections that started in this many days before the as-at date. */
  calibrationDays?: number;
  /** Correct the queue's date by its median error on those inspections. */
  correctBias?: boolean;
  /** Forecast councils at the front of the queue, and the others, each from their own past errors. */
  splitOverdue?: boolean;
  /** How far back the front of the queue's waits are learnt. */
  overdueCalibrationDays?: number;
  /** The front of the queue: councils reached within this many days after the soonest date (or already passed). */
  overdueMarginDays?: number;
  /** The window's quantiles of those errors. */
  lowQ?: number;
  highQ?: number;
}

// Chosen by the backtest (npm run bench:forecast): a median correction and a
// shorter or longer counting year each made the forecasts worse, and so did
// correcting each last grade by its own median error. What helped: councils
// at the front of the queue (reached within about three months, or already
// passed) are not simply taken in queue order; forecasting them from how long
// such councils actually waited (learnt over three years) cut the median
// error from 79 to 47 days. Past errors understate future ones a little, so
// the window spans their 8th to 92nd percentiles, which holds about 80% of
// real starts in the backtest. These settings were chosen on the backtest.
//
// The walk used to start a fixed 45 days before the date (Ofsted's median of
// 42 days to publish, counted from the last day on site). But reports take a
// median of 56 days from the first day on site, and one in ten more than 78,
// so inspections already under way still sat at the front of the queue and
// pushed everyone behind them later. The lag is now learnt: the 90th
// percentile of the days from start to publication over the past year, 64 to
// 93 days over the backtest's dates. The 90th is a rule, not a fit (any lag
// long enough to cover nearly every unpublished inspection should do), but
// it was settled after trying fixed lags on this same backtest. It cut the
// median error of every forecast, whatever its lead, from 124 to 102 days,
// and that of the goal's scoring from 47 to 44; the second moves between 42
// and 47 with the percentile (75th to 95th): read it as about 45. Tried on
// the same backtest (with the old lag) and dropped, none better on both
// measures: walking the queue in a working year learnt from the record (no
// starts in August or over Christmas), moving councils last judged requires
// improvement or inadequate up the queue by how far such councils had
// recently jumped it, and separate queues by region.
const DEFAULTS: Required<ModelOptions> = { lagDays: 45, lagQ: 0.9, rateDays: 365, calibrationDays: 540, correctBias: false, splitOverdue: true, overdueCalibrationDays: 1095, overdueMarginDays: 90, lowQ: 0.08, highQ: 0.92 };

/** Where the queue stood at a date, and where each council is in it. */
interface QueuePoint {
  expected: number;
  lastId: number;
  position: number;
}

interface QueueState {
  /** Full inspections a day, over the counting period. */
  rate: number;
  counted: number;
  /** Inspections known to have started since the counting period ended (they took places at the front). */
  since: number;
  from: number;
  /** Days before the date (or the record's last refresh) the queue is walked from. */
  lag: number;
  points: Map<string, QueuePoint>;
}

/**
 * Ofsted's queue as at a date: every council in the order its last full
 * inspection started (the cycle is about the same length for all, so the
 * longest waiting comes first), reached at the pace Ofsted has kept over the
 * past year (which carries the 2020-21 pause and the backlog after it).
 */
function queueAt(councils: Council[], asAt: string, o: Required<ModelOptions>): QueueState {
  // Counted up to what the record knows: a record last refreshed before the date would otherwise seem to show Ofsted stopping.
  const newest = councils.flatMap((c) => c.history.map((h) => publishedOn(h.r) as string)).sort().at(-1) ?? asAt;
  const stale = daysBetween(newest, asAt) > STALE_DAYS;
  const known = dayNumber(stale ? newest : asAt);
  const lag = learnLag(councils, known, o);
  const from = known - lag;
  const starts = councils.flatMap((c) => c.history.map((h) => dayNumber(h.r.inspectionStart as string)));
  const counted = starts.filter((d) => d >= from - o.rateDays && d < from).length;
  const rate = Math.max(counted, 1) / o.rateDays;
  const since = starts.filter((d) => d >= from).length;
  const queue = councils
    .filter((c) => c.history.length)
    .map((c) => ({ slug: c.slug, last: c.history.at(-1)!.r }))
    .sort((a, b) => (a.last.inspectionStart as string).localeCompare(b.last.inspectionStart as string) || a.slug.localeCompare(b.slug));
  const points = new Map<string, QueuePoint>();
  queue.forEach((x, i) => points.set(x.slug, { expected: Math.round(from + (i + since + 0.5) / rate), lastId: x.last.id, position: i + 1 }));
  return { rate, counted, since, from, lag, points };
}

/**
 * How far back the queue is walked from: inspections that started since may
 * not all be published yet, and those not published still look as if they
 * were waiting, at the front of the queue. Walking from early enough that
 * nearly all of them fall after the start (the 90th percentile of how long
 * reports took from first day on site to publication over the past year),
 * the walk counts their places as taken. Too few dated reports: lagDays.
 */
function learnLag(councils: Council[], known: number, o: Required<ModelOptions>): number {
  if (!o.lagQ) return o.lagDays;
  const delays = councils
    .flatMap((c) => c.history.map((h) => h.r))
    .filter((r) => r.listingDate && dayNumber(r.listingDate) > known - 365 && dayNumber(r.listingDate) <= known)
    .map((r) => dayNumber(r.listingDate as string) - dayNumber(r.inspectionStart as string))
    .sort((a, b) => a - b);
  return delays.length >= RULE_MIN ? Math.round(quantile(delays, o.lagQ)) : o.lagDays;
}

const memo = new WeakMap<RecordView, Map<string, QueueState>>();

/** The queue as at a date, computed once per view and options. */
function queueMemo(view: RecordView, asAt: string, o: Required<ModelOptions>): QueueState {
  let byDate = memo.get(view);
  if (!byDate) memo.set(view, (byDate = new Map()));
  const key = `${asAt} ${o.lagDays} ${o.lagQ} ${o.rateDays}`;
  let q = byDate.get(key);
  if (!q) byDate.set(key, (q = queueAt(councilsAt(view, asAt), asAt, o)));
  return q;
}

/** The first day of the quarter a date falls in. */
function quarterOf(iso: string): string {
  const m = Number(iso.slice(5, 7));
  return `${iso.slice(0, 4)}-${String(m - ((m - 1) % 3)).padStart(2, '0')}-01`;
}

/**
 * How far off the queue was for inspections published by the date: each
 * scored from the queue as at the first day of the latest quarter at least
 * 90 days before it started (what was published then, nothing later).
 */
interface Calibration {
  /** Every scored inspection's error (real start minus forecast, days), sorted. */
  errors: number[];
  /** Those of councils the queue had already passed (forecast "as soon as the queue allows"), sorted. */
  overdue: number[];
  /** The others, sorted. */
  onTime: number[];
  since: string;
}

function calibrate(view: RecordView, councils: Council[], asAt: string, o: Required<ModelOptions>, lead = 90): Calibration {
  const collect = (days: number): Calibration => {
    const cutoff = addDays(asAt, -days);
    const errors: number[] = [];
    const overdue: number[] = [];
    const onTime: number[] = [];
    for (const c of councils) {
      for (let i = 1; i < c.history.length; i++) {
        const start = c.history[i]!.r.inspectionStart as string;
        if (start < cutoff) continue;
        let made = quarterOf(addDays(start, -lead));
        if (made > addDays(start, -lead)) made = quarterOf(addDays(made, -1));
        const p = queueMemo(view, made, o).points.get(c.slug);
        if (!p || p.lastId !== c.history[i - 1]!.r.id) continue;
        const soonest = dayNumber(made) + SOONEST_DAYS;
        const e = dayNumber(start) - Math.max(p.expected, soonest);
        errors.push(e);
        (p.expected < soonest + o.overdueMarginDays ? overdue : onTime).push(e);
      }
    }
    const sort = (xs: number[]) => xs.sort((a, b) => a - b);
    return { errors: sort(errors), overdue: sort(overdue), onTime: sort(onTime), since: cutoff };
  };
  const first = collect(o.calibrationDays);
  return first.errors.length >= CALIBRATION_MIN ? first : collect(o.calibrationDays * 2);
}

/** Scored inspections of each kind (passed by the queue, or not) needed to forecast them apart. */
const SPLIT_MIN = 8;

/** Forecasts reaching further ahead than these many days take their window from forecasts made about this far ahead (see forecastAll). */
const FAR_LEADS = [365, 730] as const;

/** Scored inspections needed to set the window from the forecast's own errors (else the published cycle's tolerance). */
const CALIBRATION_MIN = 20;

/** Forecasts, as at `asAt`, of every council's next full inspection, from what was published by then. */
export function forecastAll(view: RecordView, asAt: string, options: ModelOptions = {}): ForecastSet {
  const o = { ...DEFAULTS, ...options };
  const councils = councilsAt(view, asAt);
  const queue = queueMemo(view, asAt, o);
  const cal = calibrate(view, councils, asAt, o);
  // Councils at the front of the queue are fewer: their wait is learnt over a longer past.
  const calOverdue = o.overdueCalibrationDays === o.calibrationDays ? cal : calibrate(view, councils, asAt, { ...o, calibrationDays: o.overdueCalibrationDays });
  const rule = cycleRule();
  const ruleOnly = cal.errors.length < CALIBRATION_MIN || queue.counted < RULE_MIN;
  const bias = ruleOnly || !o.correctBias ? 0 : Math.round(quantile(cal.errors, 0.5));
  const tol = Math.round(rule.toleranceMonths * 30.44);
  const low = ruleOnly ? -tol : Math.round(quantile(cal.errors, o.lowQ)) - bias;
  const high = ruleOnly ? tol : Math.round(quantile(cal.errors, o.highQ)) - bias;
  const model: ForecastModel = {
    rate: queue.rate * 365,
    lag: queue.lag,
    countedTo: isoDay(queue.from),
    counted: queue.counted,
    calibratedOn: cal.errors.length,
    calibratedSince: cal.since,
    bias,
    low,
    high,
    ruleOnly,
  };
  const soonest = dayNumber(asAt) + SOONEST_DAYS;
  // The window is learnt from forecasts made 3 to 6 months ahead; a council
  // the queue reaches later is less sure. Its window is at least as wide as
  // the errors of forecasts made about as far ahead (a year, or two) on the
  // same past inspections: never narrower than the near window, and the
  // expected date itself is unchanged.
  const farWindows = new Map<number, { low: number; high: number } | null>();
  const farWindow = (lead: number): { low: number; high: number } | null => {
    if (!farWindows.has(lead)) {
      const far = calibrate(view, councils, asAt, o, lead).onTime;
      farWindows.set(lead, far.length >= CALIBRATION_MIN ? { low: Math.round(quantile(far, o.lowQ)), high: Math.round(quantile(far, o.highQ)) } : null);
    }
    return farWindows.get(lead) ?? null;
  };
  const forecasts = councils.map((c): Forecast => {
    const lastEntry = c.history.at(-1);
    if (!lastEntry) {
      return { urn: c.urn, slug: c.slug, authority: c.name, last: null, daysSinceLast: null, expectedStart: null, window: null, basis: `No full inspection of ${c.name} (or of a council it replaced) had been published by ${formatDay(asAt)}, so there is nothing to count from.` };
    }
    const r = lastEntry.r;
    const start = r.inspectionStart as string;
    const point = queue.points.get(c.slug) as QueuePoint;
    let expected: number;
    let lo = low;
    let hi = high;
    const isOverdue = point.expected < soonest + o.overdueMarginDays;
    // Councils at the front of the queue were, in the record, not simply taken in order: they are forecast from how long such councils waited.
    const own = isOverdue ? calOverdue.overdue : cal.onTime;
    const split = !ruleOnly && o.splitOverdue && own.length >= SPLIT_MIN;
    if (ruleOnly) expected = dayNumber(naiveForecast(start).expectedStart);
    else if (split && isOverdue) {
      const wait = Math.max(0, Math.round(quantile(own, 0.5)));
      expected = soonest + wait;
      lo = Math.round(quantile(own, o.lowQ)) - wait;
      hi = Math.round(quantile(own, o.highQ)) - wait;
    } else {
      expected = Math.max(point.expected, soonest) + bias;
      if (split) {
        lo = Math.round(quantile(own, o.lowQ)) - bias;
        hi = Math.round(quantile(own, o.highQ)) - bias;
      }
    }
    expected = Math.max(expected, soonest);
    const horizon = expected - dayNumber(asAt);
    const farLead = ruleOnly || isOverdue ? null : horizon > FAR_LEADS[1] ? FAR_LEADS[1] : horizon > FAR_LEADS[0] ? FAR_LEADS[0] : null;
    const far = farLead === null ? null : farWindow(farLead);
    if (far) {
      lo = Math.min(lo, far.low - bias);
      hi = Math.max(hi, far.high - bias);
    }
    const from = Math.max(expected + lo, dayNumber(asAt));
    const to = Math.max(expected + hi, from + 1);
    const whose = lastEntry.council === c.name ? 'its' : `${lastEntry.council}’s (the council it replaced)`;
    const queueWords = `${upper(whose)} last full inspection started on ${formatDay(start)}. Ofsted works through councils roughly in the order they were last inspected: ${c.name} is number ${point.position} of ${queue.points.size} in that queue, and Ofsted started ${queue.counted} full inspections in the year to ${formatDay(isoDay(queue.from))} (${(queue.rate * 30.44).toFixed(1)} a month), ${queue.since ? `${queue.since} more since, ` : ''}`;
    const basis = ruleOnly
      ? `Ofsted’s published cycle: about ${rule.months} months after ${whose} last full inspection, which started on ${formatDay(start)}, give or take ${rule.toleranceMonths} months; too few inspections had been published by ${formatDay(asAt)} to learn the recent pace.`
      : split && isOverdue
        ? `${queueWords}so it ${point.expected < dayNumber(asAt) ? 'would have been' : 'is'} reached around ${formatDay(isoDay(point.expected))}: at the front of the queue. Councils at the front were not simply taken in order: the ${own.length} of them inspected since ${formatDay(calOverdue.since)} started a median of ${SOONEST_DAYS + Math.max(0, Math.round(quantile(own, 0.5)))} days after a forecast made when they were there, and the 80% window is how far their starts spread.`
        : `${queueWords}so it is reached around ${formatDay(isoDay(Math.max(point.expected, soonest)))}. The 80% window is how far the starts of the ${own.length >= SPLIT_MIN && split ? own.length : cal.errors.length} inspections since ${formatDay(cal.since)} fell from the forecasts made for them 3 to 6 months before${far ? `, widened to how far they fell from forecasts made about ${farLead === FAR_LEADS[1] ? 'two years' : 'a year'} before, as this one looks that far ahead` : ''}.`;
    return {
      urn: c.urn,
      slug: c.slug,
      authority: c.name,
      last: { reportId: r.id, council: lastEntry.council, start, grade: r.headlineGrade, published: publishedOn(r) as string },
      daysSinceLast: daysBetween(start, asAt),
      expectedStart: isoDay(expected),
      window: { from: isoDay(from), to: isoDay(to) },
      basis,
    };
  });
  return { asAt, model, forecasts };
}

function upper(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** The naive rule for comparison: three years after the last full inspection started, give or take six months. */
export function naiveForecast(last: string): { expectedStart: string; window: { from: string; to: string } } {
  const rule = cycleRule();
  const y = Number(last.slice(0, 4)) + Math.floor(rule.months / 12);
  const md = last.slice(4);
  const expected = /-02-29$/.test(md) ? `${y}-02-28` : `${y}${md}`;
  const tol = Math.round(rule.toleranceMonths * 30.44);
  return { expectedStart: expected, window: { from: addDays(expected, -tol), to: addDays(expected, tol) } };
}
