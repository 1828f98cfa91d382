// Developer aid: runs the layout parsers over cached pdf.js dumps (from
// dump-lines.ts) and prints what `ilacs extract --json` would, one line per
// file, in seconds instead of a minute. Diff two runs to see what a parser
// change does to every report:
//   node scripts/dev/reparse.ts <corpus reports dir> <lines dir> > after.jsonl
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { corpusPdfs } from './corpus-files.ts';
import { parseReport } from '../../src/reader/parse.ts';
import type { PdfText } from '../../src/reader/pdf/pdfjs.ts';

const [src, linesDir] = process.argv.slice(2);
if (!src || !linesDir) {
  console.error('usage: reparse.ts <corpus reports dir> <lines dir>');
  process.exit(2);
}
const files = corpusPdfs(src);
for (const file of files) {
  const rel = path.relative(src, file);
  const cached = path.join(linesDir, rel.replace(/\.pdf$/i, '.json'));
  if (!fs.existsSync(cached)) continue;
  const doc = JSON.parse(fs.readFileSync(cached, 'utf8')) as PdfText | { error: string };
  if ('error' in doc) {
    process.stdout.write(JSON.stringify({ file, ok: false, error: { code: 'cached', message: doc.error } }) + '\n');
    continue;
  }
  const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  const r = parseReport(doc, { sha256 });
  process.stdout.write(JSON.stringify(r.ok ? { file, ok: true, report: r.report } : { file, ok: false, error: r.error }) + '\n');
}
