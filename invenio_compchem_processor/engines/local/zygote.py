# SPDX-License-Identifier: MIT
"""The warm processor server: imports the processors' libraries once, forks per step.

Started by :mod:`.forkserver` as a fresh interpreter (``python -m``), never
forked from a worker, so it holds no broker or database connection and no
thread: forking it is safe. Its one argument is the file descriptor of a
``SOCK_SEQPACKET`` control socket; the others are modules to import first.

A request is one JSON message with two descriptors attached: where the
child's output goes and the socket to answer on. The answer is
``{"pid": n}`` once the child runs, then ``{"status": s}`` (its raw wait
status) once the server reaped it; ``{"error": text}`` if it could not start.
The server exits when the worker closes the control socket.
"""

import gc
import importlib
import importlib.metadata
import importlib.util
import io
import json
import os
import resource
import runpy
import select
import signal
import socket
import sys
import tempfile
import time
import traceback

MAX_MESSAGE = 1 << 20
"""Longest request (argv, environment) in bytes."""


def _send(sock, message):
    try:
        sock.send(json.dumps(message).encode())
    except OSError:
        pass  # the worker gave up on this step


def _exit_code(code):
    """``sys.exit`` semantics for a console script's return value."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _child(request, log_fd, keep_closed):
    """Body of the forked child: become the processor, never return."""
    code = 1
    try:
        os.setsid()
        signal.set_wakeup_fd(-1)
        for signum in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
            signal.signal(signum, signal.SIG_DFL)
        for fd in keep_closed:
            os.close(fd)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        os.close(devnull)
        os.close(log_fd)
        sys.stdout = io.TextIOWrapper(
            open(1, "wb", closefd=False), encoding="utf-8", write_through=True
        )
        sys.stderr = io.TextIOWrapper(
            open(2, "wb", closefd=False), encoding="utf-8", write_through=True
        )
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        tempfile.tempdir = None  # read TMPDIR again
        memory = request.get("memory")
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        sys.argv = list(request["argv"])
        if "module" in request:
            runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
            code = 0
        else:
            code = _exit_code(_entry(request["entry"])())
    except SystemExit as stop:
        code = _exit_code(stop.code)
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _entry(spec):
    """``module:attr.path`` to the callable; importing it here warms later forks."""
    module_name, _, attrs = spec.partition(":")
    target = importlib.import_module(module_name)
    for attr in filter(None, attrs.split(".")):
        target = getattr(target, attr)
    return target


def _warm_up(request):
    """Import what the child will run (a ``-m`` module: its package only)."""
    if "module" in request:
        package = request["module"].rpartition(".")[0]
        if package:
            importlib.import_module(package)
        if importlib.util.find_spec(request["module"]) is None:
            raise ImportError(f"No module named {request['module']!r}")
    else:
        _entry(request["entry"])


def _preload(names):
    """Import ``names``, and leave children as little as possible to do.

    Distribution metadata is looked up once (processors report their
    version; the first lookup scans every ``sys.path`` entry), and what is
    loaded is frozen out of the garbage collector, so that a child's
    collections neither walk nor copy the parent's pages.
    """
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as error:  # a library of one processor may be absent
            print(f"compchem zygote: cannot preload {name}: {error}", file=sys.stderr)
    try:
        importlib.metadata.version("invenio-compchem-processor")
    except importlib.metadata.PackageNotFoundError:
        pass
    gc.collect()
    gc.freeze()


class Zygote:
    """The server loop: requests on the control socket, exits via SIGCHLD."""

    def __init__(self, control):
        """``control`` is the socket requests arrive on."""
        self.control = control
        self.children = {}
        """pid -> the socket its status goes to."""
        self.wake_read, wake_write = os.pipe()
        os.set_blocking(wake_write, False)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.set_wakeup_fd(wake_write)
        self._wake_write = wake_write

    def serve(self):
        """Answer requests until the worker closes the control socket."""
        while True:
            try:
                ready, _, _ = select.select([self.control, self.wake_read], [], [])
            except InterruptedError:
                continue
            if self.wake_read in ready:
                os.read(self.wake_read, 4096)
                self._reap()
            if self.control in ready and not self._accept():
                return

    def _accept(self):
        try:
            data, fds, _, _ = socket.recv_fds(self.control, MAX_MESSAGE, 2)
        except (ConnectionResetError, InterruptedError):
            data, fds = b"", []
        if not data:
            for fd in fds:
                os.close(fd)
            return False
        log_fd, reply_fd = fds
        reply = socket.socket(fileno=reply_fd)
        request = json.loads(data)
        if request.get("op") == "ping":
            os.close(log_fd)
            _send(reply, {"modules": len(sys.modules), "pid": os.getpid()})
            reply.close()
            return True
        try:
            _warm_up(request)
        except Exception as error:
            os.close(log_fd)
            _send(reply, {"error": f"{type(error).__name__}: {error}"})
            reply.close()
            return True
        keep_closed = [
            self.control.fileno(),
            self.wake_read,
            self._wake_write,
            reply.fileno(),
            *(sock.fileno() for sock in self.children.values()),
        ]
        pid = os.fork()
        if pid == 0:
            _child(request, log_fd, keep_closed)
        os.close(log_fd)
        self.children[pid] = reply
        _send(reply, {"pid": pid, "forked_at": time.time()})
        return True

    def _reap(self):
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            reply = self.children.pop(pid, None)
            if reply is not None:
                _send(reply, {"status": status})
                reply.close()


def main(argv=None):
    """``python -m ...zygote CONTROL_FD [MODULE ...]``."""
    argv = sys.argv[1:] if argv is None else argv
    control = socket.socket(fileno=int(argv[0]))
    _preload(argv[1:])
    Zygote(control).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
