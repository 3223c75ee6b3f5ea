#!/usr/bin/env bash
# Runs the tests against the local PostgreSQL (TEST_DATABASE_SERVER_URL); extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=/dev/null
. ./venv.sh
ensure_venv requirements-dev.txt
exec .venv/bin/python -m pytest "$@"
