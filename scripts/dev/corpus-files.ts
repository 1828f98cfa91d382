// Developer aid: the corpus PDFs below a folder, in a stable order, for the
// scripts that read cached pdf.js dumps (reparse.ts, mutate.ts).
import fs from 'node:fs';
import path from 'node:path';

/** Every .pdf below `dir`, depth first, names in code-unit order. */
export function corpusPdfs(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.toLowerCase().endsWith('.pdf')) files.push(p);
    }
  };
  walk(dir);
  return files;
}
