// How well the forecast does: forecasts made as at the first day of every
// quarter, each real full inspection scored from the latest forecast made at
// least 90 days before it started, next to the naive three-year rule scored
// the same way. Pure over the record's view.
//
// That way of scoring looks only at forecasts made 3 to 6 months before a
// start that happened: a forecast of "in about four months" for every council
// would score well on it (the reference row below shows how well), and a
// forecast far off for a council that Ofsted then reached within months is
// counted while one far off for a council still waiting is not. So the
// backtest also scores every forecast, whatever its lead: each council's
// forecast as at each quarter against the start of its next full inspection,
// over quarters far enough back (two years before the newest start in the
// record) that nearly every council has had it since.
import { isFullInspection } from '../domain/frameworks.ts';
import { addDays, daysBetween } from './dates.ts';
import { forecastAll, naiveForecast, type ForecastSet, type ModelOptions } from './forecast.ts';
import type { RecordView } from './view.ts';

export interface Scored {
  slug: string;
  reportId: number;
  start: string;
  madeAsAt: string;
  error: number;
  inside: boolean;
  width: number;
  naiveError: number;
  naiveInside: boolean;
  naiveWidth: number;
}

export interface Score {
  scored: number;
  medianError: number;
  coverage: number;
  meanWidth: number;
}

export interface Backtest {
  from: string;
  to: string;
  quarters: string[];
  minLeadDays: number;
  cases: Scored[];
  model: Score;
  naive: Score;
  /** Reference: every council 135 days (4½ months) after the forecast date, give or take 46 (the middle of the 90 to 181 days of lead the scoring allows), scored the same way. */
  fixedLead: Score;
  /** Every council's forecast as at each quarter (up to `everyTo`) against its next full inspection, whatever the lead. */
  every: Score & { to: string | null; notYet: number };
  everyNaive: Score;
}

export interface BacktestOptions {
  /** First and last forecast dates (first days of quarters). */
  from?: string;
  to?: string;
  /** Forecasts made fewer days than this before a start do not score it. */
  minLeadDays?: number;
  /** Only inspections starting on or after this date are scored. */
  scoreFrom?: string;
  model?: ModelOptions;
}

export function quarterStarts(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  m = m - ((m - 1) % 3);
  for (;;) {
    const d = `${y}-${String(m).padStart(2, '0')}-01`;
    if (d > to) break;
    if (d >= from) out.push(d);
    m += 3;
    if (m > 12) {
      m -= 12;
      y++;
    }
  }
  return out;
}

function summarise(xs: { error: number; inside: boolean; width: number }[]): Score {
  const errors = xs.map((x) => x.error).sort((a, b) => a - b);
  const mid = errors.length ? (errors[(errors.length - 1) >> 1]! + errors[errors.length >> 1]!) / 2 : 0;
  return {
    scored: xs.length,
    medianError: mid,
    coverage: xs.length ? xs.filter((x) => x.inside).length / xs.length : 0,
    meanWidth: xs.length ? xs.reduce((s, x) => s + x.width, 0) / xs.length : 0,
  };
}

export function backtest(view: RecordView, options: BacktestOptions = {}): Backtest {
  const from = options.from ?? '2022-07-01';
  const to = options.to ?? '2026-01-01';
  const lead = options.minLeadDays ?? 90;
  const scoreFrom = options.scoreFrom ?? '2023-01-01';
  const quarters = quarterStarts(from, to);
  const sets = new Map<string, ForecastSet>(quarters.map((q) => [q, forecastAll(view, q, options.model)]));
  const cases: Scored[] = [];
  for (const v of view.authorities) {
    const history = [...v.reports, ...v.predecessors.flatMap((p) => p.reports)]
      .filter((r) => isFullInspection(r.framework) && r.inspectionStart && r.withdrawnAt === null)
      .sort((a, b) => (a.inspectionStart as string).localeCompare(b.inspectionStart as string));
    for (let i = 1; i < history.length; i++) {
      const r = history[i]!;
      const start = r.inspectionStart as string;
      if (start < scoreFrom) continue;
      const made = quarters.filter((q) => q <= addDays(start, -lead)).at(-1);
      if (!made) continue;
      const f = sets.get(made)?.forecasts.find((x) => x.slug === v.authority.slug);
      // Scored only when the forecast counted from the inspection just before this one (not an older one, nor this one).
      if (!f?.expectedStart || !f.window || f.last?.reportId !== history[i - 1]!.id) continue;
      const naive = naiveForecast(f.last.start);
      cases.push({
        slug: v.authority.slug,
        reportId: r.id,
        start,
        madeAsAt: made,
        error: Math.abs(daysBetween(f.expectedStart, start)),
        inside: start >= f.window.from && start <= f.window.to,
        width: daysBetween(f.window.from, f.window.to),
        naiveError: Math.abs(daysBetween(naive.expectedStart, start)),
        naiveInside: start >= naive.window.from && start <= naive.window.to,
        naiveWidth: daysBetween(naive.window.from, naive.window.to),
      });
    }
  }
  cases.sort((a, b) => a.start.localeCompare(b.start) || a.slug.localeCompare(b.slug));
  const fixed = cases.map((c) => {
    const e = daysBetween(addDays(c.madeAsAt, FIXED_LEAD), c.start);
    return { error: Math.abs(e), inside: Math.abs(e) <= FIXED_HALF_WIDTH, width: 2 * FIXED_HALF_WIDTH };
  });
  const every = everyForecast(view, quarters, sets);
  return {
    from,
    to,
    quarters,
    minLeadDays: lead,
    cases,
    model: summarise(cases),
    naive: summarise(cases.map((c) => ({ error: c.naiveError, inside: c.naiveInside, width: c.naiveWidth }))),
    fixedLead: summarise(fixed),
    every: { ...summarise(every.model), to: every.to, notYet: every.notYet },
    everyNaive: summarise(every.naive),
  };
}

const FIXED_LEAD = 135;
const FIXED_HALF_WIDTH = 46;
/** Quarters scored on every forecast end this long before the newest start in the record, so that nearly every council has been inspected since. */
const EVERY_FOLLOW_UP_DAYS = 730;

function everyForecast(view: RecordView, quarters: string[], sets: Map<string, ForecastSet>) {
  const nextOf = new Map<number, string>();
  let newest = '';
  for (const v of view.authorities) {
    const history = [...v.reports, ...v.predecessors.flatMap((p) => p.reports)]
      .filter((r) => isFullInspection(r.framework) && r.inspectionStart && r.withdrawnAt === null)
      .sort((a, b) => (a.inspectionStart as string).localeCompare(b.inspectionStart as string));
    for (let i = 0; i < history.length; i++) {
      const start = history[i]!.inspectionStart as string;
      if (start > newest) newest = start;
      if (i + 1 < history.length) nextOf.set(history[i]!.id, history[i + 1]!.inspectionStart as string);
    }
  }
  const to = newest ? addDays(newest, -EVERY_FOLLOW_UP_DAYS) : '';
  const model: { error: number; inside: boolean; width: number }[] = [];
  const naive: { error: number; inside: boolean; width: number }[] = [];
  let notYet = 0;
  let last: string | null = null;
  for (const q of quarters.filter((x) => x <= to)) {
    last = q;
    for (const f of sets.get(q)?.forecasts ?? []) {
      if (!f.last || !f.expectedStart || !f.window) continue;
      const next = nextOf.get(f.last.reportId);
      if (!next) {
        notYet++;
        continue;
      }
      // Its next inspection had started, but was not yet published, by the date: nothing left to forecast.
      if (next <= q) continue;
      model.push({ error: Math.abs(daysBetween(f.expectedStart, next)), inside: next >= f.window.from && next <= f.window.to, width: daysBetween(f.window.from, f.window.to) });
      const n = naiveForecast(f.last.start);
      naive.push({ error: Math.abs(daysBetween(n.expectedStart, next)), inside: next >= n.window.from && next <= n.window.to, width: daysBetween(n.window.from, n.window.to) });
    }
  }
  return { model, naive, notYet, to: last };
}
