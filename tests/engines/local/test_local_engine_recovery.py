# SPDX-License-Identifier: MIT
"""The local engine after faults, with real workers: killed, message lost.

A worker killed mid-run leaves its scratch directory behind; the next
worker to start removes it, and never the directory of a run that another
worker still executes. A run whose message the broker lost is queued again
by the workers' beat, and a message for a run already taken is skipped.
"""

import json
import os
import signal
import time
from datetime import timedelta

import pytest
import redis
from invenio_db import db
from sqlalchemy import select

from tests.support.drafts import post
from invenio_compchem_processor.engines.base import Phase
from invenio_compchem_processor.engines.local import queueing
from invenio_compchem_processor.engines.local.models import LocalRun
from invenio_compchem_processor.engines.local.sweep import MARKER
from .test_local_engine_runs import _processor_pid
from tests.support.local_engine import CeleryWorkers, finished, start_run, wait_for

HEARTBEAT_TIMEOUT = 8
"""Above the worker's 5 s heartbeat: a live run never looks silent."""


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """Where every worker of this module puts its runs' scratch directories."""
    return tmp_path_factory.mktemp("scratch")


@pytest.fixture(scope="module")
def app_config(app_config, scratch):
    """A short heartbeat timeout and re-queue delay, a scratch base of our own."""
    app_config["COMPCHEM_PROCESSOR_LOCAL_WORKDIR"] = str(scratch)
    app_config["COMPCHEM_PROCESSOR_LOCAL_HEARTBEAT_TIMEOUT"] = HEARTBEAT_TIMEOUT
    app_config["COMPCHEM_PROCESSOR_LOCAL_REQUEUE_AFTER"] = 3
    return app_config


@pytest.fixture()
def pools(app, app_config, database, api_server, local_queue):
    """Start worker pools on the engine's queue; all stopped after the test."""
    started = []

    def start(count=1):
        pool = CeleryWorkers(app_config, [local_queue, f"{local_queue}-default"])
        started.append(pool.start(count))
        return pool

    yield start
    for pool in started:
        pool.stop()
    redis.Redis.from_url(app_config["BROKER_URL"]).delete(
        local_queue, f"{local_queue}-default"
    )


def _row(name):
    db.session.rollback()
    return db.session.scalars(select(LocalRun).where(LocalRun.name == name)).one()


def _scratch_of(scratch, name):
    """The marked scratch directories of run ``name``."""
    found = []
    for path in scratch.iterdir():
        marker = path / MARKER
        if marker.exists() and json.loads(marker.read_text())["name"] == name:
            found.append(path)
    return found


def _wait(condition, what, timeout=60, pools=()):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            logs = "\n".join(pool.logs() for pool in pools)
            raise AssertionError(f"{what}: not within {timeout} s\n{logs}")
        time.sleep(0.3)


def _alive(pid):
    """Whether ``pid`` runs (a zombie, awaiting its reaper, does not)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _parent(pid):
    with open(f"/proc/{pid}/stat") as stat:
        return int(stat.read().rsplit(")", 1)[1].split()[1])


def test_with_no_worker_the_list_and_the_run_say_so(
    engine, database, dat_draft, owner_client, local_queue
):
    record_id = dat_draft()
    name = start_run(owner_client, record_id, "sleepy", ["water.dat"])
    res = owner_client.get(f"/records/{record_id}/draft/compchem/runs")
    assert res.status_code == 200
    assert res.json["engine"]["available"] is False
    assert local_queue in res.json["engine"]["message"]
    assert "No Celery worker" in res.json["engine"]["message"]

    row = _row(name)
    row.heartbeat -= timedelta(seconds=45)  # queued 45 s ago, taken by none
    database.session.commit()
    run = owner_client.get(f"/records/{record_id}/draft/compchem/runs/{name}").json
    assert run["status"]["phase"] == "Pending"
    assert run["status"]["message"].startswith("Waiting for a worker: none has")
    assert post(
        owner_client, f"/records/{record_id}/draft/compchem/runs/{name}/actions/stop"
    ).status_code == 202


def test_a_killed_workers_scratch_is_swept_when_a_worker_starts(
    engine, pools, dat_draft, owner_client, scratch
):
    first = pools(2)
    first.wait_ready(engine)
    killed_name = start_run(owner_client, dat_draft(), "sleepy", ["water.dat"])
    wait_for(engine, killed_name, lambda s: s.phase == Phase.RUNNING, workers=first)
    kept_name = start_run(owner_client, dat_draft(), "sleepy", ["water.dat"])
    wait_for(engine, kept_name, lambda s: s.phase == Phase.RUNNING, workers=first)
    # Running comes before the scratch directory: wait for both runs' own.
    _wait(
        lambda: _scratch_of(scratch, killed_name) and _scratch_of(scratch, kept_name),
        "the scratch directories",
    )
    killed_dir, kept_dir = _scratch_of(scratch, killed_name) + _scratch_of(
        scratch, kept_name
    )
    # A marker of a run that no longer exists, and a directory that is not ours.
    gone_dir = scratch / "sleepy-gone-1-abcdefgh"
    gone_dir.mkdir()
    (gone_dir / MARKER).write_text(json.dumps({"name": "sleepy-gone-1", "attempt": 1}))
    foreign_dir = scratch / "not-a-run"
    foreign_dir.mkdir()

    # SIGKILL the worker executing the run, as the OOM killer would.
    child = int(_row(killed_name).worker.rsplit(":", 1)[1])
    victim = next(p for p in first.processes if p.pid == _parent(child))
    _wait(lambda: _processor_pid(killed_name), "the processor")
    processor = _processor_pid(killed_name)
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()
    assert _alive(processor)  # a session of its own: it outlives its worker
    status = wait_for(
        engine,
        killed_name,
        lambda s: s.phase == Phase.ERROR,
        timeout=HEARTBEAT_TIMEOUT + 20,
    )
    assert "stopped answering" in status.message
    assert killed_dir.exists()  # nothing removed it yet

    pools(1)  # a worker starts: its sweep removes what the killed one left
    _wait(lambda: not killed_dir.exists(), "the sweep", timeout=90, pools=[first])
    assert not gone_dir.exists()
    _wait(lambda: not _alive(processor), "the orphaned processor's end", timeout=10)
    assert kept_dir.exists() and foreign_dir.exists()
    assert engine.get_run(kept_name).phase == Phase.RUNNING

    record_id = _row(kept_name).record_id
    base = f"/records/{record_id}/draft/compchem"
    res = post(owner_client, f"{base}/runs/{kept_name}/actions/stop")
    assert res.status_code == 202, res.json
    wait_for(engine, kept_name, finished, timeout=60, workers=first)
    _wait(lambda: not kept_dir.exists(), "the stopped run's own cleanup")


def test_a_lost_message_is_sent_again_by_beat_and_executed_once(
    app, engine, pools, dat_draft, owner_client, fix_flag, local_queue
):
    fix_flag.touch()
    broker = redis.Redis.from_url(app.config["BROKER_URL"])
    name = start_run(owner_client, dat_draft(), "flaky", ["water.dat"])
    assert broker.llen(local_queue) == 1
    broker.delete(local_queue)  # the broker loses the message

    workers = pools(1)
    status = wait_for(engine, name, finished, timeout=120, workers=workers)
    assert status.phase == Phase.SUCCEEDED, (status, workers.logs())
    assert [step.display_name for step in engine.get_run(name).steps] == [
        "read-inputs",
        "process",
        "write-results",
        "end-run",
    ]
    logs = workers.logs(tail=10**7)
    assert f"Queued again 1 runs whose message was lost: ['{name}']" in logs

    # A message for an attempt already taken changes nothing.
    version = _row(name).version
    queueing.send(name, 1)
    _wait(
        lambda: f"Run {name} attempt 1 is not pending" in workers.logs(tail=10**7),
        "the worker skipping the duplicate",
        pools=[workers],
    )
    row = _row(name)
    assert (row.phase, row.version) == (Phase.SUCCEEDED.value, version)
