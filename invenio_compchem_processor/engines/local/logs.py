# SPDX-License-Identifier: MIT
"""Step logs: kept in the state table, bounded, each line timestamped.

A worker may run on another host than the web process that serves the log,
so logs live in the database, as ``<RFC 3339 time> <text>`` lines. Only the
newest ``max_bytes`` are kept.
"""

import re
import threading
from datetime import datetime, timedelta, timezone

from ...credentials import redact

DROPPED = "[earlier lines dropped: the step log is limited to {} bytes]"


def _stamp():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class StepLog:
    """The log of one step while it runs; written by several threads."""

    def __init__(self, max_bytes, max_line=16384):
        """Keep at most ``max_bytes`` of lines of at most ``max_line`` characters."""
        self.max_bytes = max_bytes
        self.max_line = max_line
        self._lines = []
        self._size = 0
        self._dropped = False
        self._lock = threading.Lock()
        self.dirty = False

    def write(self, text):
        """Add lines; credentials are redacted whatever wrote them."""
        for line in str(text).splitlines() or [""]:
            line = redact(line.rstrip("\r"))[: self.max_line]
            entry = f"{_stamp()} {line}"
            with self._lock:
                self._lines.append(entry)
                self._size += len(entry.encode()) + 1
                while self._size > self.max_bytes and len(self._lines) > 1:
                    self._size -= len(self._lines.pop(0).encode()) + 1
                    self._dropped = True
                self.dirty = True

    def text(self):
        """The log as stored; marks it clean."""
        with self._lock:
            self.dirty = False
            lines = list(self._lines)
            if self._dropped:
                lines.insert(
                    0, f"{lines[0].split(' ', 1)[0]} {DROPPED.format(self.max_bytes)}"
                )
            return "\n".join(lines) + ("\n" if lines else "")


def parse_time(stamp):
    """The time of a stored line (written by ``_stamp``), or ``None``."""
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None


def parse(text):
    """``(timestamp, content)`` of each stored line."""
    for line in (text or "").splitlines():
        stamp, _, content = line.partition(" ")
        timestamp = parse_time(stamp)
        yield (timestamp, content) if timestamp else (None, line)


def select(lines, since_seconds=None, grep=None):
    """Lines newer than ``since_seconds`` that match ``grep`` (a regex, else a substring)."""
    if since_seconds is not None:
        limit = datetime.now(timezone.utc) - timedelta(seconds=int(since_seconds))
        lines = [line for line in lines if line.timestamp and line.timestamp >= limit]
    if grep:
        try:
            pattern = re.compile(grep)
            lines = [line for line in lines if pattern.search(line.content)]
        except re.error:
            lines = [line for line in lines if grep in line.content]
    return lines
