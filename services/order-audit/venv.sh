# Sourced by run.sh and test.sh: ensure_venv <requirements file> creates .venv if missing (python3.11,
# else python3) and installs the requirements, skipping pip when they have not changed since.
ensure_venv() {
  local requirements="$1" stamp=".venv/.installed-$1"
  if [ ! -x .venv/bin/python ]; then
    "$(command -v python3.11 || command -v python3)" -m venv .venv
  fi
  # A stamp newer than the requirements files means this exact set is already installed.
  if [ ! -f "$stamp" ] || [ requirements.txt -nt "$stamp" ] || [ "$requirements" -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
    touch "$stamp"
  fi
}
