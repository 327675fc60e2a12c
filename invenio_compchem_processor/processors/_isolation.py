# SPDX-License-Identifier: MIT
"""What every processor shares: its inputs, a reader's child process, writing.

Parsers and readers are third-party code that may raise, loop, crash or run
out of memory on a file they do not know. Each input (or group of inputs) is
read in a forked child that is killed at the timeout and whose address space
may be capped (``RLIMIT_AS``); the parent only waits on a pipe, so whatever
the child does, the processor reports one line and goes on.
"""

import functools
import hashlib
import importlib
import multiprocessing
import os
import resource
import sys
from pathlib import Path


@functools.lru_cache(maxsize=None)
def processor_version():
    """Version of this package, or ``"unknown"`` when it is not installed.

    Cached: reading the package metadata costs about a millisecond, which
    is a tenth of the reading of a small output."""
    try:
        from importlib.metadata import version

        return version("invenio-compchem-processor")
    except Exception:  # the script may run from a source tree
        return "unknown"


def processor_about(name, library):
    """The ``processor`` field: its name, this package's version and that of
    the reading ``library`` (imported here, once, before the forks)."""
    module = importlib.import_module(library)
    return {
        "name": name,
        "version": processor_version(),
        f"{library}_version": module.__version__,
    }


def read_first(path, size):
    """The first ``size`` bytes of ``path``; ``b""`` when it cannot be read.

    The read asks for no more than the file holds: a buffered read of 1 MB
    from a file just short of it costs ten times the read of its size."""
    try:
        with open(path, "rb") as fp:
            return fp.read(min(size, os.fstat(fp.fileno()).st_size))
    except OSError:
        return b""


def sha256(path):
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fp:
        for block in iter(lambda: fp.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_of(path):
    """File name, SHA-256 and size: which file a summary (or field) came from."""
    path = Path(path)
    return {"filename": path.name, "sha256": sha256(path), "size": path.stat().st_size}


def inputs_of(input_dir):
    """The regular files of ``input_dir``, sorted; symlinks are not followed,
    so that a run reads only the files it was given."""
    return sorted(
        p for p in Path(input_dir).iterdir() if p.is_file() and not p.is_symlink()
    )


def write_atomic(path, text):
    """Write via a temporary name so that readers never see half a file.

    One ``os.write`` of the encoded text: a text-mode file object costs as
    much again as the write itself for the few kB of a summary."""
    directory, name = os.path.split(path)
    tmp = os.path.join(directory, f".{name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        data = memoryview(text.encode("utf-8"))
        while data:
            data = data[os.write(fd, data) :]
    finally:
        os.close(fd)
    os.replace(tmp, path)


def _limit_memory(max_bytes):
    if not max_bytes:
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))
    except (ValueError, OSError):
        pass  # a lower hard limit is already in force


def _child(conn, reader, args, max_bytes, expected, describe, doing):
    """Child process body: send ``("ok", value)`` or ``("failed", reason)``."""
    try:
        # Parsers may print(); stdout belongs to the processor's progress lines.
        sys.stdout.flush()
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    _limit_memory(max_bytes)
    try:
        result = ("ok", reader(*args))
    except expected as exc:
        result = ("failed", str(exc))
    except MemoryError:
        result = ("failed", f"{doing} needed more memory than the processor allows")
    except BaseException as exc:  # anything else from third-party reading code
        result = ("failed", describe(exc, args))
    conn.send(result)
    conn.close()


def _context():
    # fork: the child needs no re-import of the (heavy) readers and any
    # callable works; spawn is the fallback on platforms without fork.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _message(exc, args):
    return str(exc) or type(exc).__name__


def run_isolated(
    reader,
    args,
    timeout,
    max_bytes=None,
    expected=(),
    describe=_message,
    words=("parsing", "parser"),
):
    """``reader(*args)`` in a child; ``("ok", value)`` or ``("failed", reason)``.

    Never raises, never waits longer than ``timeout`` seconds (plus a few for
    the kill). Exceptions of the ``expected`` types carry the reason as their
    message; ``describe(exc, args)`` words any other. ``words`` name the activity
    and the reader in the timeout and crash reasons.
    """
    doing, who = words
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(
        target=_child,
        args=(sender, reader, args, max_bytes, tuple(expected), describe, doing),
        daemon=True,
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
            result = ("failed", f"{doing} took longer than {timeout:g} s")
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
        result = ("failed", f"the {who} crashed (exit code {child.exitcode})")
    return result
