// Sidecar index: an index.csv beside a folder of PDFs (in the folder given
// to ingest, or the file's folder, or up to two folders above) that says
// where each file came from. Columns, by header name: `path` (the file,
// relative to the CSV's folder or to one of its subfolders), `source_url`, `listed_date` (or `listing_date`),
// `urn`. Unknown columns are ignored; a file not listed just has no source
// address or listing date. The corpus in ../shared/corpus has one.
import fs from 'node:fs';
import path from 'node:path';

export interface SidecarEntry {
  sourceUrl: string | null;
  listingDate: string | null;
  urn: string | null;
}

export class SidecarIndex {
  /** CSV folder → (relative path → entry). */
  readonly #indexes = new Map<string, Map<string, SidecarEntry>>();
  readonly problems: string[] = [];

  /** Looks for index.csv in each input's folder and the two folders above it. */
  static forInputs(inputs: string[]): SidecarIndex {
    const idx = new SidecarIndex();
    for (const input of inputs) {
      const abs = path.resolve(input);
      let dir = abs;
      try {
        if (!fs.statSync(abs).isDirectory()) dir = path.dirname(abs);
      } catch {
        continue;
      }
      for (const d of [dir, path.dirname(dir), path.dirname(path.dirname(dir))]) idx.load(d);
    }
    return idx;
  }

  load(dir: string): void {
    if (this.#indexes.has(dir)) return;
    const file = path.join(dir, 'index.csv');
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      this.#indexes.set(dir, new Map());
      return;
    }
    const rows = parseCsv(text.replace(/^\uFEFF/, ''));
    const header = (rows.shift() ?? []).map((h) => h.trim().toLowerCase());
    const col = (...names: string[]): number => header.findIndex((h) => names.includes(h));
    const pathCol = col('path', 'file');
    const map = new Map<string, SidecarEntry>();
    if (pathCol < 0) {
      this.problems.push(`${file} has no "path" column, so it was not used`);
    } else {
      const urlCol = col('source_url', 'url');
      const dateCol = col('listed_date', 'listing_date');
      const urnCol = col('urn');
      const cell = (row: string[], i: number): string | null => (i >= 0 ? row[i]?.trim() || null : null);
      for (const row of rows) {
        const p = cell(row, pathCol);
        if (!p) continue;
        const date = cell(row, dateCol);
        map.set(normalise(p), {
          sourceUrl: cell(row, urlCol),
          listingDate: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null,
          urn: cell(row, urnCol),
        });
      }
    }
    this.#indexes.set(dir, map);
  }

  lookup(file: string): SidecarEntry | null {
    const abs = path.resolve(file);
    for (const [dir, map] of this.#indexes) {
      if (map.size === 0) continue;
      const rel = path.relative(dir, abs);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      const parts = rel.split(path.sep);
      // Paths may be relative to the CSV's folder or to a subfolder of it (e.g. reports/).
      const hit = map.get(normalise(parts.join('/'))) ?? (parts.length > 1 ? map.get(normalise(parts.slice(1).join('/'))) : undefined);
      if (hit) return hit;
    }
    return null;
  }
}

function normalise(p: string): string {
  return p.replaceAll('\\', '/').replace(/^\.\//, '').normalize('NFC');
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}
