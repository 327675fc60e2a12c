# SPDX-License-Identifier: MIT
"""A run's steps on a worker: read inputs, process, write results, end.

The steps mirror the Argo template (``argo/templates``): the same callback
API, credential and processor contract, and ``end-run`` as the exit handler
that runs whatever happened before it (except after a terminate). The three
work steps share one scratch directory, as the template's containers share
one volume, so a retry runs them all again.
"""

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

from ...run_client import CallbackError, Cancelled, RunClient
from ...run_steps import download_inputs, upload_results
from ..base import Phase
from . import processes
from .logs import StepLog
from .sweep import mark
from .supervision import GONE, STOP, SUPERSEDED, TERMINATE, Supervisor, kill_group

logger = logging.getLogger(__name__)

STEPS = ("read-inputs", "process", "write-results", "end-run")
"""Step names, in order; ``progress`` counts them."""

ENV_ALLOWED = (
    "PATH",
    "HOME",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "TZ",
    "PYTHONPATH",
    "VIRTUAL_ENV",
)
"""The worker's variables a processor inherits: never its secrets (DB, keys)."""


WAIT_TICK = 0.25
"""Longest wait for the processor's exit between checks for a stop; an exit
itself is noticed at once."""


class StepFailed(Exception):
    """A step ended unsuccessfully, with a message for the depositor."""


class FilesRefused(StepFailed):
    """The processor could not read some inputs: the message gives each
    file's reason in the depositor's words, and is the run's message as it
    is (no step name before it)."""


def worker_name():
    """Where an attempt runs, for operators."""
    return f"{socket.gethostname()}:{os.getpid()}"


def resolve(command):
    """The command with its program found on PATH or beside this Python.

    Console scripts of the worker's own installation (``compchem-cclib-summary``)
    live next to ``sys.executable`` even when the worker's PATH lacks them.
    """
    program = command[0]
    if os.sep not in program:
        program = (
            shutil.which(program)
            or shutil.which(program, path=os.path.dirname(sys.executable))
            or program
        )
    return [program, *command[1:]]


class Execution:
    """One attempt of one run, claimed by this worker."""

    def __init__(self, state, run, settings):
        """``run`` is the claimed row; ``settings`` the worker's engine settings."""
        self.state = state
        self.run = run
        self.settings = settings
        self.options = run.options or {}
        self.supervisor = Supervisor(state, interval=settings["poll_interval"])
        self.done = 0
        self._summary = None

    #
    # Steps
    #
    def execute(self):
        """Run every step; write the outcome unless the attempt was taken away."""
        self.supervisor.start()
        if self._warm():  # the zygote imports while the inputs download
            command = resolve(self.options["command"])
            processes.prepare(command, self.settings["preload"])
        work_dir = tempfile.mkdtemp(
            prefix=f"{self.run.name}-", dir=self.settings["work_dir"] or None
        )
        try:
            mark(work_dir, self.run.name, self.state.attempt)
            phase, message = self._steps(work_dir)
        except Exception as error:
            logger.exception("Run %s failed in the executor", self.run.name)
            phase, message = Phase.ERROR, f"The local engine failed: {error}"
        finally:
            self.supervisor.close()
            shutil.rmtree(work_dir, ignore_errors=True)
        if (self.supervisor.request or (None,))[0] in (GONE, SUPERSEDED):
            return None
        self.state.finish(phase, message)
        return phase

    def _steps(self, work_dir):
        failure = None
        work = (
            ("read-inputs", self._read_inputs),
            ("process", self._process),
            ("write-results", self._write_results),
        )
        for position, (name, body) in enumerate(work):
            if failure or self.supervisor.cancelled():
                self.state.start_step(position, name, Phase.OMITTED)
                continue
            failure = self._step(position, name, body, work_dir)
        request, note = self.supervisor.request or (None, None)
        if request in (GONE, SUPERSEDED):
            return None, None
        if request == STOP:
            failure = "Stopped with strategy 'Stop'" + (f": {note}" if note else "")
        elif request == TERMINATE:
            failure = "Stopped with strategy 'Terminate'" + (
                f": {note}" if note else ""
            )
            self.state.start_step(len(work), "end-run", Phase.OMITTED)
            return Phase.FAILED, failure
        phase = Phase.FAILED if failure else Phase.SUCCEEDED
        end_failure = self._step(len(work), "end-run", self._end, phase)
        if end_failure and not failure:
            phase, failure = Phase.FAILED, end_failure
        return phase, failure or self._summary

    def _step(self, position, name, body, argument):
        """Run one step; its failure message, or ``None``."""
        log = StepLog(self.settings["log_max_bytes"])
        step_id = self.state.start_step(position, name)
        self.supervisor.follow(step_id, log)
        phase, message, named = Phase.SUCCEEDED, None, True
        try:
            message = body(step_id, log, argument)
        except (StepFailed, CallbackError, Cancelled) as error:
            phase, message = Phase.FAILED, str(error)
            named = not isinstance(error, FilesRefused)
        except Exception as error:
            log.write(f"internal error: {type(error).__name__}: {error}")
            self.supervisor.follow(None, None)
            self.supervisor.flush(step_id, log)
            raise
        if message:
            log.write(message)
        self.supervisor.follow(None, None)
        self.supervisor.flush(step_id, log)
        self.state.save_step(step_id, finished=True, phase=phase.value, message=message)
        if phase == Phase.SUCCEEDED:
            self.done += 1
            self.state.progress(self.done, len(STEPS))
            return None
        return f"{name}: {message}" if named else message

    def _client(self, log):
        return RunClient(
            self.run.parameters["api-url"],
            self.run.credential or "",
            attempts=self.settings["http_attempts"],
            delay=self.settings["http_retry_delay"],
            cancelled=self.supervisor.cancelled,
            log=log.write,
        )

    def _read_inputs(self, step_id, log, work_dir):
        download_inputs(self._client(log), list(self.run.file_keys), work_dir)

    def _write_results(self, step_id, log, work_dir):
        message, failed = upload_results(self._client(log), work_dir)
        self._summary = message
        if failed:
            raise FilesRefused(message)
        return message

    def _end(self, step_id, log, phase):
        client = self._client(log)
        client.cancelled = lambda: False  # a stopped run still closes its context
        if client.end(phase.value):
            return f"run ended, phase {phase.value}"
        return "run context already closed"

    #
    # The processor
    #
    def _process(self, step_id, log, work_dir):
        """The workflow's command over ``in/`` into ``out/<name>``, in its own group."""
        command = resolve(list(self.options["command"]))
        name = self.options.get("name") or os.path.basename(command[0]) or "process"
        out_dir = os.path.join(work_dir, "out", name)
        os.makedirs(out_dir, exist_ok=True)
        scratch = os.path.join(work_dir, "tmp")
        os.makedirs(scratch, exist_ok=True)
        argv = [*command, os.path.join(work_dir, "in"), out_dir]
        log.write("$ " + " ".join(argv))
        process = processes.start(
            argv,
            cwd=work_dir,
            env=self._environment(scratch),
            memory=self.options.get("memory_limit") or self.settings["memory_limit"],
            warm=self._warm(),
            preload=self.settings["preload"],
            log=log.write,
        )
        self.state.save_step(step_id, pid=process.pid)
        reader = threading.Thread(
            target=_copy_lines, args=(process.stdout, log), daemon=True
        )
        reader.start()
        ended = self._wait(process)
        reader.join(timeout=5)
        self.state.save_step(step_id, exit_code=process.returncode)
        if ended:
            raise StepFailed(ended)
        if process.returncode == 1:
            return "some inputs failed (see the results)"
        if process.returncode < 0:
            signal_name = _signal_name(-process.returncode)
            raise StepFailed(f"the processor was killed by {signal_name}")
        if process.returncode != 0:
            raise StepFailed(f"the processor exited with code {process.returncode}")
        return None

    def _wait(self, process):
        """Wait for the processor; why it was ended early, or ``None``."""
        timeout = float(self.options.get("timeout") or self.settings["default_timeout"])
        grace = self.settings["kill_grace"]
        deadline = time.monotonic() + timeout
        tick = min(self.settings["poll_interval"], WAIT_TICK)
        try:
            while True:
                left = deadline - time.monotonic()
                try:
                    process.wait(max(min(tick, left), 0))
                    break
                except subprocess.TimeoutExpired:
                    pass
                request = self.supervisor.request
                if request:
                    kill_group(process, 0 if request[0] != STOP else grace)
                    return "stopped while the processor was running"
                if left <= 0:
                    kill_group(process, grace)
                    return f"exceeded the workflow's timeout of {timeout:g} s and was killed"
        finally:
            kill_group(process, 0)  # what the processor left behind
        return None

    def _warm(self):
        """Whether this workflow's processor may be forked from the zygote."""
        return bool(self.settings["warm"]) and self.options.get("warm", True)

    def _environment(self, scratch):
        env = {k: os.environ[k] for k in ENV_ALLOWED if k in os.environ}
        env.update(TMPDIR=scratch, PYTHONUNBUFFERED="1")
        env.update({k: str(v) for k, v in (self.options.get("env") or {}).items()})
        return env


def _signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _copy_lines(stream, log):
    with stream:
        for line in iter(stream.readline, b""):
            log.write(line.decode("utf-8", errors="replace"))
