# SPDX-License-Identifier: MIT
# Sourced by run-tests.sh and run-demo.sh: create or reuse the virtualenv and
# install the package with the given extras when its dependencies changed.
VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3}"
EXTRAS="${1:-tests}"

if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating virtualenv $VENV"
  "$PYTHON" -m venv "$VENV"
fi
# shellcheck disable=SC1091
. "$VENV/bin/activate"

stamp="$VENV/.installed-$EXTRAS-$(cat setup.cfg pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "== installing invenio-compchem-processor[$EXTRAS]"
  python -m pip install --quiet --upgrade pip setuptools wheel
  python -m pip install --quiet -e ".[$EXTRAS]"
  rm -f "$VENV"/.installed-"$EXTRAS"-*
  touch "$stamp"
else
  echo "== reusing $VENV (dependencies unchanged)"
fi
