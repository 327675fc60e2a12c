#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The whole job on embedded defaults: installs what it needs, starts a
# database (PostgreSQL if it answers, else SQLite), osmem-server, a broker
# (Redis or RabbitMQ if present, else an embedded one), the Invenio API and a
# Celery worker running the local engine; uploads the sample outputs to a
# draft as a depositor over HTTP and prints what processing found.
#
# Usage: ./run-demo.sh [--keep] [--timeout SECONDS] | --ui
# (--ui: the deposit form with the processing panel; prints a URL and a login)
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/venv.sh
. scripts/venv.sh demo
exec python examples/demo.py "$@"
