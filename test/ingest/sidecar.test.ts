import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseCsv, SidecarIndex } from '../../src/ingest/sidecar.ts';
import { tempDir } from '../fixtures/store-fixtures.ts';

test('CSV: quoted commas, quotes and newlines; CRLF; BOM-less header', () => {
  assert.deepEqual(parseCsv('a,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n'), [
    ['a', 'b'],
    ['x, y', 'say "hi"'],
    ['two\nlines', 'z'],
  ]);
});

test('an index.csv in the parent folder, paths relative to a subfolder of it', () => {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'reports', '80559_southend'), { recursive: true });
  const file = path.join(root, 'reports', '80559_southend', "children's services inspection - 1 may 2024.pdf");
  fs.writeFileSync(file, 'x');
  fs.writeFileSync(
    path.join(root, 'index.csv'),
    '\uFEFFpath,urn,la_folder_name,listed_date,source_url\n"80559_southend/children\'s services inspection - 1 may 2024.pdf",80559,southend,2024-05-01,https://files.ofsted.gov.uk/v1/file/123\n',
  );
  const idx = SidecarIndex.forInputs([path.join(root, 'reports')]);
  assert.deepEqual(idx.lookup(file), { sourceUrl: 'https://files.ofsted.gov.uk/v1/file/123', listingDate: '2024-05-01', urn: '80559' });
  assert.equal(idx.lookup(path.join(root, 'reports', 'other.pdf')), null);
  fs.rmSync(root, { recursive: true, force: true });
});

test('an index.csv in the folder itself; bad dates ignored; no path column is reported', () => {
  const root = tempDir();
  fs.writeFileSync(path.join(root, 'a.pdf'), 'x');
  fs.writeFileSync(path.join(root, 'index.csv'), 'path,listing_date,url\na.pdf,1 May 2024,https://example.test/a\n');
  assert.deepEqual(SidecarIndex.forInputs([root]).lookup(path.join(root, 'a.pdf')), { sourceUrl: 'https://example.test/a', listingDate: null, urn: null });
  fs.writeFileSync(path.join(root, 'index.csv'), 'file_name,url\na.pdf,x\n');
  const idx = SidecarIndex.forInputs([path.join(root, 'a.pdf')]);
  assert.equal(idx.lookup(path.join(root, 'a.pdf')), null);
  assert.match(idx.problems[0] ?? '', /no "path" column/);
  fs.rmSync(root, { recursive: true, force: true });
});
