// Builds the simplified map of England's 153 children's services authorities
// that the web pages draw as server-rendered SVG (npm run build:map).
//
// Input (read-only, ../shared/reference): ONS district boundaries (2023) and
// the council registers. County councils run children's services for all the
// districts in their area, so districts are dissolved into their county; the
// result is one shape per authority, keyed by its current GSS code, simplified
// hard with mapshaper and projected to British National Grid at build time so
// the server only has to print path strings.
//
// Usage: node scripts/build-map.ts [--reference DIR] [--out FILE]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const mapshaper = require('mapshaper') as { applyCommands(cmd: string, input: Record<string, unknown>): Promise<Record<string, string | Buffer>> };

const here = dirname(new URL(import.meta.url).pathname);
const { values } = parseArgs({
  options: {
    reference: { type: 'string', default: resolve(here, '../../shared/reference') },
    out: { type: 'string', default: resolve(here, '../src/web/map/england-las.json') },
  },
});
const refDir = values.reference as string;
const outFile = values.out as string;

/** A small RFC 4180 reader: the reference files quote fields holding commas. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  if (!header) return [];
  return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

interface Feature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
}

function fail(message: string): never {
  process.stderr.write(`build-map: ${message}\n`);
  process.exit(1);
}

function read(name: string): string {
  try {
    return readFileSync(join(refDir, name), 'utf8');
  } catch {
    fail(`cannot read ${join(refDir, name)}: pass --reference <folder holding the reference files>`);
  }
}

const lookup = parseCsv(read('la-lookup-d2i.csv'));
const councils = parseCsv(read('uk-local-authorities-current.csv'));
const boundaries = JSON.parse(read('lad23-boundaries.geojson')) as { features: Feature[] };

const byGss = new Map(councils.map((c) => [c['gss-code'] ?? '', c]));
const byCode = new Map(councils.map((c) => [c['local-authority-code'] ?? '', c]));
for (const c of councils) {
  for (const old of (c['former-gss-codes'] ?? '').split(/[,;]\s*/).filter(Boolean)) if (!byGss.has(old)) byGss.set(old, c);
}

// The authorities to draw: every one in the lookup whose council still exists.
// The lookup may already carry a newer GSS code than the register and the
// boundaries (Barnsley and Sheffield were recoded in 2025): match those by name.
const byName = new Map(councils.filter((c) => !c['end-date'] && c['nation'] === 'England').map((c) => [(c['nice-name'] ?? '').toLowerCase(), c]));
const targets = new Map<string, { gss: string; laNumber: string; name: string }>();
const recoded = new Map<string, string>();
for (const row of lookup) {
  const gss = row['la_code_new'] ?? '';
  const name = row['local_authority_ons_name'] ?? '';
  const council = byGss.get(gss) ?? byName.get(name.toLowerCase());
  if (!council || council['end-date']) continue;
  targets.set(gss, { gss, laNumber: row['la_code'] ?? '', name: name || (council['nice-name'] ?? gss) });
  if (council['gss-code'] && council['gss-code'] !== gss) recoded.set(council['gss-code'], gss);
}

/** The children's services authority a 2023 district belongs to. */
function authorityOf(districtGss: string): string | null {
  let council = byGss.get(districtGss);
  for (let hops = 0; council && hops < 4; hops++) {
    const gss = council['gss-code'] ?? '';
    if (targets.has(gss)) return gss;
    if (recoded.has(gss)) return recoded.get(gss) ?? null;
    if (targets.has(districtGss)) return districtGss;
    const county = council['county-la'];
    const replaced = (council['replaced-by'] ?? '').split(',').filter(Boolean);
    if (county && byCode.get(county) && !byCode.get(county)?.['end-date']) council = byCode.get(county);
    else if (replaced.length === 1) council = byCode.get(replaced[0] ?? '');
    else if (county) council = byCode.get(county);
    else return null;
  }
  return null;
}

const features: Feature[] = [];
const unplaced: string[] = [];
for (const f of boundaries.features) {
  const code = String(f.properties['LAD23CD'] ?? '');
  if (!code.startsWith('E')) continue;
  const la = authorityOf(code);
  if (!la) {
    unplaced.push(`${code} ${String(f.properties['LAD23NM'])}`);
    continue;
  }
  features.push({ type: 'Feature', properties: { la }, geometry: f.geometry });
}
if (unplaced.length) fail(`districts with no children's services authority: ${unplaced.join(', ')}`);
const drawn = new Set(features.map((f) => String(f.properties['la'])));
const missing = [...targets.keys()].filter((g) => !drawn.has(g));
if (missing.length) fail(`authorities with no boundary: ${missing.join(', ')}`);

// British National Grid (Airy ellipsoid, no datum shift: at this scale a few
// metres do not show), then dissolve and simplify.
const bng = '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy +units=m +no_defs';
const out = await mapshaper.applyCommands(
  `-i in.json -proj ${bng} -dissolve la copy-fields=la -simplify 3% keep-shapes -filter-islands min-area=3km2 -clean -o out.json format=geojson precision=100`,
  { 'in.json': { type: 'FeatureCollection', features } },
);
const result = JSON.parse(String(out['out.json'])) as { features: Feature[] };

// Fit England into a fixed-width SVG coordinate system, y pointing down.
let minX = Infinity;
let minY = Infinity;
let maxX = -Infinity;
let maxY = -Infinity;
const rings = (f: Feature): number[][][] => (f.geometry.type === 'Polygon' ? (f.geometry.coordinates as number[][][]) : (f.geometry.coordinates as number[][][][]).flat());
for (const f of result.features) {
  for (const ring of rings(f)) {
    for (const [x = 0, y = 0] of ring) {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
}
const width = 500;
const scale = width / (maxX - minX);
const height = Math.ceil((maxY - minY) * scale);
// London's 33 authorities are a few pixels wide at this scale: they are also
// drawn enlarged in an inset in the empty North Sea corner.
let lMinX = Infinity;
let lMaxX = -Infinity;
let lMinY = Infinity;
let lMaxY = -Infinity;
for (const f of result.features) {
  if (!String(f.properties['la']).startsWith('E09')) continue;
  for (const ring of rings(f)) {
    for (const [x = 0, y = 0] of ring) {
      lMinX = Math.min(lMinX, x);
      lMaxX = Math.max(lMaxX, x);
      lMinY = Math.min(lMinY, y);
      lMaxY = Math.max(lMaxY, y);
    }
  }
}
const insetWidth = 170;
const insetScale = insetWidth / (lMaxX - lMinX);
const inset = { x: width - insetWidth - 4, y: 4, width: insetWidth, height: Math.ceil((lMaxY - lMinY) * insetScale) };

/** Numbers for a path: a space between them, none before a minus sign (it separates already). */
function joinNumbers(nums: number[]): string {
  return nums.map((n, i) => (i > 0 && n >= 0 ? ` ${n}` : String(n))).join('');
}

// Whole units (1 unit ≈ 1 pixel at the size the page draws the map) and
// relative moves keep the shipped file, and every national page, small.
function pathOf(f: Feature, project: (x: number, y: number) => [number, number]): string {
  return rings(f)
    .map((ring) => {
      const pts: [number, number][] = [];
      for (const [x = 0, y = 0] of ring) {
        const [px, py] = project(x, y);
        const p: [number, number] = [Math.round(px), Math.round(py)];
        const prev = pts.at(-1);
        if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) pts.push(p);
      }
      const first = pts[0];
      if (first && pts.length > 1) {
        const last = pts.at(-1);
        if (last && last[0] === first[0] && last[1] === first[1]) pts.pop();
      }
      if (!first || pts.length < 3) return '';
      const deltas: number[] = [];
      for (let i = 1; i < pts.length; i++) {
        const a = pts[i - 1];
        const b = pts[i];
        if (a && b) deltas.push(b[0] - a[0], b[1] - a[1]);
      }
      return `M${joinNumbers(first)}l${joinNumbers(deltas)}z`;
    })
    .join('');
}

const areas = result.features
  .map((f) => {
    const gss = String(f.properties['la']);
    const d = pathOf(f, (x, y) => [(x - minX) * scale, (maxY - y) * scale]);
    const t = targets.get(gss);
    const insetD = gss.startsWith('E09') ? pathOf(f, (x, y) => [inset.x + (x - lMinX) * insetScale, inset.y + (lMaxY - y) * insetScale]) : undefined;
    return { gss, laNumber: t?.laNumber ?? '', name: t?.name ?? gss, d, ...(insetD ? { insetD } : {}) };
  })
  .sort((a, b) => a.gss.localeCompare(b.gss));
const lost = [...targets.keys()].filter((g) => !areas.some((a) => a.gss === g && a.d));
if (lost.length) fail(`simplification lost authorities: ${lost.join(', ')}`);

const map = {
  description: "England's children's services authorities (districts dissolved into their county), simplified for display.",
  attribution: 'Source: Office for National Statistics licensed under the Open Government Licence v.3.0. Contains OS data © Crown copyright and database right 2023.',
  source: 'Local Authority Districts (May 2023) boundaries, ONS Open Geography Portal',
  builtBy: 'scripts/build-map.ts',
  width,
  height,
  inset: { ...inset, label: 'London (enlarged)' },
  areas,
};
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(map) + '\n');
process.stdout.write(`build-map: ${areas.length} authorities, ${width}×${height}, ${Math.round(JSON.stringify(map).length / 1024)} KB → ${outFile}\n`);
