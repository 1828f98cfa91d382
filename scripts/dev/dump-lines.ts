// Developer aid: dumps each corpus PDF's lines (with segments) as JSON so
// layout work can iterate without re-reading PDFs. Not used by the product.
import fs from 'node:fs';
import path from 'node:path';
import { loadPdfText } from '../../src/reader/pdf/pdfjs.ts';

const [src, out] = process.argv.slice(2);
if (!src || !out) { console.error('usage: dump-lines.ts <corpus reports dir> <out dir>'); process.exit(2); }
const files: string[] = [];
const walk = (d: string) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (e.name.toLowerCase().endsWith('.pdf')) files.push(p); } };
walk(src);
files.sort();
const shard = Number(process.env.SHARD ?? 0), shards = Number(process.env.SHARDS ?? 1);
for (const [i, f] of files.entries()) {
  if (i % shards !== shard) continue;
  const rel = path.relative(src, f);
  const target = path.join(out, rel.replace(/\.pdf$/i, '.json'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    const t = await loadPdfText(fs.readFileSync(f));
    fs.writeFileSync(target, JSON.stringify(t));
  } catch (e) {
    fs.writeFileSync(target, JSON.stringify({ error: String(e) }));
  }
}
