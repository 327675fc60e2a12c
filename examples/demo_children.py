# SPDX-License-Identifier: MIT
"""The demo's background processes, and stopping all of them on Ctrl-C or SIGTERM.

Each child runs in a session (so a process group) of its own: a Ctrl-C in
the terminal reaches only the demo, which then ends every group it started,
grandchildren included (Celery's pool, the API server's reloader), with
SIGTERM and, past a grace period, SIGKILL. Children that end on their own
are reaped while the demo waits, so none stays a zombie.
"""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager


class Stopped(Exception):
    """The demo was asked to stop (SIGINT or SIGTERM)."""

    def __init__(self, signum):
        """``signum`` is the signal received."""
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self):
        """The shell's code for a process ended by this signal."""
        return 128 + self.signum


def _raise_stopped(signum, frame):
    raise Stopped(signum)


@contextmanager
def _signals_handled_by(handler):
    previous = {
        signum: signal.signal(signum, handler)
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def stop_on_signals():
    """Turn SIGINT and SIGTERM into :class:`Stopped` inside the block."""
    return _signals_handled_by(_raise_stopped)


def signals_ignored():
    """A second Ctrl-C must not cut the stopping short."""
    return _signals_handled_by(signal.SIG_IGN)


class Children:
    """Processes started by the demo, each the leader of its own process group."""

    def __init__(self, log_dir):
        """Each child's output goes to ``<log_dir>/<name>.log``."""
        self.log_dir = log_dir
        self.processes = {}

    def start(self, name, args, env=None):
        """Start ``args`` in a session of its own; its :class:`subprocess.Popen`."""
        with open(os.path.join(self.log_dir, f"{name}.log"), "w") as log:
            process = subprocess.Popen(
                args,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes[name] = process
        return process

    def run(self, name, args, env=None):
        """Start ``args`` and wait for it; its exit code (stopped with the rest)."""
        process = self.start(name, args, env)
        code = process.wait()
        del self.processes[name]
        return code

    def reap(self):
        """Collect the children that ended on their own: ``{name: exit code}``."""
        ended = {
            name: process.returncode
            for name, process in self.processes.items()
            if process.poll() is not None
        }
        for name in ended:
            del self.processes[name]
        return ended

    def wait(self, report=print, interval=1.0):
        """Reap children as they end, until a signal stops the demo."""
        while True:
            for name, code in self.reap().items():
                report(f"{name} exited with code {code}")
            time.sleep(interval)

    def stop(self, grace=15.0):
        """SIGTERM every group, SIGKILL what is left after ``grace``; reap them all."""
        with signals_ignored():
            groups = [process.pid for process in self.processes.values()]
            for group in groups:
                _signal_group(group, signal.SIGTERM)
            deadline = time.monotonic() + grace
            for process in self.processes.values():
                try:
                    process.wait(max(0.0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    pass
            for group in groups:  # leaders gone, grandchildren perhaps not
                _signal_group(group, signal.SIGKILL)
            for process in self.processes.values():
                process.wait()
            self.processes = {}


def _signal_group(group, signum):
    try:
        os.killpg(group, signum)
    except (ProcessLookupError, PermissionError):
        pass


def exit_quietly(error):
    """End the demo after a stop request: one line, no traceback."""
    print(f"\n== stopped ({error}); every process the demo started has ended",
          file=sys.stderr, flush=True)
    return error.exit_code
