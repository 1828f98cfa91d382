// The content-addressed archive of every PDF sync downloads, so the record
// can be rebuilt from the archive alone: <dir>/<first 2 hex>/<sha256>.pdf.
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeFolders } from '../files.ts';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Path of a file in the archive, relative to the archive folder. */
export function archiveRelativePath(sha256: string): string {
  return path.join(sha256.slice(0, 2), `${sha256}.pdf`);
}

export async function archiveHas(dir: string, sha256: string): Promise<boolean> {
  try {
    const s = await stat(path.join(dir, archiveRelativePath(sha256)));
    return s.isFile();
  } catch {
    return false;
  }
}

/**
 * Writes the bytes under their hash. Written to a temporary name and
 * renamed, so a crash never leaves a partial file under a real hash.
 */
export async function archiveWrite(dir: string, bytes: Uint8Array, sha256 = sha256Hex(bytes)): Promise<string> {
  const rel = archiveRelativePath(sha256);
  const full = path.join(dir, rel);
  if (await archiveHas(dir, sha256)) return rel;
  makeFolders(path.dirname(full));
  const tmp = `${full}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, full);
  return rel;
}

/** The archived bytes, or null when missing or not matching their hash. */
export async function archiveRead(dir: string, sha256: string): Promise<Buffer | null> {
  try {
    const bytes = await readFile(path.join(dir, archiveRelativePath(sha256)));
    return sha256Hex(bytes) === sha256 ? bytes : null;
  } catch {
    return null;
  }
}

/**
 * Removes temporary files a killed run left behind. Call only while holding
 * the sync lease, when no other writer can be midway through a file.
 */
export async function archiveSweep(dir: string): Promise<number> {
  let removed = 0;
  let subdirs: string[];
  try {
    subdirs = await readdir(dir);
  } catch {
    return 0;
  }
  for (const sub of subdirs) {
    if (!/^[0-9a-f]{2}$/.test(sub)) continue;
    let names: string[];
    try {
      names = await readdir(path.join(dir, sub));
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.endsWith('.tmp')) continue;
      await rm(path.join(dir, sub, name), { force: true });
      removed++;
    }
  }
  return removed;
}
