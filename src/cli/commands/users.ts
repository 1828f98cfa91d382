// ilacs users add|list|disable|enable: the inspection workflow's accounts,
// for the first admin and for scripts. Passwords come on standard input
// only (never an argument, which other users can see in the process list).
import { ROLES, isRole } from '../../domain/workflow.ts';
import { DuplicateEmailError, openStore } from '../../store/index.ts';
import { hashPassword, passwordProblem } from '../../workflow/accounts.ts';
import { UsageError, type Command } from '../command.ts';
import { databaseOption, databaseUrl, noteSnapshot } from './database-option.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  if ((stream as NodeJS.ReadStream).isTTY) throw new UsageError('--password-stdin reads the password from standard input: pipe it in, e.g. printf %s "$PASSWORD" | ilacs users add …');
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  // One trailing newline (from echo or a file) is not part of the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export const usersCommand: Command = {
  name: 'users',
  summary: 'Manage the inspection workflow’s accounts: add, list, disable, enable',
  usage: 'add --email E --name "N" --role ROLE [--authority SLUG] --password-stdin | list [--json] | disable --email E | enable --email E',
  description: [
    `Roles: ${ROLES.join(', ')}. A council account is the nominated officer of one council: give its --authority`,
    '(the council’s slug, as in /local-authorities/<slug>). Passwords are read from standard input (--password-stdin),',
    'at least 12 characters, and stored only as an argon2id hash. Disabling an account ends its sessions at once.',
  ].join('\n'),
  options: {
    database: databaseOption,
    email: { type: 'string', value: 'E', description: 'The account’s email address (its sign-in name)' },
    name: { type: 'string', value: 'N', description: 'The person’s name, as pages show it' },
    role: { type: 'string', value: 'ROLE', description: ROLES.join(' | ') },
    authority: { type: 'string', value: 'SLUG', description: 'For a council account: the council’s slug' },
    'password-stdin': { type: 'boolean', description: 'Read the password from standard input' },
    json: { type: 'boolean', description: 'list: print JSON' },
  },
  minArgs: 1,
  async run(ctx) {
    const [action, ...extra] = ctx.positionals;
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const v = ctx.values;
    const email = typeof v.email === 'string' ? v.email.trim().toLowerCase() : undefined;
    if (action === 'add') {
      if (!email || !EMAIL.test(email)) throw new UsageError(email ? `"${email}" is not an email address` : 'add needs --email');
      const name = typeof v.name === 'string' ? v.name.trim() : '';
      if (!name) throw new UsageError('add needs --name "Full Name"');
      if (!isRole(v.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}${typeof v.role === 'string' ? `, not "${v.role}"` : ''}`);
      const authority = typeof v.authority === 'string' ? v.authority.trim() : null;
      if (v.role === 'council' && !authority) throw new UsageError('a council account needs --authority SLUG: the council whose nominated officer this is');
      if (v.role !== 'council' && authority) throw new UsageError('--authority is only for council accounts');
      if (!v['password-stdin']) throw new UsageError('add needs --password-stdin, with the password piped in');
      const password = await readStdin(process.stdin);
      const problem = passwordProblem(password);
      if (problem) throw new UsageError(problem);
      const store = await openStore(databaseUrl(v), { searchPool: false });
      noteSnapshot(store, ctx.stderr);
      try {
        if (authority && !(await store.workflow.authorityName(authority))) throw new UsageError(`there is no current council with the slug "${authority}": see /local-authorities for the slugs`);
        const user = await store.workflow.addUser({ email, name, role: v.role, authoritySlug: authority, passwordHash: await hashPassword(password) }, new Date().toISOString());
        ctx.stdout.write(`Added ${user.email} (${user.name}), ${user.role}${authority ? ` for ${authority}` : ''}, account ${user.id}\n`);
        return 0;
      } catch (err) {
        if (err instanceof DuplicateEmailError) throw Object.assign(err, { userMessage: `${err.message}: choose another email, or disable/enable the existing account` });
        throw err;
      } finally {
        await store.close();
      }
    }
    if (action === 'list') {
      const store = await openStore(databaseUrl(v), { access: 'read', searchPool: false });
      try {
        const users = await store.workflow.listUsers();
        if (v.json) ctx.stdout.write(JSON.stringify(users) + '\n');
        else if (!users.length) ctx.stdout.write('No accounts yet: add the first admin with ilacs users add --role admin …\n');
        else for (const u of users) ctx.stdout.write(`${String(u.id).padStart(4)}  ${u.email}  ${u.name}  ${u.role}${u.authoritySlug ? ` (${u.authoritySlug})` : ''}${u.disabledAt ? `  disabled ${u.disabledAt.slice(0, 10)}` : ''}\n`);
        return 0;
      } finally {
        await store.close();
      }
    }
    if (action === 'disable' || action === 'enable') {
      if (!email) throw new UsageError(`${action} needs --email`);
      const store = await openStore(databaseUrl(v), { searchPool: false });
      try {
        const done = await store.workflow.setUserDisabled(email, action === 'disable', new Date().toISOString());
        if (!done) {
          ctx.stderr.write(`ilacs users: there is no account for ${email} (ilacs users list shows them)\n`);
          return 1;
        }
        ctx.stdout.write(`${action === 'disable' ? 'Disabled' : 'Enabled'} ${email}${action === 'disable' ? '; its sessions have ended' : ''}\n`);
        return 0;
      } finally {
        await store.close();
      }
    }
    throw new UsageError(`the first argument must be add, list, disable or enable${action ? `, not "${action}"` : ''}`);
  },
};
