#!/usr/bin/env bash
# Installs moto's server (a local SNS/SQS) into a virtualenv of its own, once: the tests of the
# production pub/sub component (pubsub.aws.snssqs, components/aws) run real daprd against it.
# Prints where moto_server is. Idempotent: a second run with the same requirements does nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv="${XDG_CACHE_HOME:-$HOME/.cache}/checkout-saga/moto-venv"
stamp=$(sha256sum "$here/requirements.txt" | cut -c1-16)
if [ "$(cat "$venv/.stamp" 2>/dev/null)" != "$stamp" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
  echo "$stamp" > "$venv/.stamp"
fi
echo "$venv/bin/moto_server"
