// The national map: the shipped simplified boundaries (scripts/build-map.ts)
// coloured by each authority's latest headline grade.
import { readFileSync } from 'node:fs';
import { gradeLabel, type Grade } from '../domain/frameworks.ts';
import { checkId, escapeXml, gradeDefs, gradeFill } from './svg.ts';

export interface MapArea {
  gss: string;
  laNumber: string;
  name: string;
  d: string;
  insetD?: string;
}

export interface MapData {
  attribution: string;
  width: number;
  height: number;
  inset: { x: number; y: number; width: number; height: number; label: string };
  areas: MapArea[];
}

let cached: MapData | null = null;

export function loadMap(): MapData {
  cached ??= JSON.parse(readFileSync(new URL('./map/england-las.json', import.meta.url), 'utf8')) as MapData;
  return cached;
}

export interface MapEntry {
  name: string;
  grade: Grade | 'none';
  /** The authority's page: its area on the map links there. */
  href?: string;
}

/**
 * An SVG map; `entries` is keyed by GSS code or DfE LA number (whichever the
 * record has), so a recoded authority still finds its shape.
 */
export function renderMap(entries: Map<string, MapEntry>, id = 'map'): string {
  checkId(id);
  const m = loadMap();
  const grades: (Grade | 'none')[] = ['outstanding', 'good', 'requires_improvement', 'inadequate', 'none'];
  let paths = '';
  let inset = '';
  for (const a of m.areas) {
    const e = entries.get(a.gss) ?? entries.get(a.laNumber);
    const grade = e?.grade ?? 'none';
    const label = `${e?.name ?? a.name}: ${grade === 'none' ? 'no full inspection in the record' : gradeLabel(grade)}`;
    const fill = gradeFill(id, grade);
    const path = (d: string) => `<path d="${d}" fill="${fill}" stroke="#ffffff" stroke-width="0.5"><title>${escapeXml(label)}</title></path>`;
    // An area links to its authority's page (its link text is the title: name and grade).
    const link = (body: string) => (e?.href ? `<a href="${escapeXml(e.href)}" aria-label="${escapeXml(label)}">${body}</a>` : body);
    paths += link(path(a.d));
    if (a.insetD) inset += link(path(a.insetD));
  }
  const i = m.inset;
  const legendY = m.height + 8;
  let legend = '';
  grades.forEach((g, k) => {
    const y = legendY + k * 20;
    legend += `<rect x="4" y="${y}" width="14" height="14" fill="${gradeFill(id, g)}" stroke="#0b0c0c" stroke-width="0.5"/>`;
    legend += `<text x="24" y="${y + 12}" font-size="13" fill="#0b0c0c">${escapeXml(g === 'none' ? 'No full inspection in the record' : gradeLabel(g))}</text>`;
  });
  const height = legendY + grades.length * 20 + 4;
  return (
    // With links inside, the map is a group of links, not one image (an image's children are hidden from assistive technology).
    `<svg class="app-map" viewBox="0 0 ${m.width} ${height}" width="100%" role="${[...entries.values()].some((e) => e.href) ? 'group' : 'img'}" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${id}-title">Map of England's children's services authorities by latest headline grade</title>` +
    `<desc id="${id}-desc">Each authority is shaded by the headline grade of its latest full inspection; London is repeated enlarged in the top right. The table after the map lists every authority and its grade.</desc>` +
    gradeDefs(id) +
    `<g>${paths}</g>` +
    `<rect x="${i.x - 2}" y="${i.y - 2}" width="${i.width + 4}" height="${i.height + 20}" fill="#ffffff" stroke="#505a5f" stroke-width="1"/>` +
    `<g>${inset}</g>` +
    `<text x="${i.x + 4}" y="${i.y + i.height + 13}" font-size="12" fill="#0b0c0c">${escapeXml(i.label)}</text>` +
    legend +
    `</svg>`
  );
}

export function mapAttribution(): string {
  return loadMap().attribution;
}
