# SPDX-License-Identifier: MIT
"""Runs' latest progress reports, kept in the cache.

A run reports its progress through the callback API; status views show the
latest report without asking the engine. Reports expire after
``COMPCHEM_PROCESSOR_PROGRESS_TTL`` seconds.
"""

from datetime import datetime, timezone

from flask import current_app
from invenio_cache import current_cache

_KEY = "compchem:progress:{}"


def save_report(run_name, report):
    """Keep ``report`` (``message``, ``progress``) as the run's latest, stamped."""
    report = {**report, "reported": datetime.now(timezone.utc).isoformat()}
    current_cache.set(
        _KEY.format(run_name),
        report,
        timeout=current_app.config["COMPCHEM_PROCESSOR_PROGRESS_TTL"],
    )
    return report


def latest_reports(run_names):
    """The runs' last reports ``{message, progress, reported}`` by name.

    One cache round trip, whatever the number of runs.
    """
    if not run_names:
        return {}
    keys = [_KEY.format(name) for name in run_names]
    return {
        name: report
        for name, report in zip(run_names, current_cache.get_many(*keys))
        if report
    }
