// Entry point of the `ilacs` command line.
import { helpText, parseCommandArgs, UsageError, type Command } from './command.ts';
import { commands } from './commands/index.ts';

function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'ilacs: the open record of Ofsted inspections of local authority children’s services',
    '',
    'Usage: ilacs <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `ilacs <command> --help` for a command’s options.',
    '',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const entry = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    process.stdout.write(entry ? helpText(await entry.load()) : mainHelp());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    const pkg = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`ilacs: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}. Try ilacs --help.\n`);
    return 2;
  }
  const cmd: Command = await entry.load();
  try {
    const parsed = parseCommandArgs(cmd, rest);
    if (parsed.help) {
      process.stdout.write(helpText(cmd));
      return 0;
    }
    return await cmd.run({ values: parsed.values, positionals: parsed.positionals, stdout: process.stdout, stderr: process.stderr });
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`ilacs ${cmd.name}: ${err.message}\nRun ilacs ${cmd.name} --help for usage.\n`);
      return 2;
    }
    const e = err as Error & { userMessage?: string };
    if (e.userMessage) {
      process.stderr.write(`ilacs ${cmd.name}: ${e.userMessage}\n`);
      return 1;
    }
    process.stderr.write(`ilacs ${cmd.name}: unexpected error: ${e.stack ?? e.message}\n`);
    return 1;
  }
}

// A reader that stops reading (`ilacs forecast | head`) is not an error: end quietly, as Unix tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const code = await main(process.argv.slice(2));
process.exitCode = code;
