# SPDX-License-Identifier: MIT
"""How the server-rendered admin pages show times: in the reader's locale
and timezone (Flask-Babel, as Invenio's own pages), never as raw ISO text."""

from datetime import datetime, timezone

from flask_babel import format_datetime, format_time, format_timedelta


def _parsed(value):
    """An ISO 8601 text (as the admin API serves times) as an aware datetime,
    else None; a time without an offset is UTC, as the database keeps it."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def when(value):
    """Date, time and offset of an ISO text ("December 1, 2026, 2:21:34 PM
    +0100" in RDM's default zone, Europe/Zurich); "–" for none, and any other
    text as it is."""
    moment = _parsed(value)
    return format_datetime(moment, "long") if moment else value or "–"


def clock(value):
    """The time of day of an ISO text ("1:21:34 PM"), for a run's steps."""
    moment = _parsed(value)
    return format_time(moment, "medium") if moment else value or ""


def took(started, finished):
    """How long from ``started`` to ``finished`` ("5 seconds"); "" unless both."""
    start, end = _parsed(started), _parsed(finished)
    if not (start and end):
        return ""
    return format_timedelta(end - start, granularity="second", threshold=1)


HELPERS = {"when": when, "clock": clock, "took": took}
"""The names the run page's template calls them by."""
