# SPDX-License-Identifier: MIT
"""Warm processors on a real worker: forked from its zygote, with a subprocess's guarantees.

The fake processors (:mod:`.fake_processors`) run as ``python -m`` of the
worker's own Python, so the engine forks them from the worker's zygote.
"""

import os
import time

from invenio_db import db
from sqlalchemy import select

from invenio_compchem_processor.engines.base import Phase
from invenio_compchem_processor.engines.local.models import LocalRun
from tests.support.drafts import post
from tests.support.local_engine import finished, media_keys, start_run, wait_for

KEY = "gaussian16-water_mp2.log"


def _worker(name):
    db.session.rollback()
    return db.session.scalar(select(LocalRun.worker).where(LocalRun.name == name))


def _log(engine, name):
    return [line.content for line in engine.logs(name, step="process")]


def _pids(engine, name, workers):
    """The fake processor's pid and its own child's, from the step's log."""
    status = wait_for(
        engine,
        name,
        lambda s: any(line.startswith("pids ") for line in _log(engine, name)),
        workers=workers,
    )
    assert status.phase == Phase.RUNNING, status
    line = next(line for line in _log(engine, name) if line.startswith("pids "))
    return [int(pid) for pid in line.split()[1:]]


def _gone(pids, timeout=5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = []
        for pid in pids:
            try:
                os.kill(pid, 0)
                alive.append(pid)
            except ProcessLookupError:
                pass
        if not alive:
            return True
        time.sleep(0.05)
    return False


def _descendants(pid):
    children = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as fp:
                ppid = int(fp.read().rsplit(")", 1)[1].split()[1])
        except (FileNotFoundError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as fp:
            return fp.read().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


def test_the_pool_process_starts_its_zygote_before_any_run(workers):
    deadline = time.monotonic() + 30
    while True:
        zygotes = [
            pid
            for pid in _descendants(workers.processes[0].pid)
            if "engines.local.zygote" in _cmdline(pid)
        ]
        if zygotes or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert len(zygotes) == 1, workers.logs()


def test_a_segfault_fails_the_step_and_the_worker_runs_the_next(
    engine, workers, dat_draft, draft_factory, owner_client
):
    name = start_run(owner_client, dat_draft(), "warm-segfault", ["water.dat"])
    status = wait_for(engine, name, finished, timeout=60, workers=workers)
    assert status.phase == Phase.FAILED, (status, workers.logs())
    assert status.message == "process: the processor was killed by SIGSEGV"
    assert "about to crash" in _log(engine, name)
    assert {s.display_name: s.phase for s in status.steps}["end-run"] == (
        Phase.SUCCEEDED
    )

    # The same pool process goes on: the upload's automatic run, forked warm.
    record_id = draft_factory([KEY])
    after = f"cclib-summary-{record_id}-1"
    status = wait_for(engine, after, finished, timeout=120, workers=workers)
    assert status.phase == Phase.SUCCEEDED, (status, workers.logs())
    assert _worker(after) == _worker(name)
    assert f"{KEY}.summary.json" in media_keys(record_id)
    assert "warm start failed" not in " ".join(_log(engine, after))


def test_an_exit_without_cleanup_is_the_exit_code(
    engine, workers, dat_draft, owner_client
):
    name = start_run(owner_client, dat_draft(), "warm-exit", ["water.dat"])
    status = wait_for(engine, name, finished, timeout=60, workers=workers)
    assert status.message == "process: the processor exited with code 7"
    assert "leaving with os._exit(7)" in _log(engine, name)


def test_a_stop_kills_the_forked_child_and_its_children(
    engine, workers, dat_draft, owner_client
):
    record_id = dat_draft()
    name = start_run(owner_client, record_id, "warm-sleepy", ["water.dat"])
    pids = _pids(engine, name, workers)

    stopped_at = time.monotonic()
    res = post(
        owner_client, f"/records/{record_id}/draft/compchem/runs/{name}/actions/stop"
    )
    assert res.status_code == 202, res.json
    status = wait_for(engine, name, finished, timeout=20, workers=workers)

    assert time.monotonic() - stopped_at < 5
    assert _gone(pids)
    assert status.message == "Stopped with strategy 'Stop': stopped by the repository"


def test_a_timeout_kills_the_forked_childs_group(
    engine, workers, dat_draft, owner_client
):
    name = start_run(owner_client, dat_draft(), "warm-slow", ["water.dat"])
    pids = _pids(engine, name, workers)
    status = wait_for(engine, name, finished, timeout=30, workers=workers)

    assert status.message == (
        "process: exceeded the workflow's timeout of 2 s and was killed"
    )
    assert _gone(pids)
