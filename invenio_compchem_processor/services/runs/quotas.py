# SPDX-License-Identifier: MIT
"""Limits on what one depositor can start: runs per draft per hour, active runs.

Automatic runs (one per upload) do not count: uploads are limited by RDM.
"""

from datetime import datetime, timedelta, timezone

from flask import current_app

from ... import rows
from ...api import load_runs
from ..errors import QuotaExceededError

HOUR = timedelta(hours=1)
COMMANDS = ("manual", "resubmit")


def _now():
    return datetime.now(timezone.utc).replace(tzinfo=None)


def check_draft_quota(record_id):
    """Refuse a start past ``COMPCHEM_PROCESSOR_MAX_STARTS_PER_DRAFT_HOUR``."""
    limit = current_app.config["COMPCHEM_PROCESSOR_MAX_STARTS_PER_DRAFT_HOUR"]
    if not limit:
        return
    now = _now()
    started = rows.run_times_since(record_id, now - HOUR, triggers=COMMANDS)
    if len(started) >= limit:
        wait = started[-limit] + HOUR - now
        raise QuotaExceededError(
            f"At most {limit} runs may be started on a draft per hour.",
            retry_after=max(1, int(wait.total_seconds()) + 1),
        )


def check_user_quota(engine, user_id):
    """Refuse a start past ``COMPCHEM_PROCESSOR_MAX_ACTIVE_RUNS_PER_USER``."""
    limit = current_app.config["COMPCHEM_PROCESSOR_MAX_ACTIVE_RUNS_PER_USER"]
    if not limit or user_id is None:
        return
    since = _now() - timedelta(
        seconds=current_app.config["COMPCHEM_PROCESSOR_CREDENTIAL_TTL"]
    )
    candidates = rows.unended_runs_of_user(user_id, since)
    if len(candidates) < limit:
        return
    active = [run for run in load_runs(candidates, engine) if run.is_active]
    if len(active) >= limit:
        raise QuotaExceededError(
            f"You have {len(active)} active runs; at most {limit} may run at once.",
            retry_after=current_app.config["COMPCHEM_PROCESSOR_ENGINE_RETRY_AFTER"],
        )
