// Completes package-lock.json with the platform-specific optional packages
// the local npm mirror does not carry (e.g. @napi-rs/canvas for macOS and
// Windows). `npm install` leaves them out when it cannot fetch their
// metadata, and `npm ci` then refuses the lock file as out of sync. Each
// added entry names its os/cpu (read from the package name, as these
// packages are named by platform), so npm skips it on other machines
// without fetching anything. Run after any `npm install` that changes the
// lock file: node scripts/complete-lockfile.ts
import fs from 'node:fs';

interface LockEntry { version?: string; optional?: boolean; os?: string[]; cpu?: string[]; libc?: string[]; optionalDependencies?: Record<string, string> }
const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(fs.readFileSync(file, 'utf8')) as { packages: Record<string, LockEntry> };

const OS = ['android', 'darwin', 'linux', 'win32', 'freebsd'];
const CPU: Record<string, string> = { arm64: 'arm64', x64: 'x64', arm: 'arm', riscv64: 'riscv64', ia32: 'ia32' };

function platformOf(name: string): Pick<LockEntry, 'os' | 'cpu' | 'libc'> | null {
  const parts = name.split('/').pop()!.split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.map((p) => CPU[p]).find(Boolean);
  if (!os || !cpu) return null;
  const libc = parts.includes('musl') ? ['musl'] : parts.includes('gnu') || parts.includes('gnueabihf') ? ['glibc'] : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
}

let added = 0;
for (const [at, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${at ? `${at}/` : ''}node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
    const platform = platformOf(name);
    if (!platform) {
      console.error(`complete-lockfile: ${name}@${version} (optional, needed by ${at || 'the project'}) is missing and is not named by platform; install it or remove the dependency`);
      process.exitCode = 1;
      continue;
    }
    lock.packages[`node_modules/${name}`] = { version, optional: true, ...platform };
    added++;
  }
}
const sorted: Record<string, LockEntry> = {};
for (const k of Object.keys(lock.packages).sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)))) sorted[k] = lock.packages[k]!;
lock.packages = sorted;
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lockfile: added ${added} platform-specific optional package entr${added === 1 ? 'y' : 'ies'}`);
