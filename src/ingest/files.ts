// Expands the paths given to ingest into the files to read: files as given,
// folders walked recursively for *.pdf, in a stable order.
import fs from 'node:fs/promises';
import path from 'node:path';

export class InputError extends Error {
  readonly userMessage: string;
  constructor(message: string) {
    super(message);
    this.userMessage = message;
  }
}

export async function expandInputs(inputs: string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const input of inputs) {
    const abs = path.resolve(input);
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch {
      throw new InputError(`${input}: no such file or folder`);
    }
    if (stat.isDirectory()) {
      for (const f of await walk(abs)) out.add(f);
    } else if (stat.isFile()) {
      out.add(abs);
    } else {
      throw new InputError(`${input}: not a file or folder`);
    }
  }
  return [...out];
}

async function walk(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files.push(...(await walk(p)));
    else if (e.isFile() && /\.pdf$/i.test(e.name)) files.push(p);
  }
  return files;
}
