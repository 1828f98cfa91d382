// The --database option every command that touches the record shares.
import type { Store } from '../../store/index.ts';
import type { OptionDef } from '../command.ts';

export const databaseOption: OptionDef = {
  type: 'string',
  value: 'URL',
  description: 'sqlite:<path> or postgres://… (default: $DATABASE_URL, else data/ilacs.db)',
};

export function databaseUrl(values: Record<string, unknown>): string | undefined {
  const v = values.database;
  return typeof v === 'string' ? v : undefined;
}

/** Says so (on stderr) when opening the default database loaded the shipped snapshot into it. */
export function noteSnapshot(store: Store, stderr: NodeJS.WritableStream): void {
  const s = store.snapshotImport;
  if (s) stderr.write(`Loaded the shipped snapshot (built ${s.header.builtAt}) into ${store.config.display}: ${s.added} reports added.\n`);
}
