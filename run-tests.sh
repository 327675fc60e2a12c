#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Runs the whole test suite on a fresh clone: creates (or reuses) a virtualenv,
# installs the package with its test extras, checks the manifest, builds the
# docs with warnings as errors and runs pytest with coverage.
#
# Usage: ./run-tests.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")"

VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating virtualenv $VENV"
  "$PYTHON" -m venv "$VENV"
fi
# shellcheck disable=SC1091
. "$VENV/bin/activate"

stamp="$VENV/.installed-$(cat setup.cfg pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "== installing invenio-compchem-processor[tests]"
  python -m pip install --quiet --upgrade pip setuptools wheel
  python -m pip install --quiet -e ".[tests]"
  rm -f "$VENV"/.installed-*
  touch "$stamp"
else
  echo "== reusing $VENV (dependencies unchanged)"
fi

# The database: PostgreSQL when it answers, else SQLite.
PG_URI="${SQLALCHEMY_DATABASE_URI:-postgresql+psycopg2://postgres@127.0.0.1:5432/test}"
if python - "$PG_URI" <<'PY' 2>/dev/null
import sys
import sqlalchemy as sa
uri = sys.argv[1]
if not uri.startswith("postgresql"):
    sys.exit(1)
sa.create_engine(uri, connect_args={"connect_timeout": 3}).connect().close()
PY
then
  export SQLALCHEMY_DATABASE_URI="$PG_URI"
  echo "== database: PostgreSQL at ${PG_URI##*@}"
else
  unset SQLALCHEMY_DATABASE_URI
  echo "== database: PostgreSQL does not answer at ${PG_URI##*@}; running on SQLite"
fi

echo "== check-manifest"
check-manifest --no-build-isolation

echo "== docs (warnings are errors)"
sphinx-build -q -W -b html docs docs/_build/html

echo "== pytest"
python -m pytest "$@"
