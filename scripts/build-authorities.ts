// Builds src/domain/data/authorities.json, the 153 English local
// authorities with children's services duties and their predecessors,
// from the reference files in ../shared/reference (or the folder given
// with --reference). Deterministic: the same inputs give byte-identical
// output, so the derived file can be committed and reviewed as a diff.
//
//   npm run build:authorities [-- --reference DIR] [--check]
//
// --check rebuilds in memory and exits 1 if the committed file differs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normaliseName } from '../src/domain/names.ts';
import type { Authority, AuthorityLink, AuthorityType, AuthoritiesFile, DataSource } from '../src/domain/authorities.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFile = path.join(repoRoot, 'src/domain/data/authorities.json');

type Row = Record<string, string>;

function fail(message: string): never {
  console.error(`build-authorities: ${message}`);
  process.exit(1);
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF), first row = header. */
export function parseCsv(text: string): Row[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), (r[i] ?? '').trim()])));
}

function readCsv(dir: string, file: string, required: string[]): Row[] {
  const p = path.join(dir, file);
  if (!fs.existsSync(p)) fail(`missing reference file ${p} (pass --reference DIR pointing at the shared reference folder)`);
  const rows = parseCsv(fs.readFileSync(p, 'utf8'));
  const first = rows[0];
  if (!first) fail(`${p} has no rows`);
  const missing = required.filter((c) => !(c in first));
  if (missing.length) fail(`${p} lacks column(s) ${missing.join(', ')}: has the source format changed?`);
  return rows;
}

// ---------------------------------------------------------------------------
// Sources and their licences. Kept here, next to the code that reads them, and
// copied into the JSON so the attribution travels with the data.

const SOURCES: DataSource[] = [
  {
    id: 'd2i',
    file: 'la-lookup-d2i.csv',
    title: 'Local authority lookup (Data to Insight)',
    publisher: 'Data to Insight (d2i), a data project run by and for English local authorities',
    url: 'https://github.com/data-to-insight',
    licence: 'Open Government Licence v3.0 for the underlying DfE and ONS figures',
    attribution:
      'Ofsted URNs, DfE LA numbers, statistical neighbours (DfE children\u2019s services statistical neighbour benchmarking tool), ' +
      'regions and ONS 0\u201325 population as compiled by Data to Insight. Contains public sector information licensed under the Open Government Licence v3.0.',
  },
  {
    id: 'mysociety',
    file: 'uk-local-authorities-current.csv, uk-local-authorities-future.csv, la-name-lookup.csv',
    title: 'UK local authority names and codes (mySociety)',
    publisher: 'mySociety',
    url: 'https://github.com/mysociety/uk_local_authority_names_and_codes',
    licence: 'Creative Commons Attribution 4.0 International (CC BY 4.0)',
    attribution:
      'Council names and alternative names, GSS codes (current and former), start and end dates and successors from mySociety\u2019s ' +
      '\u201cUK local authority names and codes\u201d, licensed under CC BY 4.0. Contains ONS data \u00a9 Crown copyright and database right, Open Government Licence v3.0.',
  },
  {
    id: 'ilacs',
    file: 'scripts/build-authorities.ts',
    title: 'Names as Ofsted\u2019s reports print them, trusts and reorganisation links (ilacs curation)',
    publisher: 'ilacs contributors, from Ofsted\u2019s published reports',
    url: 'https://reports.ofsted.gov.uk/',
    licence: 'Open Government Licence v3.0 (Ofsted reports); the curation itself is under the project\u2019s MIT licence',
    attribution:
      'Names of trusts that deliver children\u2019s services, council names as Ofsted report titles print them, and reorganisation links ' +
      'the register lacks, curated by the ilacs project from Ofsted\u2019s published reports. Contains public sector information licensed under the Open Government Licence v3.0.',
  },
];

// ---------------------------------------------------------------------------
// Curated facts the reference files lack. Each entry says why it is needed.

/**
 * Predecessor councils with children's services duties that the d2i lookup
 * does not list (it lists Northamptonshire, Cumbria and Poole). Keyed by
 * mySociety's register code; their Ofsted URNs are not in the reference data.
 */
const EXTRA_PREDECESSORS = ['DOR', 'BMH'];

/**
 * Reorganisation links the register does not record: Christchurch was a
 * district of Dorset, so its children's services passed from Dorset County
 * Council to BCP, not only to the new Dorset Council.
 */
const EXTRA_SUCCESSIONS: { from: string; to: string; date: string }[] = [{ from: '835', to: '839', date: '2019-04-01' }];

/**
 * Trusts and companies that deliver a council's children's services: report
 * titles sometimes name them instead of the council. By DfE LA number; a
 * trust serving several councils (Achieving for Children) lists them all,
 * and the matcher then needs another word of the title to choose.
 */
const TRUSTS: { names: string[]; laCodes: string[] }[] = [
  { names: ['Bradford Children and Families Trust'], laCodes: ['380'] },
  { names: ['Birmingham Children\u2019s Trust'], laCodes: ['330'] },
  { names: ['Doncaster Children\u2019s Services Trust'], laCodes: ['371'] },
  { names: ['Northamptonshire Children\u2019s Trust'], laCodes: ['928', '940', '941'] },
  { names: ['Slough Children First', 'Slough Children\u2019s Services Trust'], laCodes: ['871'] },
  { names: ['Sandwell Children\u2019s Trust'], laCodes: ['333'] },
  { names: ['Together for Children'], laCodes: ['394'] },
  { names: ['Worcestershire Children First'], laCodes: ['885'] },
  { names: ['Brighter Futures for Children'], laCodes: ['870'] },
  { names: ['Achieving for Children'], laCodes: ['314', '318', '868'] },
];

/** Royal boroughs, whose printed name is "Royal Borough of X". */
const ROYAL_BOROUGHS = ['Greenwich', 'Kensington and Chelsea', 'Kingston upon Thames', 'Windsor and Maidenhead'];

/**
 * Names as report titles print them that neither the register nor the
 * generated forms ("X Council", "London Borough of X"…) produce. By LA number.
 */
const PRINTED_NAMES: Record<string, string[]> = {
  '201': ['City of London Corporation', 'London Corporation', 'Corporation of London'],
  '420': ['Council of the Isles of Scilly'],
  '801': ['Bristol City Council', 'Bristol City of', 'City of Bristol'],
  '810': ['Hull', 'Hull City Council', 'Kingston upon Hull City Council'],
  '811': ['East Riding', 'East Riding of Yorkshire Council'],
  '839': ['BCP', 'BCP Council'],
  '391': ['Newcastle'],
  '840': ['Durham', 'Durham County Council'],
  '884': ['Herefordshire Council', 'County of Herefordshire'],
  '380': ['City of Bradford Metropolitan District Council', 'City of Bradford Metropolitan Borough Council'],
  '336': ['City of Wolverhampton', 'City of Wolverhampton Council'],
  '816': ['City of York Council'],
  '342': ['St Helens', 'Saint Helens', 'St Helens Metropolitan Borough Council'],
  '894': ['Telford and Wrekin Council', 'Telford & Wrekin'],
  '868': ['Windsor and Maidenhead', 'Windsor & Maidenhead', 'The Royal Borough of Windsor and Maidenhead'],
  '835': ['Dorset', 'Dorset County Council'],
  '370': ['Metropolitan Borough of Barnsley Council'],
  '351': ['Bury Borough Council'],
  '381': ['Calderdale Metropolitan Council'],
  '895': ['Cheshire East Unitary Authority'],
  '384': ['Wakefield District Metropolitan Council'],
  '390': ['Gateshead Borough Council'],
  '382': ['Kirklees Metropolitan Borough Council'],
  '383': ['Leeds City'],
  '315': ['London Borough of Merton Council'],
  '317': ['London Borough of Redbridge Council'],
  '353': ['Oldham Borough Council'],
  '851': ['Portsmouth City'],
  '807': ['Borough of Redcar and Cleveland'],
  '354': ['Rochdale Borough Council'],
  '372': ['Metropolitan Borough of Rotherham'],
  '314': ['Royal Borough of Kingston upon Thames Council'],
  '343': ['Sefton Borough Council'],
  '334': ['Metropolitan Borough of Solihull'],
  '936': ['Surrey Safeguarding Children Board'],
  '357': ['Tameside Metropolitan Borough'],
  '344': ['Wirral Metropolitan Borough Council'],
};

// ---------------------------------------------------------------------------

const REGION_CODES: Record<string, string> = {
  'North East': 'E12000001',
  'North West': 'E12000002',
  'Yorkshire and the Humber': 'E12000003',
  'East Midlands': 'E12000004',
  'West Midlands': 'E12000005',
  'East of England': 'E12000006',
  London: 'E12000007',
  'South East': 'E12000008',
  'South West': 'E12000009',
};

const CS_TYPES = new Set(['UA', 'MD', 'LBO', 'CC', 'CTY']);

/** The ONS code prefix says what kind of council it is; it is the one classification all sources agree on. */
function typeFromGss(gss: string): AuthorityType {
  if (gss.startsWith('E06')) return 'unitary';
  if (gss.startsWith('E08')) return 'metropolitan_borough';
  if (gss.startsWith('E09')) return 'london_borough';
  if (gss.startsWith('E10')) return 'county';
  fail(`GSS code ${gss} is not an English upper-tier council`);
}

export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['\u2018\u2019.]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Both sources keep alternative names as one comma-separated field although
 * names may contain commas ("[BCP, Bournemouth, Christchurch & Poole]",
 * "Kingston upon Hull, City of"): neighbouring pieces are rejoined when
 * together they spell a name the sources already know, and an index-style
 * tail ("City of") always rejoins the name before it.
 */
export function splitNames(s: string, known: string[]): string[] {
  const pieces = splitList(s);
  const knownKeys = new Set(known.map(normaliseName));
  const out: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    let taken = 1;
    for (let j = pieces.length; j > i + 1; j--) {
      if (knownKeys.has(normaliseName(pieces.slice(i, j).join(', ')))) { taken = j - i; break; }
    }
    const name = pieces.slice(i, i + taken).join(', ');
    if (/^(the )?(city|county|borough|royal borough) of$/i.test(name) && out.length) out[out.length - 1] += `, ${name}`;
    else out.push(name);
    i += taken - 1;
  }
  return out;
}

function splitList(s: string): string[] {
  return s
    .replace(/^\[|\]$/g, '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

function main(): void {
  const args = process.argv.slice(2);
  const refIdx = args.indexOf('--reference');
  const refDir = refIdx >= 0 ? args[refIdx + 1] : path.resolve(repoRoot, '../shared/reference');
  if (!refDir) fail('--reference needs a folder');
  const check = args.includes('--check');

  const d2i = readCsv(refDir, 'la-lookup-d2i.csv', ['urn', 'la_code', 'la_code_new', 'stat_neighbours', 'local_authority_ons_name', 'also_known_as', 'region_name', 'rgn22cd', 'ltla23nm', 'ons_population_0-25', 'ons_la_type']);
  const regCols = ['local-authority-code', 'official-name', 'nice-name', 'gss-code', 'start-date', 'end-date', 'replaced-by', 'nation', 'local-authority-type', 'alt-names', 'former-gss-codes', 'old-ons-la-code'];
  const register = new Map<string, Row>();
  for (const file of ['uk-local-authorities-current.csv', 'uk-local-authorities-future.csv']) {
    for (const r of readCsv(refDir, file, regCols)) {
      // The "future" file adds councils planned but not yet in force; the current file wins where both have a row.
      if (!register.has(r['local-authority-code']!)) register.set(r['local-authority-code']!, r);
    }
  }
  const nameLookup = readCsv(refDir, 'la-name-lookup.csv', ['la-name', 'local-authority-code']);
  const lookupNames = new Map<string, string[]>();
  for (const r of nameLookup) {
    const code = r['local-authority-code']!;
    lookupNames.set(code, [...(lookupNames.get(code) ?? []), r['la-name']!]);
  }

  const england = [...register.values()].filter((r) => r['nation'] === 'England' && CS_TYPES.has(r['local-authority-type']!));
  const byGss = new Map<string, Row>();
  for (const r of england) {
    byGss.set(r['gss-code']!, r);
    for (const g of splitList(r['former-gss-codes']!)) byGss.set(g, r);
  }

  interface Draft {
    row: Row | null;
    urn: string | null;
    laCode: string;
    gss: string;
    regCodes: string[];
    regionName: string;
    neighbours: string[];
    population: number | null;
    current: boolean;
    ltla: string;
    d2iNames: string[];
  }
  const drafts: Draft[] = [];
  const warnings: string[] = [];

  for (const r of d2i) {
    const gss = r['la_code_new']!;
    const laCode = r['la_code']!;
    let reg = byGss.get(gss);
    // GSS codes can change after the register was last updated (Barnsley and Sheffield, 2025): fall back to the LA number.
    reg ??= england.find((x) => x['old-ons-la-code'] === laCode && !x['end-date']);
    if (!reg) warnings.push(`no register entry for ${r['local_authority_ons_name']} (${gss}, LA ${laCode})`);
    const regionName = r['region_name']!;
    const regionCode = REGION_CODES[regionName];
    if (!regionCode) fail(`unknown region "${regionName}" for ${r['local_authority_ons_name']}`);
    if (r['rgn22cd'] && r['rgn22cd'] !== regionCode) warnings.push(`${r['local_authority_ons_name']}: rgn22cd ${r['rgn22cd']} disagrees with region "${regionName}" (${regionCode}); the region name is used`);
    const known = [r['local_authority_ons_name']!, r['ltla23nm']!, ...(reg ? [reg['official-name']!, reg['nice-name']!] : [])];
    const isCurrent = !reg?.['end-date'];
    drafts.push({
      row: reg ?? null,
      urn: r['urn']!,
      laCode,
      gss,
      regCodes: reg ? [reg['local-authority-code']!] : [],
      regionName,
      neighbours: splitList(r['stat_neighbours']!),
      // The d2i rows for abolished councils carry a successor's figure (Cumbria repeats Cumberland's), so population is kept for current councils only.
      population: isCurrent && r['ons_population_0-25'] ? Number(r['ons_population_0-25']) : null,
      current: isCurrent,
      ltla: r['ltla23nm']!,
      d2iNames: [r['local_authority_ons_name']!, ...splitNames(r['also_known_as']!, known), r['ltla23nm']!, r['utla23nm'] ?? ''].filter(Boolean),
    });
  }

  for (const code of EXTRA_PREDECESSORS) {
    const reg = register.get(code);
    if (!reg) fail(`register has no council ${code}`);
    const successor = byGss.get(register.get(splitList(reg['replaced-by']!)[0] ?? '')?.['gss-code'] ?? '');
    const succDraft = drafts.find((d) => d.row === successor);
    drafts.push({
      row: reg,
      urn: null,
      laCode: reg['old-ons-la-code']!,
      gss: reg['gss-code']!,
      regCodes: [code],
      regionName: succDraft?.regionName ?? fail(`no successor for ${code}`),
      neighbours: [],
      population: null,
      current: false,
      ltla: '',
      d2iNames: [],
    });
  }

  // Fold into each authority the register entries it continues under the
  // same URN (Buckinghamshire, North Yorkshire and Somerset became unitary
  // councils with new GSS codes but kept their Ofsted URN and LA number).
  const claimed = new Set(drafts.flatMap((d) => d.regCodes));
  let changed = true;
  while (changed) {
    changed = false;
    for (const r of england) {
      const code = r['local-authority-code']!;
      if (claimed.has(code)) continue;
      const succ = splitList(r['replaced-by']!);
      if (succ.length !== 1) continue;
      const target = drafts.find((d) => d.regCodes.includes(succ[0]!));
      if (!target || (r['old-ons-la-code'] && r['old-ons-la-code'] !== target.laCode)) continue;
      target.regCodes.push(code);
      claimed.add(code);
      changed = true;
    }
  }

  const byLaCode = new Map<string, Draft>();
  for (const d of drafts) {
    if (byLaCode.has(d.laCode)) fail(`LA number ${d.laCode} appears twice`);
    byLaCode.set(d.laCode, d);
  }
  const byRegCode = new Map<string, Draft>();
  for (const d of drafts) for (const c of d.regCodes) byRegCode.set(c, d);

  // Reorganisations: register successors between authorities we hold, plus the curated extras.
  const links: { from: Draft; to: Draft; date: string }[] = [];
  for (const from of drafts) {
    for (const c of from.regCodes) {
      for (const s of splitList(register.get(c)!['replaced-by']!)) {
        const to = byRegCode.get(s);
        if (!to || to === from) continue;
        const start = register.get(s)!['start-date'];
        if (!start) fail(`successor ${s} has no start date`);
        links.push({ from, to, date: start });
      }
    }
  }
  for (const e of EXTRA_SUCCESSIONS) {
    const from = byLaCode.get(e.from), to = byLaCode.get(e.to);
    if (!from || !to) fail(`curated succession ${e.from} -> ${e.to} names an unknown LA number`);
    if (!links.some((l) => l.from === from && l.to === to)) links.push({ from, to, date: e.date });
  }

  for (const l of links) l.from.current = false;

  // Names, slugs, final records.
  // ONS's name first, then the register's; "Bristol, City of" is an index form, read as "Bristol".
  const nameOf = (d: Draft): string => {
    const name = [d.ltla, d.row?.['nice-name'], d.d2iNames[0], d.row?.['official-name']].find((n) => n) ?? d.laCode;
    return name.replace(/,\s*City of$/i, '').replace(/\s+/g, ' ').trim();
  };
  const slugs = new Map<string, Draft>();
  const currentNames = new Set(drafts.filter((d) => d.current).map((d) => slugify(nameOf(d))));
  const slugOf = new Map<Draft, string>();
  for (const d of [...drafts].sort((a, b) => Number(b.current) - Number(a.current))) {
    let slug = slugify(nameOf(d));
    // An abolished council sharing a current one's name (Dorset County Council, 1974-2019) takes its official name's slug.
    if (!d.current && currentNames.has(slug)) slug = slugify(d.row?.['official-name'] ?? `${nameOf(d)} ${d.laCode}`);
    if (slugs.has(slug)) fail(`slug ${slug} is not unique`);
    slugs.set(slug, d);
    slugOf.set(d, slug);
  }

  const trustNamesByLa = new Map<string, string[]>();
  for (const t of TRUSTS) for (const la of t.laCodes) trustNamesByLa.set(la, [...(trustNamesByLa.get(la) ?? []), ...t.names]);
  for (const la of [...trustNamesByLa.keys(), ...Object.keys(PRINTED_NAMES), ...EXTRA_SUCCESSIONS.flatMap((e) => [e.from, e.to])]) {
    if (!byLaCode.has(la)) fail(`curated data names unknown LA number ${la}`);
  }

  const linkOf = (d: Draft, date: string): AuthorityLink => ({ slug: slugOf.get(d)!, urn: d.urn, name: nameOf(d), date });

  const authorities: Authority[] = drafts.map((d) => {
    const name = nameOf(d);
    const type = typeFromGss(d.gss);
    const regRows = d.regCodes.map((c) => register.get(c)!);
    const officialName = d.row?.['official-name']?.replace(/\s+/g, ' ') ?? name;
    const formerGss = new Set<string>();
    const formerLa = new Set<string>();
    for (const r of regRows) {
      if (r['gss-code'] !== d.gss) formerGss.add(r['gss-code']!);
      for (const g of splitList(r['former-gss-codes']!)) if (g !== d.gss) formerGss.add(g);
      if (r['old-ons-la-code'] && r['old-ons-la-code'] !== d.laCode) formerLa.add(r['old-ons-la-code']);
    }
    const known = [name, ...d.d2iNames, ...regRows.flatMap((r) => [r['official-name']!, r['nice-name']!])];
    // The register separates its names with a bare comma; a comma inside a name is followed by a space.
    const base = [...known, ...regRows.flatMap((r) => r['alt-names']!.split(/,(?! )/).map((n) => n.trim()).filter(Boolean))];
    const generated: string[] = [`${name} Council`];
    if (type === 'county') generated.push(`${name.replace(/ County$/, '')} County Council`);
    if (type === 'london_borough' && d.laCode !== '201') generated.push(`London Borough of ${name}`);
    if (ROYAL_BOROUGHS.includes(name)) generated.push(`Royal Borough of ${name}`);
    if (/\bcity\b/i.test(officialName)) generated.push(`${name} City Council`, `City of ${name}`, `City of ${name} Council`);
    const all = [
      ...base,
      ...generated,
      ...(PRINTED_NAMES[d.laCode] ?? []),
      ...(trustNamesByLa.get(d.laCode) ?? []),
      ...regRows.flatMap((r) => lookupNames.get(r['local-authority-code']!) ?? []),
    ];
    // One spelling per normalised form; a capitalised spelling is preferred over the register's lower-case copies.
    const seen = new Map<string, string>();
    for (const n of all) {
      const clean = n.replace(/\s+/g, ' ').trim();
      const key = normaliseName(clean);
      if (!key) continue;
      const prev = seen.get(key);
      if (prev === undefined || (prev === prev.toLowerCase() && clean !== clean.toLowerCase())) seen.set(key, clean);
    }
    const names = [...seen.values()];

    const predecessors = links.filter((l) => l.to === d).map((l) => linkOf(l.from, l.date));
    const successors = links.filter((l) => l.from === d).map((l) => linkOf(l.to, l.date));
    const byDate = (a: AuthorityLink, b: AuthorityLink) => a.date.localeCompare(b.date) || a.slug.localeCompare(b.slug);
    predecessors.sort(byDate);
    successors.sort(byDate);
    const start = predecessors.length ? predecessors.map((p) => p.date).sort()[0]! : null;
    const end = successors.length ? successors.map((s) => s.date).sort()[0]! : null;

    const neighbours = d.neighbours.map((la) => {
      const n = byLaCode.get(la);
      if (!n) warnings.push(`${name}: statistical neighbour LA ${la} is not in the data`);
      return { laCode: la, urn: n?.urn ?? null, slug: n ? slugOf.get(n)! : null };
    });

    return {
      urn: d.urn,
      slug: slugOf.get(d)!,
      name,
      officialName,
      laCode: d.laCode,
      formerLaCodes: [...formerLa].sort(),
      gss: d.gss,
      formerGss: [...formerGss].sort(),
      region: d.regionName,
      regionCode: REGION_CODES[d.regionName]!,
      type,
      current: d.current,
      start,
      end,
      names,
      trusts: trustNamesByLa.get(d.laCode) ?? [],
      statisticalNeighbours: neighbours,
      population0to25: d.population,
      predecessors,
      successors,
      sources: [
        ...(d.d2iNames.length ? ['d2i'] : []),
        ...(regRows.length ? ['mysociety'] : []),
        ...(PRINTED_NAMES[d.laCode] || trustNamesByLa.has(d.laCode) || EXTRA_PREDECESSORS.some((c) => d.regCodes.includes(c)) ? ['ilacs'] : []),
      ],
    };
  });
  authorities.sort((a, b) => a.name.localeCompare(b.name, 'en') || a.slug.localeCompare(b.slug));

  const file: AuthoritiesFile = {
    description:
      'English local authorities with children\u2019s services duties and their predecessors. Generated by scripts/build-authorities.ts ' +
      'from the reference files listed in sources; do not edit by hand.',
    sources: SOURCES,
    authorities,
  };
  const text = JSON.stringify(file, null, 1) + '\n';
  for (const w of warnings) console.error(`note: ${w}`);
  if (check) {
    const old = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : '';
    if (old !== text) fail(`${path.relative(repoRoot, outFile)} is out of date: run npm run build:authorities`);
    console.log(`${path.relative(repoRoot, outFile)} is up to date (${authorities.length} authorities)`);
    return;
  }
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, text);
  console.log(`wrote ${path.relative(repoRoot, outFile)}: ${authorities.filter((a) => a.current).length} current authorities, ${authorities.filter((a) => !a.current).length} predecessors`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
