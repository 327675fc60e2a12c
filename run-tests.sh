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

# shellcheck source=scripts/venv.sh
. scripts/venv.sh tests

# md-summary reads a .tpr's run parameters with GROMACS's `gmx dump` (Debian's gromacs).
if ! command -v gmx >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "== installing Debian's gromacs (gmx, for the md-summary tests)"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends gromacs >/dev/null
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

# The test database starts empty: a run that was killed leaves its tables
# (and their rows) behind, which the next run's fixtures would collide with.
# Only a database whose name starts with "test" is reset.
if [ -n "${SQLALCHEMY_DATABASE_URI:-}" ]; then
  python - "$SQLALCHEMY_DATABASE_URI" <<'PY'
import sys
import sqlalchemy as sa
url = sa.engine.make_url(sys.argv[1])
if (url.database or "").startswith("test"):
    with sa.create_engine(url).begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    print(f"== database: {url.database} reset to an empty schema")
PY
fi

echo "== check-manifest"
check-manifest --no-build-isolation

echo "== docs (warnings are errors)"
sphinx-build -q -W -b html docs docs/_build/html

echo "== pytest"
if [ $# -gt 0 ]; then
  exec python -m pytest "$@"
fi
# The local engine's tests (real Celery workers over the broker) run in this
# process too: Flask-CeleryExt keeps one Celery app per process, which
# tests/support/celery_state.py points at each test module's application.
python -m pytest --ignore=tests/ui

# The processing panel in a real browser: RDM's webpack build with the
# package's bundle (cached in ~/.cache/invenio-compchem-processor by a hash of
# its inputs: built only when they changed), one site with a real Celery
# worker, Playwright driving Debian's Chromium (installed here if missing).
echo "== pytest: the processing panel in Chromium"
if [ -z "${COMPCHEM_UI_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq chromium
fi
python scripts/ui_build.py >/dev/null
python -m pytest tests/ui --no-cov
