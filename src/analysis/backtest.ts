// How well the forecast does: forecasts made as at the first day of every
// quarter, each real full inspection scored from the latest forecast made at
// least 90 days before it started, next to the naive three-year rule scored
// the same way. Pure over the record's view.
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
  return {
    from,
    to,
    quarters,
    minLeadDays: lead,
    cases,
    model: summarise(cases),
    naive: summarise(cases.map((c) => ({ error: c.naiveError, inside: c.naiveInside, width: c.naiveWidth }))),
  };
}
