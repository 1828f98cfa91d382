// Folder creation for every writer (the database's folder, snapshots, the
// PDF archive). Node's own recursive mkdir never returns for a path under
// /proc (it loops at full CPU), so a mistyped or hostile setting could hang
// a command or the server: this walks up to the nearest folder that exists
// and makes each missing level in turn, failing with the first level's error.
import fs from 'node:fs';
import path from 'node:path';

/** Makes `dir` and any missing parents (like `mkdir -p`); throws the error of the first level that cannot be made. */
export function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; ) {
    try {
      if (fs.statSync(d).isDirectory()) break;
      throw Object.assign(new Error(`ENOTDIR: ${d} is a file, not a folder`), { code: 'ENOTDIR' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    missing.push(d);
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing.reverse()) {
    try {
      fs.mkdirSync(m);
    } catch (err) {
      // Made meanwhile by another process: fine.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
