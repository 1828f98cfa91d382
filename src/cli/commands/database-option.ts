// The --database option every command that touches the record shares.
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
