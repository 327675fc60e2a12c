# SPDX-License-Identifier: MIT
"""Warm processors: a worker's steps forked from a server that imported them once.

Starting ``compchem-cclib-summary`` as a new interpreter costs about half a
second of imports (cclib, scipy, ase) for a parse of a few milliseconds. Each
worker process therefore starts one :mod:`.zygote` (a fresh interpreter, so
it inherits no connection and no thread), which imports the processors'
libraries once and forks a child per ``process`` step. The child keeps the
guarantees of a subprocess: its own session and process group (the worker
kills it with ``killpg``), the worker's timeout and stop, an address-space
limit, output captured through a pipe, only the allowed environment; a crash
of the child is only an exit status.

Only console scripts of the worker's own installation are started warm;
any other command stays a subprocess (:mod:`.processes`).
"""

import json
import logging
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
from importlib.metadata import entry_points

logger = logging.getLogger(__name__)

THREAD_CAPS = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}
"""Numerical libraries use one thread: a worker process runs one step at a
time per core, and the zygote must have no thread when it forks."""

START_TIMEOUT = 120
"""Seconds a request may wait for the zygote (its first imports included)."""


class ForkServerError(Exception):
    """The zygote could not start a step; the caller falls back to a subprocess."""


def warm_target(argv):
    """What the zygote runs for ``argv``, or ``None`` when it must be a subprocess.

    ``{"entry": "module:attr"}`` for a console script of this installation
    (its script beside this Python, not another program of the same name);
    ``{"module": name}`` for ``<this Python> -m name``.
    """
    program = argv[0]
    here = os.path.dirname(os.path.abspath(sys.executable))
    if os.sep in program:
        found = program
    else:
        found = shutil.which(program) or shutil.which(program, path=here)
    if not found or os.path.dirname(os.path.abspath(found)) != here:
        return None
    if os.path.abspath(found) == os.path.abspath(sys.executable):
        if len(argv) > 2 and argv[1] == "-m":
            return {"module": argv[2]}
        return None
    for entry in entry_points(group="console_scripts", name=os.path.basename(found)):
        return {"entry": entry.value}
    return None


class WarmProcess:
    """A child of the zygote, with the part of ``Popen``'s interface in use."""

    def __init__(self, pid, reply, stdout, forked_at):
        """``reply`` answers its exit status; ``stdout`` reads its output."""
        self.pid = pid
        self.stdout = stdout
        self.forked_at = forked_at
        self.returncode = None
        self._reply = reply

    def poll(self):
        """The exit code once the zygote reaped the child, else ``None``."""
        return self._collect(0)

    def wait(self, timeout=None):
        """Wait for the exit code; ``subprocess.TimeoutExpired`` after ``timeout``."""
        code = self._collect(timeout)
        if code is None:
            raise subprocess.TimeoutExpired(str(self.pid), timeout)
        return code

    def _collect(self, timeout):
        if self.returncode is not None:
            return self.returncode
        ready, _, _ = select.select([self._reply], [], [], timeout)
        if not ready:
            return None
        data = self._reply.recv(4096)
        self._reply.close()
        if data:
            self.returncode = os.waitstatus_to_exitcode(json.loads(data)["status"])
        else:  # the zygote died: its orphan is killed, the step fails
            _kill_group(self.pid)
            self.returncode = -9
        return self.returncode


class ForkServer:
    """One zygote per worker process, started on first use."""

    def __init__(self, preload=(), env=None):
        """``preload``: modules the zygote imports before serving."""
        self.preload = list(preload)
        self.env = env
        self.process = None
        self._control = None
        self._lock = threading.Lock()

    def start(self):
        """Start the zygote if it is not running; it imports in the background."""
        with self._lock:
            if self.process is not None and self.process.poll() is None:
                return self
            parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            env = {**(self.env or _zygote_environment())}
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "invenio_compchem_processor.engines.local.zygote",
                    str(child.fileno()),
                    *self.preload,
                ],
                pass_fds=[child.fileno()],
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )
            child.close()
            self._control = parent
        return self

    def stop(self):
        """Close the control socket (the zygote exits) and reap it."""
        with self._lock:
            if self._control is not None:
                self._control.close()
                self._control = None
            if self.process is not None:
                try:
                    self.process.wait(5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
                self.process = None

    def forget(self):
        """In a forked process: close the parent's control socket, leave its zygote."""
        if self._control is not None:
            self._control.close()
        self._control = self.process = None

    def _request(self, message, log_fd):
        """Send one request; the socket its answers come on."""
        self.start()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            with self._lock:
                socket.send_fds(
                    self._control,
                    [json.dumps(message).encode()],
                    [log_fd, theirs.fileno()],
                )
        except OSError as error:
            ours.close()
            raise ForkServerError(f"the processor server is gone: {error}") from error
        finally:
            theirs.close()
        return ours

    def _answer(self, reply):
        ready, _, _ = select.select([reply], [], [], START_TIMEOUT)
        data = reply.recv(4096) if ready else b""
        if not data:
            reply.close()
            raise ForkServerError("the processor server did not answer")
        return json.loads(data)

    def ping(self):
        """Wait until the zygote serves (its imports done); what it answered."""
        read, write = os.pipe()
        try:
            reply = self._request({"op": "ping"}, write)
        finally:
            os.close(write)
            os.close(read)
        try:
            return self._answer(reply)
        finally:
            reply.close()

    def run(self, target, argv, cwd, env, memory=None):
        """Fork ``target`` (:func:`warm_target`) with ``argv``; a :class:`WarmProcess`."""
        read, write = os.pipe()
        request = {
            "op": "run",
            **target,
            "argv": _child_argv(target, argv),
            "cwd": cwd,
            "env": env,
            "memory": memory,
        }
        try:
            reply = self._request(request, write)
        except ForkServerError:
            os.close(read)
            raise
        finally:
            os.close(write)
        try:
            answer = self._answer(reply)
        except ForkServerError:
            os.close(read)
            raise
        if "error" in answer:
            reply.close()
            os.close(read)
            raise ForkServerError(answer["error"])
        return WarmProcess(
            answer["pid"], reply, os.fdopen(read, "rb"), answer["forked_at"]
        )


def _child_argv(target, argv):
    """``sys.argv`` of the child: a script's own, or ``-m``'s (runpy sets ``[0]``)."""
    if "module" in target:
        return ["-m", *argv[3:]]
    return list(argv)


def _zygote_environment():
    from .executor import ENV_ALLOWED

    env = {k: os.environ[k] for k in ENV_ALLOWED if k in os.environ}
    env.update(THREAD_CAPS, PYTHONUNBUFFERED="1")
    return env


def _kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


_servers = {}
_servers_lock = threading.Lock()


def shared(preload=()):
    """This process's fork server (a forked worker process gets its own)."""
    with _servers_lock:
        server = _servers.get(os.getpid())
        if server is None:
            for inherited in _servers.values():  # the parent's: not ours to use
                inherited.forget()
            _servers.clear()
            server = _servers[os.getpid()] = ForkServer(preload)
        return server.start()
