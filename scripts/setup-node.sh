#!/usr/bin/env bash
# Makes a supported Node (22 or newer; 24 LTS preferred) available. When the machine's `node` is
# older, installs the npm registry's `node@24` package into the project-local prefix .tools/node.
#   bash scripts/setup-node.sh              installs if needed; prints the bin directory to put
#                                           first on PATH (nothing when the machine's node is fine)
#   bash scripts/setup-node.sh CMD ARGS...  runs CMD with that Node first on PATH (`npm test` does)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
dir=""
if [ "$(major node)" -lt 22 ]; then
  dir="$root/.tools/node/node_modules/.bin"
  if [ "$(major "$dir/node")" -lt 22 ]; then
    npm install --prefix "$root/.tools/node" --no-audit --no-fund --no-save node@24 >&2
  fi
  [ "$(major "$dir/node")" -ge 22 ] || { echo "setup-node: could not install node@24" >&2; exit 1; }
fi
if [ $# -eq 0 ]; then [ -n "$dir" ] && echo "$dir"; exit 0; fi
[ -n "$dir" ] && export PATH="$dir:$PATH"
exec "$@"
