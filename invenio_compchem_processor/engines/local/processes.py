# SPDX-License-Identifier: MIT
"""How a ``process`` step's processor starts: forked warm, or as a subprocess.

Either way it runs in its own session (process group), with the given
environment only, its output on one pipe, an optional address-space limit,
and an object whose ``wait(timeout)`` blocks on the kernel's notice of the
exit (a pidfd, or the zygote's answer), never on a sleep loop.
"""

import logging
import os
import resource
import select
import subprocess

from .forkserver import THREAD_CAPS, ForkServerError, shared, warm_target

logger = logging.getLogger(__name__)


class Subprocess(subprocess.Popen):
    """A cold processor: ``Popen`` whose ``wait(timeout)`` polls a pidfd."""

    def wait(self, timeout=None):
        """Block until the exit (or ``timeout``); ``subprocess.TimeoutExpired``."""
        if timeout is not None and self.returncode is None:
            try:
                pidfd = os.pidfd_open(self.pid)
            except (OSError, AttributeError):  # reaped already, or no pidfd
                pass
            else:
                try:
                    poller = select.poll()
                    poller.register(pidfd, select.POLLIN)
                    if not poller.poll(max(timeout, 0) * 1000):
                        raise subprocess.TimeoutExpired(self.args, timeout)
                finally:
                    os.close(pidfd)
        return super().wait(timeout)


def start_cold(argv, cwd, env, memory=None):
    """``argv`` as a subprocess in a new session."""
    process = Subprocess(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=cwd,
        env=env,
        start_new_session=True,
    )
    if memory:
        # No preexec_fn (unsafe beside the supervisor thread): the limit is set
        # right after the start and holds for every later allocation and child.
        try:
            resource.prlimit(process.pid, resource.RLIMIT_AS, (memory, memory))
        except (ProcessLookupError, ValueError, OSError):
            pass
    return process


def prepare(argv, preload=()):
    """Start this worker process's zygote early if ``argv`` will be forked."""
    if warm_target(argv):
        shared(preload)


def start(argv, cwd, env, memory=None, warm=True, preload=(), log=None):
    """The processor ``argv``, started warm when the zygote can run it.

    ``preload`` are the modules the worker's zygote imports first. A zygote
    that fails is reported on ``log`` and the step runs as a subprocess.
    Numerical libraries get one thread unless ``env`` says otherwise.
    """
    env = {**THREAD_CAPS, **env}
    target = warm_target(argv) if warm else None
    if target:
        try:
            return shared(preload).run(target, argv, cwd, env, memory)
        except ForkServerError as error:
            logger.warning("Warm start of %s failed: %s", argv[0], error)
            if log is not None:
                log(f"warm start failed ({error}); starting a subprocess")
    return start_cold(argv, cwd, env, memory)
