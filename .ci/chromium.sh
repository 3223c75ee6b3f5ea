#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (tests/web) when it is missing; a second run
# changes nothing. playwright-core drives this browser: nothing is downloaded by Playwright.
# Used by .ci/run, and by hand before `npm test` on a new machine (README).
set -euo pipefail

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing: chromium"
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
# Debian's wrapper script prints a harmless shell warning on some machines; the version line is what matters.
chromium --version 2>/dev/null | grep -i chromium
