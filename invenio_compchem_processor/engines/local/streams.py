# SPDX-License-Identifier: MIT
"""Logs and changes of the local engine's runs, read from its tables.

``LocalStreams`` is a part of ``LocalEngine``: it uses the engine's
``_row``, ``_steps`` and ``_status`` and its ``watch_interval`` and
``follow_seconds`` settings.
"""

import time

from invenio_db import db
from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from ..base import LogLine, Phase, RunEvent, RunStatus
from . import logs as step_logs
from .models import LocalRun


class LocalStreams:
    """Log lines of a run's steps, and a poll of the runs' changes."""

    def log_lines(self, name, step, query):
        """Log lines of the latest attempt, of all steps or one (name or pod name).

        ``tail_lines`` and ``since_seconds`` apply to what is there already;
        ``follow`` then polls for new lines until the run ends or
        ``follow_seconds`` have passed.
        """
        offsets, first = {}, True
        deadline = time.monotonic() + self.follow_seconds
        while True:
            row = self._row(name, fresh=not first)
            lines = self._new_lines(row, step, offsets, fresh=not first)
            lines = step_logs.select(
                lines, query.since_seconds if first else None, query.grep
            )
            if first and query.tail_lines is not None:
                tail = int(query.tail_lines)
                lines = lines[-tail:] if tail > 0 else []
            yield from lines
            first = False
            if not query.follow or Phase(row.phase).is_terminal:
                return
            if time.monotonic() > deadline:
                return
            time.sleep(self.watch_interval)

    def _new_lines(self, row, step, offsets, fresh):
        """Lines of the wanted steps after those already sent (``offsets``)."""
        lines = []
        for record in self._steps(row, fresh):
            pod = f"{row.name}-{record.name}"
            if step and step not in (record.name, pod):
                continue
            parsed = list(step_logs.parse(record.log))
            start, offsets[pod] = offsets.get(pod, 0), len(parsed)
            lines.extend(
                LogLine(step=pod, content=content, timestamp=timestamp)
                for timestamp, content in parsed[start:]
            )
        return lines

    def watch(self, record_id=None, version=None):
        """Changes of runs, by polling every ``watch_interval`` seconds.

        Without ``version`` the runs that exist are sent as ADDED
        first, as Argo does; with one, only changes from now on are sent
        (the poll cannot replay older ones).
        """
        known = None
        query = select(LocalRun).options(defer(LocalRun.credential))
        if record_id:
            query = query.where(LocalRun.record_id == record_id)
        with Session(db.engine) as session:
            while True:
                rows = {row.name: row for row in session.scalars(query)}
                if known is None:
                    known = (
                        {}
                        if version is None
                        else {name: row.version for name, row in rows.items()}
                    )
                events = self._changes(known, rows)
                known = {name: row.version for name, row in rows.items()}
                session.rollback()
                session.expunge_all()
                yield from events
                time.sleep(self.watch_interval)

    def _changes(self, known, rows):
        events = [
            RunEvent("ADDED" if name not in known else "MODIFIED", self._status(row))
            for name, row in rows.items()
            if name not in known or known[name] != row.version
        ]
        for name in set(known) - set(rows):
            events.append(RunEvent("DELETED", RunStatus(name=name, phase=Phase.FAILED)))
        return events
