#!/usr/bin/env bash
# Starts order-audit: the app command of `dapr run -f dapr.yaml`, or alone (`bash run.sh`).
# Creates .venv on first use and keeps it in step with requirements.txt.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=/dev/null
. ./venv.sh
ensure_venv requirements.txt
exec .venv/bin/python -m order_audit
