# SPDX-License-Identifier: MIT
"""Watching a run while it executes: stop requests, heartbeat, log flushes.

A stop is a row change made by whichever web process handled it; the worker
finds out by polling the row, so stopping needs no channel to the worker
(which may be on another host) and works the same for any number of them.
"""

import logging
import os
import signal
import threading
import time

logger = logging.getLogger(__name__)

STOP = "stop"
TERMINATE = "terminate"
GONE = "gone"
"""The run was deleted: abandon it without writing anything."""
SUPERSEDED = "superseded"
"""A retry started a newer attempt: this one must not write anything."""


class Supervisor(threading.Thread):
    """Polls the run's row every ``interval`` seconds in a daemon thread."""

    def __init__(self, state, interval=0.5, heartbeat_every=5.0):
        """``state`` is the run's :class:`..state.RunState`."""
        super().__init__(name=f"compchem-supervisor-{state.name}", daemon=True)
        self.state = state
        self.interval = interval
        self.heartbeat_every = heartbeat_every
        self.request = None
        """``(STOP|TERMINATE|GONE|SUPERSEDED, message)`` once the run must end."""
        self._done = threading.Event()
        self._flush_lock = threading.Lock()
        self._step = None

    def cancelled(self):
        """Whether the run must end early."""
        return self.request is not None

    def follow(self, step_id, log):
        """Flush this step's log from now on (``None``: no step)."""
        self._step = (step_id, log) if step_id else None

    def flush(self, step_id, log):
        """Store a step's log if it changed; one writer at a time, newest wins."""
        with self._flush_lock:
            if log.dirty:
                self.state.save_step(step_id, log=log.text())

    def run(self):
        """Poll until :meth:`close`."""
        last_beat = time.monotonic()
        while not self._done.wait(self.interval):
            try:
                self._check()
                step = self._step
                if step:
                    self.flush(*step)
                if time.monotonic() - last_beat >= self.heartbeat_every:
                    self.state.heartbeat()
                    last_beat = time.monotonic()
            except Exception:  # a DB hiccup must not end the supervision
                logger.exception("Supervising run %s failed once", self.state.name)

    def _check(self):
        if self.request is not None:
            return
        poll = self.state.poll()
        if poll is None:
            self.request = (GONE, None)
        elif poll.attempt != self.state.attempt:
            self.request = (SUPERSEDED, None)
        elif poll.stop_request in (STOP, TERMINATE):
            self.request = (poll.stop_request, poll.stop_message)

    def close(self):
        """Stop polling."""
        self._done.set()
        self.join(timeout=5)


def kill_group(process, grace):
    """End a process and everything it started: SIGTERM, then SIGKILL after ``grace``.

    The processor runs in its own session, so its process group holds every
    child it forked (e.g. the per-file parsers of cclib-summary).
    """
    if process.poll() is None and grace > 0:
        _signal_group(process, signal.SIGTERM)
        try:
            process.wait(grace)
        except Exception:  # subprocess.TimeoutExpired
            pass
    _signal_group(process, signal.SIGKILL)
    process.wait()


def _signal_group(process, signum):
    try:
        os.killpg(process.pid, signum)
    except (ProcessLookupError, PermissionError):
        pass
