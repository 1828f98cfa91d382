// A small command framework over node:util parseArgs: every command declares
// its options once, and gets --help and clear usage errors from that.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface OptionDef {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  description: string;
  /** Shown in help as the value's name, e.g. URL. */
  value?: string;
}

export interface Command {
  name: string;
  summary: string;
  /** e.g. "[--json] <file|folder>..." */
  usage: string;
  description?: string;
  options: Record<string, OptionDef>;
  /** Minimum positional arguments. */
  minArgs?: number;
  run(ctx: CommandContext): Promise<number>;
}

export interface CommandContext {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export class UsageError extends Error {}

export function helpText(cmd: Command): string {
  const lines = [`Usage: ilacs ${cmd.name} ${cmd.usage}`.trimEnd(), '', cmd.summary];
  if (cmd.description) lines.push('', cmd.description);
  lines.push('', 'Options:');
  const all: Record<string, OptionDef> = { ...cmd.options, help: { type: 'boolean', short: 'h', description: 'Show this help' } };
  for (const [name, def] of Object.entries(all)) {
    const flag = `${def.short ? `-${def.short}, ` : '    '}--${name}${def.type === 'string' ? ` <${def.value ?? 'value'}>` : ''}`;
    lines.push(`  ${flag.padEnd(30)} ${def.description}`);
  }
  return lines.join('\n') + '\n';
}

export function parseCommandArgs(cmd: Command, argv: string[]): { help: true } | { help: false; values: CommandContext['values']; positionals: string[] } {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, def] of Object.entries(cmd.options)) {
    options[name] = { type: def.type, ...(def.short ? { short: def.short } : {}), ...(def.multiple ? { multiple: true } : {}) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.replace(/\. To specify a positional argument.*$/s, '')}`);
  }
  if (parsed.values.help) return { help: true };
  // An empty value (often an unset shell variable) would otherwise quietly mean "the default".
  for (const [name, value] of Object.entries(parsed.values)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v === 'string' && !v.trim())) throw new UsageError(`--${name} was given an empty value: give a value, or leave the option out for its default`);
  }
  if (parsed.positionals.length < (cmd.minArgs ?? 0)) {
    throw new UsageError(`ilacs ${cmd.name} needs ${cmd.minArgs === 1 ? 'an argument' : `${cmd.minArgs} arguments`}: ${cmd.usage}`);
  }
  return { help: false, values: parsed.values as CommandContext['values'], positionals: parsed.positionals };
}
