#!/usr/bin/env node
// Installed entry point: Node 24 runs the TypeScript sources directly (type stripping).
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(`ilacs needs Node.js 24 or newer (this is ${process.version}). See scripts/node24.sh in the project.`);
  process.exit(1);
}
await import('../src/cli/main.ts');
