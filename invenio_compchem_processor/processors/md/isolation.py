# SPDX-License-Identifier: MIT
"""Reading one simulation in a child process that is killed on timeout.

MD readers are third-party code reading gigabyte files: a corrupt file may
make them raise, loop, or run out of memory. The parent only waits on a pipe,
so whatever the child does, the processor reports one line and goes on.
The child's address space is capped (``RLIMIT_AS``) so that a runaway read
fails inside the child instead of taking the machine down.
"""

import multiprocessing
import os
import resource
import sys

from .reasons import ReadFailure, reason_of


def _limit_memory(max_bytes):
    if not max_bytes:
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))
    except (ValueError, OSError):
        pass  # a lower hard limit is already in force


def _child(conn, reader, args, max_bytes):
    try:
        # Readers may print(); stdout belongs to the processor's progress lines.
        sys.stdout.flush()
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    _limit_memory(max_bytes)
    try:
        result = ("ok", reader(*args))
    except ReadFailure as exc:
        result = ("failed", str(exc))
    except MemoryError:
        result = ("failed", "reading needed more memory than the processor allows")
    except BaseException as exc:  # anything else from third-party reading code
        result = ("failed", reason_of(exc))
    conn.send(result)
    conn.close()


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def run_isolated(reader, args, timeout, max_bytes=None):
    """``reader(*args)`` in a child; returns ``("ok", value)`` or ``("failed", reason)``.

    Never raises, never waits longer than ``timeout`` seconds (plus a few for
    the kill).
    """
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(
        target=_child, args=(sender, reader, args, max_bytes), daemon=True
    )
    child.start()
    sender.close()
    result = None
    timed_out = False
    try:
        if receiver.poll(timeout):
            result = receiver.recv()
        else:
            timed_out = True
            result = ("failed", f"reading took longer than {timeout:g} s")
    except (EOFError, OSError):
        pass  # the child died before answering: reported with its exit code
    finally:
        receiver.close()
        if timed_out:
            child.kill()
        child.join(5)
        if child.is_alive():
            child.kill()
            child.join()
    if result is None:
        result = ("failed", f"the reader crashed (exit code {child.exitcode})")
    return result
