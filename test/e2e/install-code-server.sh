#!/usr/bin/env bash
# Installs code-server (VS Code's workbench and Node extension host) from the npm registry into DIR,
# with nothing downloaded from elsewhere: the native build needs Debian's libkrb5-dev, and the
# ripgrep that @vscode/ripgrep would fetch from GitHub is seeded from Debian's ripgrep package.
# Usage: install-code-server.sh DIR [VERSION]   (4.100.3 is the last release that runs on Node 20)
set -euo pipefail
DIR=${1:?usage: $0 DIR [VERSION]}
VERSION=${2:-4.100.3}
need=()
for p in libkrb5-dev ripgrep; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "install-code-server: needs Debian packages ${need[*]} (run as root, or apt-get install them)" >&2; exit 2; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# @vscode/ripgrep's postinstall looks in $TMPDIR/vscode-ripgrep-cache-<its version>/ before downloading.
TMP=$(node -e 'console.log(require("os").tmpdir())')
staging=$(mktemp -d)
cp "$(command -v rg)" "$staging/rg"
for pv in 1.15.9 1.15.10 1.15.11 1.15.13 1.15.14; do
  mkdir -p "$TMP/vscode-ripgrep-cache-$pv"
  tar czf "$TMP/vscode-ripgrep-cache-$pv/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$staging" rg
done
rm -rf "$staging"
mkdir -p "$DIR"
# --unsafe-perm: code-server's postinstall refuses to run as root otherwise; npm_config_yes: node-pty's
# postinstall runs `npx node-gyp`, which must not stop at a prompt.
npm_config_yes=true npm install --prefix "$DIR" "code-server@$VERSION" --unsafe-perm --no-audit --no-fund --no-save --loglevel=error
"$DIR/node_modules/.bin/code-server" --version >/dev/null
