#!/usr/bin/env bash
# npm run dapr:install: real daprd and the dapr CLI in ~/.dapr/bin (where `dapr run` looks for
# daprd), built from the Go module proxy, for machines where `dapr init` cannot download a
# release. Elsewhere run `dapr init` (or `dapr init --slim`) instead.
#
# Idempotent and cached by version: a binary already built from the same inputs is kept and the
# script says so. Prints what it built, where, and how long it took.
#
# Versions, and why they differ from the newest (the Go module proxy here refuses some versions):
#   daprd     1.18.3, from tools/dapr/daprd (a module of ours: daprd's own app.Run with only our
#             components registered). durabletask-go v0.12.4, which dapr 1.18.3 requires, is not
#             served; v0.12.1 (what dapr 1.18.0/1.18.1 use) is, compiles, and only drives Dapr
#             workflows, which this project does not use.
#   dapr CLI  1.16.5, from tools/dapr/cli: the proxy refuses every CLI release from 1.17.0 to
#             1.18.0. Multi-App Run (the only command the project needs) resolves paths and passes
#             environments the same way in 1.16.5 and 1.18.0 (compared in the CLI's sources).
set -euo pipefail

DAPR_VERSION=1.18.3
DAPR_CLI_VERSION=1.16.5
here=$(cd "$(dirname "$0")" && pwd)
bin_dir="${DAPR_INSTALL_DIR:-$HOME/.dapr/bin}"
build_root="${XDG_CACHE_HOME:-$HOME/.cache}/checkout-saga/daprd-$DAPR_VERSION"
mkdir -p "$bin_dir"
command -v go >/dev/null || { echo "dapr:install needs Go (1.26): https://go.dev/dl/ or your package manager" >&2; exit 1; }

# The inputs of our daprd: a change to any of them rebuilds it.
cli_stamp="dapr CLI $DAPR_CLI_VERSION $(cat "$here"/cli/go.mod "$here"/cli/go.sum | sha256sum | cut -c1-16)"
stamp="daprd $DAPR_VERSION $(cat "$here"/daprd/go.mod "$here"/daprd/go.sum "$here"/daprd/*.go "$here"/daprd/_replaces/*.go | sha256sum | cut -c1-16)"

build_daprd() {
  local started=$SECONDS
  # Dapr's module, copied out of the module cache so that its cmd/daprd/components package can
  # be emptied (its zz_notag.go panics unless every stable component is built in; the Go
  # toolchain refuses overlays inside the module cache).
  local src
  src=$(cd "$here/daprd" && GOFLAGS=-mod=mod go mod download -json "github.com/dapr/dapr@v$DAPR_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  rm -rf "$build_root" && mkdir -p "$build_root"
  cp -r "$src" "$build_root/dapr" && chmod -R u+w "$build_root/dapr"
  cp "$here/daprd/_replaces/zz_notag.go" "$build_root/dapr/cmd/daprd/components/zz_notag.go"
  cp "$here"/daprd/go.mod "$here"/daprd/go.sum "$here"/daprd/*.go "$build_root/"
  (cd "$build_root" \
    && go mod edit -replace "github.com/dapr/dapr=./dapr" \
    && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath \
         -ldflags "-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=$DAPR_VERSION" \
         -o "$bin_dir/daprd.new" .)
  mv "$bin_dir/daprd.new" "$bin_dir/daprd"
  echo "$stamp" > "$bin_dir/.daprd.stamp"
  echo "built daprd $DAPR_VERSION -> $bin_dir/daprd in $((SECONDS - started)) s"
}

build_cli() {
  local started=$SECONDS
  (cd "$here/cli" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath \
     -ldflags "-s -w -X main.version=$DAPR_CLI_VERSION -X main.apiVersion=1.0" \
     -o "$bin_dir/dapr.new" github.com/dapr/cli)
  mv "$bin_dir/dapr.new" "$bin_dir/dapr"
  echo "$cli_stamp" > "$bin_dir/.dapr.stamp"
  echo "built dapr CLI $DAPR_CLI_VERSION -> $bin_dir/dapr in $((SECONDS - started)) s"
}

if [ -x "$bin_dir/daprd" ] && [ "$(cat "$bin_dir/.daprd.stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "daprd $DAPR_VERSION already built: $bin_dir/daprd"
else
  build_daprd
fi
if [ -x "$bin_dir/dapr" ] && [ "$(cat "$bin_dir/.dapr.stamp" 2>/dev/null)" = "$cli_stamp" ]; then
  echo "dapr CLI $DAPR_CLI_VERSION already built: $bin_dir/dapr"
else
  build_cli
fi

# `dapr` on the PATH, as `dapr init`'s installer leaves it, where we may write there.
if ! command -v dapr >/dev/null 2>&1 && [ -w /usr/local/bin ]; then
  ln -sf "$bin_dir/dapr" /usr/local/bin/dapr
  echo "linked /usr/local/bin/dapr -> $bin_dir/dapr"
fi
command -v dapr >/dev/null 2>&1 || echo "add $bin_dir to your PATH to run \`dapr\`"
