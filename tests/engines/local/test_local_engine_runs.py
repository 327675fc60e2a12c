# SPDX-License-Identifier: MIT
"""The local engine end to end: a real worker, the real callback API over HTTP.

Start, stop, timeout and retry, each observed through the engine and the
REST API as a depositor would see them.
"""

import json
import os
import time
from urllib.parse import urlsplit

import requests

from flask import current_app
from invenio_db import db
from sqlalchemy import select

from tests.support.drafts import post
from invenio_compchem_processor.engines.base import Phase
from invenio_compchem_processor.engines.local.models import LocalRun, LocalStep
from tests.support.local_engine import finished, media_keys, start_run, wait_for

KEY = "gaussian16-water_mp2.log"
STEPS = ["read-inputs", "process", "write-results", "end-run"]


def _base(record_id):
    return f"/records/{record_id}/draft/compchem"


def _phases(status):
    return {step.display_name: step.phase for step in status.steps}


def _processor_pid(name):
    db.session.rollback()
    return db.session.scalar(
        select(LocalStep.pid)
        .join(LocalRun, LocalRun.id == LocalStep.run_id)
        .where(LocalRun.name == name, LocalStep.name == "process")
        .order_by(LocalStep.attempt.desc())
        .limit(1)
    )


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_health_names_the_listening_worker(engine, workers, local_queue):
    health = engine.health()
    assert health["engine"] == "local" and health["queue"] == local_queue
    assert len(health["workers"]) == 1


def test_an_upload_is_processed_end_to_end(
    engine, workers, draft_factory, owner_client
):
    record_id = draft_factory([KEY])
    name = f"cclib-summary-{record_id}-1"

    # The upload hook's task and the run both execute on the worker.
    status = wait_for(engine, name, finished, timeout=120, workers=workers)
    assert status.phase == Phase.SUCCEEDED, (status, workers.logs())
    assert status.message == "1 of 1 file processed"
    assert status.progress == (4, 4)
    assert [step.display_name for step in status.steps] == STEPS
    assert set(_phases(status).values()) == {Phase.SUCCEEDED}
    assert status.record_id == record_id and status.file_keys == (KEY,)

    # The results are the draft's media files, written through the callback API.
    assert media_keys(record_id) == {
        f"{KEY}.summary.json",
        f"{KEY}.xyz",
        f"{KEY}.compchem.json",
    }
    res = owner_client.get(f"{_base(record_id)}/runs/{name}")
    assert res.status_code == 200
    assert res.json["status"]["phase"] == "Succeeded"
    assert res.json["ended"]["reason"] == "finished"
    assert not res.json["active"]

    # Logs per step, with tail, since and grep, as the Argo engine has them.
    lines = list(engine.logs(name, step="process"))
    # The processor sees the input under its workspace name, never the key.
    assert any("input-1.log: ok" in line.content for line in lines)
    assert {line.step for line in lines} == {f"{name}-process"}
    assert len(list(engine.logs(name, tail_lines=1))) == 1
    assert [line.content for line in engine.logs(name, grep="results stored")] == [
        f"[1/1] {KEY}: results stored"
    ]
    assert list(engine.logs(name, since_seconds=3600))
    res = owner_client.get(f"{_base(record_id)}/runs/{name}/logs")
    assert any("input-1.log: ok" in line["content"] for line in res.json["lines"])

    # The credential is revoked in Invenio and gone from the engine's state.
    assert (
        db.session.scalar(select(LocalRun.credential).where(LocalRun.name == name))
        is None
    )
    event = next(engine.watch(record_id))
    assert event.type == "ADDED" and event.run.name == name


def test_stop_kills_the_processor_within_seconds(
    engine, workers, dat_draft, owner_client
):
    record_id = dat_draft()
    name = start_run(owner_client, record_id, "sleepy", ["water.dat"])
    wait_for(
        engine,
        name,
        lambda s: _phases(s).get("process") == Phase.RUNNING and _processor_pid(name),
        workers=workers,
    )
    pid = _processor_pid(name)
    assert _alive(pid)

    stopped_at = time.monotonic()
    res = post(owner_client, f"{_base(record_id)}/runs/{name}/actions/stop")
    assert res.status_code == 202, res.json
    status = wait_for(engine, name, finished, timeout=20, workers=workers)
    elapsed = time.monotonic() - stopped_at

    assert elapsed < 5, elapsed
    assert not _alive(pid)
    assert status.phase == Phase.FAILED
    assert status.message == "Stopped with strategy 'Stop': stopped by the repository"
    assert _phases(status) == {
        "read-inputs": Phase.SUCCEEDED,
        "process": Phase.FAILED,
        "write-results": Phase.OMITTED,
        "end-run": Phase.SUCCEEDED,
    }
    assert media_keys(record_id) == set()


def test_a_refused_file_fails_the_run_with_its_reason_alone(
    engine, workers, draft_factory, owner_client
):
    """The run's message is the file and the processor's reason, in the
    depositor's words, with no engine step name before it."""
    refused = "gaussian16-header-garbage.out"
    record_id = draft_factory([refused])
    name = f"cclib-summary-{record_id}-1"

    status = wait_for(engine, name, finished, timeout=120, workers=workers)
    assert status.phase == Phase.FAILED, (status, workers.logs())
    assert status.message == (
        f"{refused}: Gaussian 16 Rev. A.03 output: the file ends before the "
        "calculation finished; upload the complete output once the job has ended"
    )
    phases = _phases(status)
    assert phases["write-results"] == Phase.FAILED
    assert phases["end-run"] == Phase.SUCCEEDED
    res = owner_client.get(f"{_base(record_id)}/runs/{name}")
    assert res.json["status"]["message"] == status.message


def test_a_step_past_its_timeout_fails_with_a_clear_message(
    engine, workers, dat_draft, owner_client
):
    record_id = dat_draft()
    started = time.monotonic()
    name = start_run(owner_client, record_id, "slow", ["water.dat"])
    status = wait_for(engine, name, finished, timeout=30, workers=workers)

    assert time.monotonic() - started < 15
    assert status.phase == Phase.FAILED
    assert status.message == (
        "process: exceeded the workflow's timeout of 2 s and was killed"
    )
    assert not _alive(_processor_pid(name))
    res = owner_client.get(f"{_base(record_id)}/runs/{name}")
    assert res.json["status"]["message"] == status.message


def test_a_failed_run_retried_under_its_name_succeeds_once_fixed(
    engine, workers, dat_draft, owner_client, fix_flag
):
    record_id = dat_draft()
    name = start_run(owner_client, record_id, "flaky", ["water.dat"])
    status = wait_for(engine, name, finished, timeout=60, workers=workers)
    assert status.phase == Phase.FAILED
    assert status.message == "process: the processor exited with code 3"
    log = [line.content for line in engine.logs(name, step="process")]
    assert "input database not mounted" in log

    fix_flag.touch()
    res = post(owner_client, f"{_base(record_id)}/runs/{name}/actions/retry")
    assert res.status_code == 202, res.json
    assert res.json["name"] == name
    status = wait_for(
        engine,
        name,
        lambda s: s.phase in (Phase.SUCCEEDED, Phase.FAILED, Phase.ERROR),
        timeout=90,
        workers=workers,
    )
    assert status.phase == Phase.SUCCEEDED, (status, workers.logs())
    assert set(_phases(status).values()) == {Phase.SUCCEEDED}
    assert db.session.scalar(select(LocalRun.attempt).where(LocalRun.name == name)) == 2
    assert media_keys(record_id) == {
        "water.dat.summary.json",
        "water.dat.xyz",
        "water.dat.compchem.json",
    }


def _point_broker(url):
    """Send this process's tasks to ``url`` from now on (its pool reconnects)."""
    celery = current_app.extensions["flask-celeryext"].celery
    celery.conf.broker_url = url
    celery._pool = None
    celery.amqp._producer_pool = None


def test_a_start_while_the_broker_is_down_waits_then_runs(
    engine, workers, dat_draft, owner_client
):
    record_id = dat_draft()
    base = _base(record_id)
    broker = current_app.extensions["flask-celeryext"].celery.conf.broker_url
    _point_broker("redis://127.0.0.1:9/0")  # nothing listens there
    try:
        res = post(
            owner_client, f"{base}/runs", {"workflow": "sleepy", "files": ["water.dat"]}
        )
        assert res.status_code == 201, res.json
        name = res.json["name"]
        shown = owner_client.get(f"{base}/runs/{name}").json
        assert shown["status"]["phase"] == "Pending", shown
        message = shown["status"]["message"]
        assert message.startswith("Waiting for the local engine's queue"), message
        assert "127.0.0.1:9" in message or "refused" in message.lower(), message
    finally:
        _point_broker(broker)

    # No new request: the workers' beat queues the waiting run.
    status = wait_for(
        engine, name, lambda s: s.phase == Phase.RUNNING, timeout=60, workers=workers
    )
    assert status.message is None
    assert post(owner_client, f"{base}/runs/{name}/actions/stop").status_code == 202
    wait_for(engine, name, finished, timeout=60, workers=workers)


def test_events_published_by_the_worker_reach_a_stream_over_http(
    engine, workers, dat_draft, owner_client, api_server
):
    record_id = dat_draft()
    res = owner_client.get(f"/records/{record_id}/draft/compchem/events")
    assert res.status_code == 200, res.json
    parts = urlsplit(res.json["url"])
    stream = requests.get(
        f"{api_server.url}{parts.path}?{parts.query}", stream=True, timeout=60
    )
    assert stream.status_code == 200
    name = start_run(owner_client, record_id, "sleepy", ["water.dat"])
    seen = []
    for line in stream.iter_lines(decode_unicode=True):
        if line.startswith("data:") and name in line:
            seen.append(json.loads(line[5:]))
            # The worker claims the run and starts its first step.
            if any(e["type"] == "run.step" for e in seen):
                break
    stream.close()
    types = [event["type"] for event in seen]
    assert types[0] == "run.created"
    assert "run.phase" in types and "run.step" in types
    assert any(e["type"] == "run.phase" and e["phase"] == "Running" for e in seen)
    post(owner_client, f"{_base(record_id)}/runs/{name}/actions/stop")
    wait_for(engine, name, finished, timeout=60, workers=workers)
