import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import {
  AUTHORITIES,
  CURRENT_AUTHORITIES,
  DATA_SOURCES,
  authorityByGss,
  authorityByLaCode,
  authorityBySlug,
  authorityByUrn,
  existedOn,
  matchAuthorities,
  matchAuthority,
  predecessorsOf,
  statisticalNeighbours,
  successorsOf,
} from '../../src/domain/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(repoRoot, '../shared');
const referenceDir = path.join(shared, 'reference');
const corpusIndex = path.join(shared, 'corpus/index.csv');

test('153 current authorities with unique URNs, slugs, LA numbers and GSS codes', () => {
  assert.equal(CURRENT_AUTHORITIES.length, 153);
  const unique = (values: (string | null)[]) => new Set(values).size === values.length;
  assert.ok(unique(AUTHORITIES.map((a) => a.slug)), 'slugs');
  assert.ok(unique(AUTHORITIES.map((a) => a.laCode)), 'LA numbers');
  assert.ok(unique(AUTHORITIES.map((a) => a.gss)), 'GSS codes');
  assert.ok(unique(AUTHORITIES.filter((a) => a.urn).map((a) => a.urn)), 'URNs');
  for (const a of CURRENT_AUTHORITIES) {
    assert.match(a.urn ?? '', /^\d+$/, `${a.name} URN`);
    assert.match(a.laCode, /^\d{3}$/, `${a.name} LA number`);
    assert.match(a.gss, /^E(06|08|09|10)\d{6}$/, `${a.name} GSS`);
    assert.match(a.regionCode, /^E12\d{6}$/);
    assert.match(a.slug, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(a.population0to25 && a.population0to25 > 0, `${a.name} population`);
    assert.equal(a.end, null);
    assert.ok(a.names.includes(a.name));
  }
  const types = new Set(CURRENT_AUTHORITIES.map((a) => a.type));
  assert.deepEqual([...types].sort(), ['county', 'london_borough', 'metropolitan_borough', 'unitary']);
  assert.equal(new Set(CURRENT_AUTHORITIES.map((a) => a.region)).size, 9);
});

test('the shared data cannot be changed by a caller', () => {
  const a = authorityByUrn('80559')!;
  assert.throws(() => { (a as { name: string }).name = 'x'; }, TypeError);
  assert.throws(() => { (a.names as string[]).push('x'); }, TypeError);
  assert.equal(a.name, 'Southend-on-Sea');
});

test('lookups by URN, slug, LA number and GSS code (current and former)', () => {
  assert.equal(authorityByUrn('80559')?.slug, 'southend-on-sea');
  assert.equal(authorityByUrn(80559)?.laCode, '882');
  assert.equal(authorityBySlug('southend-on-sea')?.urn, '80559');
  assert.equal(authorityBySlug('bournemouth-christchurch-and-poole')?.urn, '2532287');
  assert.equal(authorityByLaCode('882')?.slug, 'southend-on-sea');
  assert.equal(authorityByLaCode(201)?.slug, 'city-of-london');
  assert.equal(authorityByGss('E08000016')?.slug, 'barnsley', 'Barnsley before its 2025 code change');
  assert.equal(authorityByGss('E08000038')?.slug, 'barnsley');
  assert.equal(authorityByGss('E10000023')?.slug, 'north-yorkshire', 'North Yorkshire County Council, same URN');
  assert.equal(authorityByGss('E10000027')?.slug, 'somerset');
  assert.equal(authorityByGss('E10000002')?.slug, 'buckinghamshire');
  assert.equal(authorityByUrn('999999'), null);
  assert.equal(authorityBySlug('atlantis'), null);
});

test('predecessors are present with their links and dates', () => {
  const northants = authorityByUrn('121939')!;
  assert.equal(northants.current, false);
  assert.deepEqual(successorsOf(northants).map((a) => a.slug), ['north-northamptonshire', 'west-northamptonshire']);
  assert.ok(northants.successors.every((s) => s.date === '2021-04-01'));
  const cumbria = authorityByUrn('135513')!;
  assert.deepEqual(successorsOf(cumbria).map((a) => a.slug), ['cumberland', 'westmorland-and-furness']);
  assert.ok(cumbria.successors.every((s) => s.date === '2023-04-01'));
  const bcp = authorityByUrn('2532287')!;
  assert.deepEqual(predecessorsOf(bcp).map((a) => a.laCode).sort(), ['835', '836', '837']);
  assert.ok(bcp.predecessors.every((p) => p.date === '2019-04-01'));
  assert.equal(authorityByUrn('137316')?.slug, 'poole');
  const dorset = authorityByUrn('2532283')!;
  assert.deepEqual(predecessorsOf(dorset).map((a) => a.laCode), ['835']);
  assert.equal(dorset.start, '2019-04-01');
  assert.equal(authorityByLaCode('835')?.end, '2019-04-01');
  assert.equal(existedOn(authorityByLaCode('835')!, '2019-03-31'), true);
  assert.equal(existedOn(authorityByLaCode('835')!, '2019-04-01'), false);
  assert.deepEqual(predecessorsOf('80530'), [], 'North Yorkshire kept its URN: no predecessor');
});

test('predecessor and successor links are symmetric', () => {
  for (const a of AUTHORITIES) {
    for (const p of a.predecessors) {
      const pred = authorityBySlug(p.slug);
      assert.ok(pred, `${a.slug}: unknown predecessor ${p.slug}`);
      assert.ok(pred.successors.some((s) => s.slug === a.slug && s.date === p.date), `${p.slug} -> ${a.slug}`);
      assert.equal(pred.current, false);
    }
    for (const s of a.successors) {
      const succ = authorityBySlug(s.slug);
      assert.ok(succ, `${a.slug}: unknown successor ${s.slug}`);
      assert.ok(succ.predecessors.some((p) => p.slug === a.slug && p.date === s.date), `${a.slug} -> ${s.slug}`);
    }
  }
});

test('statistical neighbours resolve to ten other authorities', () => {
  for (const a of CURRENT_AUTHORITIES) {
    const n = statisticalNeighbours(a);
    assert.equal(n.length, 10, `${a.name} has ${n.length} neighbours`);
    assert.equal(n.length, a.statisticalNeighbours.length);
    assert.ok(!n.includes(a), `${a.name} is its own neighbour`);
    for (const [i, x] of a.statisticalNeighbours.entries()) assert.equal(x.urn, n[i]!.urn);
  }
  assert.deepEqual(statisticalNeighbours('80559').slice(0, 1).map((a) => a.laCode), [authorityByUrn('80559')!.statisticalNeighbours[0]!.laCode]);
});

test('every record names its sources, and every source carries a licence', () => {
  const ids = new Set(DATA_SOURCES.map((s) => s.id));
  for (const s of DATA_SOURCES) assert.ok(s.licence && s.attribution && s.url, s.id);
  for (const a of AUTHORITIES) {
    assert.ok(a.sources.length > 0, a.slug);
    for (const s of a.sources) assert.ok(ids.has(s), `${a.slug}: ${s}`);
  }
});

const TITLES: [string, string][] = [
  ['Inspection of Bradford Children and Families Trust', 'bradford'],
  ["Somerset Council local authority children's services", 'somerset'],
  ["Inspection of Kingston upon Thames local authority children's services", 'kingston-upon-thames'],
  ['London Borough of Tower Hamlets', 'tower-hamlets'],
  ['Herefordshire Council', 'herefordshire'],
  ['Cheshire West and Chester', 'cheshire-west-and-chester'],
  ['Bristol City Council', 'bristol'],
  ['Bristol City of', 'bristol'],
  ['Kingston upon Hull', 'kingston-upon-hull'],
  ['Hull', 'kingston-upon-hull'],
  ['St Helens', 'st-helens'],
  ['St. Helens', 'st-helens'],
  ['ST HELENS METROPOLITAN BOROUGH COUNCIL', 'st-helens'],
  ['Telford & Wrekin', 'telford-and-wrekin'],
  ['Bournemouth, Christchurch and Poole', 'bournemouth-christchurch-and-poole'],
  ['Bournemouth, Christchurch & Poole', 'bournemouth-christchurch-and-poole'],
  ['Windsor and Maidenhead', 'windsor-and-maidenhead'],
  ['North East Lincolnshire', 'north-east-lincolnshire'],
  ['North Lincolnshire Council', 'north-lincolnshire'],
  ['Lincolnshire County Council', 'lincolnshire'],
  ['East Riding of Yorkshire', 'east-riding-of-yorkshire'],
  ["Inspection of East Riding local authority children's services", 'east-riding-of-yorkshire'],
  ['Bath and North East Somerset', 'bath-and-north-east-somerset'],
  ['North Somerset Council', 'north-somerset'],
  ['Inspection of North Northamptonshire local authority children’s services', 'north-northamptonshire'],
  ['Council of the Isles of Scilly', 'isles-of-scilly'],
  ['City of London Corporation', 'city-of-london'],
  ['London Corporation', 'city-of-london'],
  ['Royal Borough of Kensington and Chelsea', 'kensington-and-chelsea'],
  ['Birmingham Children’s Trust', 'birmingham'],
  ["Doncaster Children's Services Trust", 'doncaster'],
  ['Slough Children First', 'slough'],
  ["Slough Children's Services Trust", 'slough'],
  ["Sandwell Children's Trust", 'sandwell'],
  ['Together for Children', 'sunderland'],
  ['Worcestershire Children First', 'worcestershire'],
  ['Brighter Futures for Children', 'reading'],
  ['Achieving for Children: Richmond upon Thames', 'richmond-upon-thames'],
  ['Achieving for Children — Royal Borough of Kingston upon Thames', 'kingston-upon-thames'],
  ['City of Bradford Metropolitan District Council', 'bradford'],
  ['Inspection of City of Wolverhampton local authority children’s services', 'wolverhampton'],
  ['Inspection of Newcastle local authority children’s services', 'newcastle-upon-tyne'],
  ['Southend-on-Sea City Council', 'southend-on-sea'],
  ['southend on sea', 'southend-on-sea'],
];

test('matchAuthority reads names as report titles print them', () => {
  for (const [title, slug] of TITLES) assert.equal(matchAuthority(title)?.slug ?? null, slug, title);
});

test('matchAuthority finds nothing where no authority is named, and will not guess between several', () => {
  assert.equal(matchAuthority('Yorkshire'), null);
  assert.equal(matchAuthority('Inspection of children’s social care services'), null);
  assert.equal(matchAuthority(''), null);
  assert.equal(matchAuthority('Achieving for Children'), null, 'one trust, three councils');
  assert.deepEqual(
    matchAuthorities('Achieving for Children').map((c) => c.authority.slug).sort(),
    ['kingston-upon-thames', 'richmond-upon-thames', 'windsor-and-maidenhead'],
  );
});

test('matchAuthority goes by the first name in the text, so body text naming other councils does not mislead it', () => {
  const page = [
    'Inspection of Cumberland local authority children’s services',
    'Inspection dates: 7 to 18 October 2024',
    'Since Cumbria County Council was replaced by Cumberland and Westmorland and Furness councils in April 2023, leaders have…',
  ].join('\n');
  assert.equal(matchAuthority(page)?.slug, 'cumberland');
  assert.equal(matchAuthority('City of Westminster\nInspection of children’s social care services\nthe bi-borough arrangement with Kensington and Chelsea')?.slug, 'westminster');
  assert.equal(matchAuthority('Inspection of Cambridgeshire local authority children’s services. Shared services with Peterborough ended.')?.slug, 'cambridgeshire');
  assert.deepEqual(matchAuthorities('Cambridgeshire and Peterborough').map((c) => c.authority.slug), ['cambridgeshire', 'peterborough']);
});

test('matchAuthority prefers the council that existed at the given date', () => {
  assert.equal(matchAuthority('Dorset County Council')?.laCode, '835');
  assert.equal(matchAuthority('Inspection of Dorset local authority children’s services')?.urn, '2532283');
  assert.equal(matchAuthority('Dorset', { date: '2016-05-01' })?.laCode, '835');
  assert.equal(matchAuthority('Dorset', { date: '2021-10-08' })?.urn, '2532283');
  assert.equal(matchAuthority('Northamptonshire County Council', { date: '2019-06-01' })?.urn, '121939');
  assert.equal(matchAuthority("Northamptonshire Children's Trust", { date: '2020-12-01' })?.urn, '121939');
  assert.equal(matchAuthority("Northamptonshire Children's Trust", { date: '2022-10-01' }), null, 'trust serves two councils since 2021');
  assert.equal(matchAuthority('Cumbria County Council', { date: '2020-01-01' })?.urn, '135513');
  assert.equal(matchAuthority('Borough of Poole', { date: '2018-01-01' })?.urn, '137316');
  assert.equal(matchAuthority('Bournemouth Borough Council', { date: '2017-01-01' })?.laCode, '837');
  assert.equal(matchAuthority('Somerset County Council', { date: '2017-11-01' })?.urn, '80555');
});

function readCsv(file: string): Record<string, string>[] {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
  const split = (line: string) => {
    const out: string[] = [];
    let cur = '', q = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (q) { if (c === '"') { if (line[i + 1] === '"') { cur += '"'; i++; } else q = false; } else cur += c; }
      else if (c === '"') q = true;
      else if (c === ',') { out.push(cur); cur = ''; }
      else cur += c;
    }
    out.push(cur);
    return out;
  };
  const [header, ...rows] = lines.map(split);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

test('every corpus folder resolves by URN and its name matches that URN', { skip: !fs.existsSync(corpusIndex) && 'no ../shared/corpus/index.csv here' }, () => {
  const rows = readCsv(corpusIndex);
  assert.ok(rows.length > 0);
  for (const r of rows) {
    const a = authorityByUrn(r['urn']!);
    assert.ok(a, `${r['path']}: URN ${r['urn']} unknown`);
    assert.equal(matchAuthority(r['la_folder_name']!)?.urn, r['urn'], `folder name "${r['la_folder_name']}"`);
  }
});

// Developer check over the report titles themselves, from the cached page-1
// lines scripts/dev/dump-lines.ts writes (ILACS_LINES_CACHE, default /tmp/lines).
const linesCache = process.env['ILACS_LINES_CACHE'] ?? '/tmp/lines';
test('the title lines of every corpus report match the folder’s authority', { skip: !fs.existsSync(linesCache) && `no line cache at ${linesCache}` }, () => {
  const misses: string[] = [];
  let checked = 0;
  for (const dir of fs.readdirSync(linesCache).sort()) {
    const folder = authorityByUrn(dir.split('_')[0]!);
    if (!folder) continue;
    for (const f of fs.readdirSync(path.join(linesCache, dir))) {
      const dump = JSON.parse(fs.readFileSync(path.join(linesCache, dir, f), 'utf8')) as { pages?: { lines: { text: string }[] }[] };
      const first = dump.pages?.[0];
      if (!first) continue;
      // The title block alone, and the whole first page (title followed by body text).
      for (const lines of [first.lines.slice(0, 6), first.lines]) {
        const found = matchAuthority(lines.map((l) => l.text).join('\n'));
        checked++;
        const related = found && (found === folder || folder.predecessors.some((p) => p.slug === found.slug) || folder.successors.some((s) => s.slug === found.slug));
        if (!related) misses.push(`${dir}/${f} (${lines.length} lines): ${found?.slug ?? 'no match'}`);
      }
    }
  }
  assert.ok(checked > 0);
  assert.deepEqual(misses, []);
});

test('the committed data is what the build script makes from the reference files', { skip: !fs.existsSync(referenceDir) && 'no ../shared/reference here' }, () => {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build-authorities.ts'), '--check', '--reference', referenceDir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
});
