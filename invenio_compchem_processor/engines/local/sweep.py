# SPDX-License-Identifier: MIT
"""Removing what killed workers left behind: the scratch directories of ended runs.

A worker that is killed (out of memory, SIGKILL, host lost) cannot remove
its run's scratch directory. Every scratch directory carries a marker naming
its run and attempt; when a worker of the engine's queue starts, it removes
each marked directory whose attempt is no longer active: the run was
deleted, retried or ended, or shows Error because its worker went silent
past ``COMPCHEM_PROCESSOR_LOCAL_HEARTBEAT_TIMEOUT``. The directory of an
active attempt (another worker on the same host may be executing it) and
anything without a marker are never touched. A processor the killed worker
started has a session of its own and outlives it: processes still working
in a removed directory (Linux: their ``/proc/<pid>/cwd``) are killed first.
"""

import json
import logging
import os
import shutil
import signal
import tempfile

from celery.signals import worker_ready
from invenio_db import db
from sqlalchemy import select

from ..base import Phase
from .models import LocalRun
from .status import run_phase

logger = logging.getLogger(__name__)

MARKER = ".compchem-local-run"
"""File in a scratch directory naming its run and attempt (JSON)."""

ACTIVE = (Phase.PENDING, Phase.RUNNING)


def mark(work_dir, name, attempt):
    """Name the run and attempt that own ``work_dir``."""
    with open(os.path.join(work_dir, MARKER), "w") as marker:
        json.dump({"name": name, "attempt": attempt}, marker)


def _marked(base):
    """``(path, name, attempt)`` of every marked directory directly under ``base``."""
    try:
        entries = list(os.scandir(base))
    except FileNotFoundError:
        return []
    found = []
    for entry in entries:
        if not entry.is_dir(follow_symlinks=False):
            continue
        try:
            with open(os.path.join(entry.path, MARKER)) as marker:
                owner = json.load(marker)
            found.append((entry.path, str(owner["name"]), int(owner["attempt"])))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return found


def _processes_in(path):
    """Pids of the processes whose working directory is ``path`` or below it."""
    path = os.path.realpath(path)
    try:
        entries = os.listdir("/proc")
    except OSError:  # no procfs: nothing to find
        return []
    pids = []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            cwd = os.readlink(f"/proc/{entry}/cwd")
        except OSError:
            continue
        if cwd == path or cwd.startswith(path + os.sep):
            pids.append(int(entry))
    return pids


def _remove(path):
    for pid in _processes_in(path):
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    shutil.rmtree(path, ignore_errors=True)


def sweep(base, heartbeat_timeout):
    """Remove the scratch directories under ``base`` of attempts no longer active.

    Returns the removed paths. One query for all the directories' runs.
    """
    marked = _marked(base)
    if not marked:
        return []
    columns = (
        LocalRun.name,
        LocalRun.attempt,
        LocalRun.phase,
        LocalRun.message,
        LocalRun.heartbeat,
        LocalRun.worker,
        LocalRun.created,
    )
    names = sorted({name for _, name, _ in marked})
    rows = {
        row.name: row
        for row in db.session.execute(
            select(*columns).where(LocalRun.name.in_(names))
        )
    }
    removed = []
    for path, name, attempt in marked:
        row = rows.get(name)
        if row is not None and row.attempt == attempt:
            if run_phase(row, heartbeat_timeout)[0] in ACTIVE:
                continue
        _remove(path)
        removed.append(path)
    return removed


def _consumed_queues(consumer):
    try:
        return {queue.name for queue in consumer.task_consumer.queues}
    except AttributeError:
        return set()


@worker_ready.connect
def sweep_when_a_worker_starts(sender=None, **kwargs):
    """On a worker of the engine's queue: sweep the scratch directories' base."""
    flask_app = getattr(getattr(sender, "app", None), "flask_app", None)
    if flask_app is None:
        return
    config = flask_app.config
    if config.get("COMPCHEM_PROCESSOR_LOCAL_QUEUE") not in _consumed_queues(sender):
        return
    base = config.get("COMPCHEM_PROCESSOR_LOCAL_WORKDIR") or tempfile.gettempdir()
    with flask_app.app_context():
        try:
            removed = sweep(
                base, config.get("COMPCHEM_PROCESSOR_LOCAL_HEARTBEAT_TIMEOUT", 120)
            )
        except Exception:  # the worker must start even if the sweep cannot
            logger.exception("Sweeping the scratch directories under %s failed", base)
            return
        finally:
            db.session.remove()
            # Pool processes forked later must not inherit this connection.
            db.engine.dispose()
    for path in removed:
        logger.warning("Removed the scratch directory of an ended run: %s", path)
