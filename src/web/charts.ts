// Charts as SVG strings. Each is an image with a title and description for
// screen readers; the page prints a table with the same numbers next to it.
import { gradeLabel, type Grade } from '../domain/frameworks.ts';
import type { YearDistribution } from '../analysis/index.ts';
import { checkId, escapeXml, gradeDefs, gradeFill } from './svg.ts';

export interface ChartSvg {
  svg: string;
}

function legend(prefix: string, grades: (Grade | 'none')[], x: number, y: number, labels?: Partial<Record<Grade | 'none', string>>): string {
  let out = '';
  let cx = x;
  for (const g of grades) {
    const label = labels?.[g] ?? (g === 'none' ? 'Not inspected' : gradeLabel(g));
    out += `<rect x="${cx}" y="${y}" width="14" height="14" fill="${gradeFill(prefix, g)}" stroke="#0b0c0c" stroke-width="0.5"/>`;
    out += `<text x="${cx + 19}" y="${y + 12}" font-size="13" fill="#0b0c0c">${escapeXml(label)}</text>`;
    cx += 34 + label.length * 7.5;
  }
  return out;
}

/** One stacked bar per year: how many authorities held each grade at the year's end. */
export function distributionChart(rows: YearDistribution[], grades: Grade[], id = 'dist'): ChartSvg {
  checkId(id);
  const barH = 18;
  const gap = 6;
  const left = 48;
  const width = 640;
  const plotW = width - left - 10;
  const top = 34;
  const height = top + rows.length * (barH + gap) + 10;
  const max = Math.max(1, ...rows.map((r) => r.total));
  let body = legend(id, grades, left, 4);
  rows.forEach((r, i) => {
    const y = top + i * (barH + gap);
    body += `<text x="${left - 6}" y="${y + 13}" font-size="13" text-anchor="end" fill="#0b0c0c">${r.year}</text>`;
    let x = left;
    for (const g of grades) {
      const n = r.counts[g] ?? 0;
      if (!n) continue;
      const w = (n / max) * plotW;
      body += `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${gradeFill(id, g)}" stroke="#ffffff" stroke-width="1"/>`;
      if (w > 24) body += `<text x="${(x + w / 2).toFixed(1)}" y="${y + 13}" font-size="12" text-anchor="middle" fill="#ffffff" stroke="#0b0c0c" stroke-width="2.5" paint-order="stroke">${n}</text>`;
      x += w;
    }
  });
  const desc = `Stacked bars, one per year from ${rows[0]?.year ?? ''} to ${rows.at(-1)?.year ?? ''}, showing how many authorities held each headline grade at the end of the year. The table that follows gives the same numbers.`;
  return {
    svg:
      `<svg class="app-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg">` +
      `<title id="${id}-title">Headline grades of all authorities by year</title><desc id="${id}-desc">${escapeXml(desc)}</desc>` +
      gradeDefs(id) +
      body +
      `</svg>`,
  };
}

/** Horizontal bars: a count per grade. */
export function countChart(rows: { grade: Grade | 'none'; count: number }[], title: string, id = 'counts'): ChartSvg {
  checkId(id);
  const barH = 22;
  const gap = 8;
  const left = 250;
  const width = 640;
  const plotW = width - left - 50;
  const height = rows.length * (barH + gap) + 8;
  const max = Math.max(1, ...rows.map((r) => r.count));
  let body = '';
  rows.forEach((r, i) => {
    const y = 4 + i * (barH + gap);
    const w = (r.count / max) * plotW;
    const label = r.grade === 'none' ? 'No full inspection in the record' : gradeLabel(r.grade);
    body += `<text x="${left - 8}" y="${y + 16}" font-size="14" text-anchor="end" fill="#0b0c0c">${escapeXml(label)}</text>`;
    body += `<rect x="${left}" y="${y}" width="${Math.max(1, w).toFixed(1)}" height="${barH}" fill="${gradeFill(id, r.grade)}"/>`;
    body += `<text x="${(left + w + 6).toFixed(1)}" y="${y + 16}" font-size="14" fill="#0b0c0c">${r.count}</text>`;
  });
  return {
    svg:
      `<svg class="app-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title" xmlns="http://www.w3.org/2000/svg">` +
      `<title id="${id}-title">${escapeXml(title)}</title>` +
      gradeDefs(id) +
      body +
      `</svg>`,
  };
}

export interface JourneySeries {
  name: string;
  points: { date: string; grade: Grade }[];
}

const JOURNEY_LEVELS: Grade[] = ['outstanding', 'good', 'requires_improvement', 'inadequate'];
const MARKERS = ['circle', 'square', 'triangle', 'diamond'] as const;
const LINE_COLOURS = ['#1d70b8', '#d4351c', '#00703c', '#4c2c92', '#b58840', '#0b0c0c'];

function marker(kind: (typeof MARKERS)[number], x: number, y: number, colour: string): string {
  switch (kind) {
    case 'circle':
      return `<circle cx="${x.toFixed(1)}" cy="${y}" r="5" fill="${colour}"/>`;
    case 'square':
      return `<rect x="${(x - 4.5).toFixed(1)}" y="${y - 4.5}" width="9" height="9" fill="${colour}"/>`;
    case 'triangle':
      return `<path d="M${x.toFixed(1)},${y - 6}L${(x + 6).toFixed(1)},${y + 5}L${(x - 6).toFixed(1)},${y + 5}Z" fill="${colour}"/>`;
    default:
      return `<path d="M${x.toFixed(1)},${y - 6}L${(x + 6).toFixed(1)},${y}L${x.toFixed(1)},${y + 6}L${(x - 6).toFixed(1)},${y}Z" fill="${colour}"/>`;
  }
}

/** An average over many councils drawn on the grade scale: level 0 is outstanding, 3 inadequate. */
export interface AverageLine {
  name: string;
  points: { date: string; level: number }[];
}

const AVERAGE_COLOURS = ['#505a5f', '#6f72af'];

/** Headline grades over time, one line (with its own marker shape) per authority, and optional average lines (England, a region) without markers. */
export function journeyChart(series: JourneySeries[], id = 'journey', averages: AverageLine[] = []): ChartSvg {
  checkId(id);
  const all = series.flatMap((s) => s.points.map((p) => p.date));
  const width = 640;
  const left = 230;
  const right = 20;
  const top = 10;
  const rowH = 38;
  const plotH = rowH * (JOURNEY_LEVELS.length - 1);
  const legendTop = top + plotH + 40;
  const height = legendTop + (series.length + averages.length) * 20 + 6;
  const years = all.map((d) => Number(d.slice(0, 4))).filter(Number.isFinite);
  const y0 = years.length ? Math.min(...years) : new Date().getUTCFullYear() - 1;
  const y1 = years.length ? Math.max(...years) + 1 : y0 + 2;
  const t = (d: string): number => {
    const ms = Date.parse(d);
    const a = Date.UTC(y0, 0, 1);
    const b = Date.UTC(y1, 0, 1);
    return left + ((Number.isFinite(ms) ? ms - a : 0) / (b - a)) * (width - left - right);
  };
  const gy = (g: Grade): number => top + Math.max(0, JOURNEY_LEVELS.indexOf(g === 'adequate' ? 'requires_improvement' : g)) * rowH;
  let body = '';
  JOURNEY_LEVELS.forEach((g) => {
    const y = gy(g);
    body += `<line x1="${left}" x2="${width - right}" y1="${y}" y2="${y}" stroke="#b1b4b6" stroke-width="1"/>`;
    body += `<text x="${left - 8}" y="${y + 5}" font-size="13" text-anchor="end" fill="#0b0c0c">${escapeXml(gradeLabel(g))}</text>`;
  });
  for (let y = y0; y <= y1; y += Math.max(1, Math.ceil((y1 - y0) / 8))) {
    const x = t(`${y}-01-01`);
    body += `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${top + plotH}" y2="${top + plotH + 5}" stroke="#0b0c0c"/>`;
    body += `<text x="${x.toFixed(1)}" y="${top + plotH + 20}" font-size="12" text-anchor="middle" fill="#0b0c0c">${y}</text>`;
  }
  series.forEach((s, i) => {
    const colour = LINE_COLOURS[i % LINE_COLOURS.length] ?? '#0b0c0c';
    const kind = MARKERS[i % MARKERS.length] ?? 'circle';
    const pts = [...s.points].sort((a, b) => a.date.localeCompare(b.date));
    if (pts.length > 1) body += `<polyline points="${pts.map((p) => `${t(p.date).toFixed(1)},${gy(p.grade)}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="2"${i % 2 ? ' stroke-dasharray="6 3"' : ''}/>`;
    for (const p of pts) body += marker(kind, t(p.date), gy(p.grade), colour);
    const ly = legendTop + i * 20;
    body += marker(kind, left + 6, ly - 4, colour);
    body += `<text x="${left + 18}" y="${ly}" font-size="13" fill="#0b0c0c">${escapeXml(s.name)}</text>`;
  });
  averages.forEach((a, i) => {
    const colour = AVERAGE_COLOURS[i % AVERAGE_COLOURS.length] ?? '#505a5f';
    const pts = a.points.filter((p) => p.date >= `${y0}-01-01`);
    if (pts.length > 1) body += `<polyline points="${pts.map((p) => `${t(p.date).toFixed(1)},${(top + p.level * rowH).toFixed(1)}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="2.5" stroke-dasharray="${i % 2 ? '2 3' : '8 4'}"/>`;
    const ly = legendTop + (series.length + i) * 20;
    body += `<line x1="${left}" x2="${left + 14}" y1="${ly - 4}" y2="${ly - 4}" stroke="${colour}" stroke-width="2.5" stroke-dasharray="${i % 2 ? '2 3' : '5 2'}"/>`;
    body += `<text x="${left + 18}" y="${ly}" font-size="13" fill="#0b0c0c">${escapeXml(a.name)}</text>`;
  });
  const named = [...series.map((s) => s.name), ...averages.map((a) => a.name)];
  return {
    svg:
      `<svg class="app-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title" xmlns="http://www.w3.org/2000/svg">` +
      `<title id="${id}-title">Headline grade at each full inspection, by date, for ${escapeXml(named.join(', '))}</title>` +
      body +
      `</svg>`,
  };
}

export interface SharePoint {
  /** The date the shares are as at (ISO). */
  date: string;
  counts: Record<string, number>;
}

/**
 * The share of councils at each grade at each date (quarter ends): one
 * 100% stacked column per date, years marked along the bottom.
 */
export function shareChart(points: SharePoint[], grades: Grade[], title: string, id: string): ChartSvg {
  checkId(id);
  const width = 640;
  const left = 44;
  const right = 8;
  const top = 30;
  const plotH = 200;
  const height = top + plotH + 28;
  const plotW = width - left - right;
  const colW = points.length ? plotW / points.length : plotW;
  let body = legend(id, grades, left, 2, { requires_improvement: 'Requires improvement' });
  for (const pct of [0, 25, 50, 75, 100]) {
    const y = top + plotH - (pct / 100) * plotH;
    body += `<line x1="${left}" x2="${width - right}" y1="${y}" y2="${y}" stroke="#b1b4b6" stroke-width="0.5"/>`;
    body += `<text x="${left - 4}" y="${y + 4}" font-size="11" text-anchor="end" fill="#0b0c0c">${pct}%</text>`;
  }
  points.forEach((p, i) => {
    const total = grades.reduce((n, g) => n + (p.counts[g] ?? 0), 0);
    const x = left + i * colW;
    if (p.date.endsWith('-03-31') && (i === 0 || Number(p.date.slice(0, 4)) % 2 === 0)) {
      body += `<text x="${(x + colW / 2).toFixed(1)}" y="${top + plotH + 16}" font-size="11" text-anchor="middle" fill="#0b0c0c">${p.date.slice(0, 4)}</text>`;
    }
    if (!total) return;
    let y = top + plotH;
    for (const g of grades) {
      const n = p.counts[g] ?? 0;
      if (!n) continue;
      const h = (n / total) * plotH;
      y -= h;
      body += `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0.5, colW - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${gradeFill(id, g)}"/>`;
    }
  });
  const first = points[0]?.date ?? '';
  const last = points.at(-1)?.date ?? '';
  const desc = `Stacked columns, one per quarter from ${first} to ${last}, each showing the share of councils at each grade. The table that follows gives the same numbers.`;
  return {
    svg:
      `<svg class="app-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg">` +
      `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>` +
      gradeDefs(id) +
      body +
      `</svg>`,
  };
}

/** Columns: the share of each year's reports that mention a search's words, the number of reports printed above each. */
export function mentionChart(rows: { year: number; reports: number; of: number; share: number }[], title: string, id = 'mentions'): ChartSvg {
  checkId(id);
  const width = 640;
  const left = 44;
  const right = 8;
  const top = 16;
  const plotH = 180;
  const height = top + plotH + 26;
  const plotW = width - left - right;
  const colW = rows.length ? plotW / rows.length : plotW;
  const max = Math.max(10, ...rows.map((r) => r.share));
  const scale = Math.ceil(max / 10) * 10;
  let body = '';
  for (let pct = 0; pct <= scale; pct += scale / 5) {
    const y = top + plotH - (pct / scale) * plotH;
    body += `<line x1="${left}" x2="${width - right}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#b1b4b6" stroke-width="0.5"/>`;
    body += `<text x="${left - 4}" y="${(y + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#0b0c0c">${pct}%</text>`;
  }
  rows.forEach((r, i) => {
    const x = left + i * colW;
    const h = (r.share / scale) * plotH;
    body += `<rect x="${(x + colW * 0.15).toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${(colW * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="#1d70b8"/>`;
    if (r.reports) body += `<text x="${(x + colW / 2).toFixed(1)}" y="${(top + plotH - h - 3).toFixed(1)}" font-size="10" text-anchor="middle" fill="#0b0c0c">${r.reports}</text>`;
    if (rows.length <= 14 || i % 2 === 0) body += `<text x="${(x + colW / 2).toFixed(1)}" y="${top + plotH + 16}" font-size="11" text-anchor="middle" fill="#0b0c0c">${r.year}</text>`;
  });
  const desc = `Columns, one per year from ${rows[0]?.year ?? ''} to ${rows.at(-1)?.year ?? ''}: the share of that year's reports that mention the words, with the number of reports above each column. The table that follows gives the same numbers.`;
  return {
    svg:
      `<svg class="app-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg">` +
      `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>` +
      body +
      `</svg>`,
  };
}
