# SPDX-License-Identifier: MIT
"""Results and run control under concurrency: PostgreSQL, real threads.

Result writes of runs finishing together never fail, and stops and retries
sent at once act exactly once and tell the others why not.
"""

import http.client
import logging
import threading
import time

import pytest
from invenio_access.permissions import system_identity
from invenio_db import db
from invenio_rdm_records.proxies import current_rdm_records_service

from tests.support.drafts import SAMPLES, minimal_draft, post, upload
from tests.support.live_server import LiveServer
from invenio_compchem_processor.models import CompchemRun, CompchemRunEnd
from invenio_compchem_processor.proxies import current_runs_service
from invenio_compchem_processor.services.locks import lock_record

SAMPLE = "gaussian16-water_mp2.log"
KEYS = [f"water-{number}.log" for number in range(9)]
API = "/compchem/run"


@pytest.fixture(autouse=True)
def _postgresql_only(database):
    if database.engine.name != "postgresql":
        pytest.skip("Concurrency needs PostgreSQL's locks and connections.")


def _run_keys(record_id):
    """Each run's name and input key."""
    hits = current_runs_service.search(system_identity, record_id, {"size": 100})
    return {run["name"]: run["files"][0]["key"] for run in hits.to_dict()["hits"]["hits"]}


def _running_draft(users, fake_argo_server, keys):
    """A draft with real RDM metadata whose uploads each started a run, now running."""
    owner = users["owner"].identity
    record_id = current_rdm_records_service.create(owner, minimal_draft()).id
    content = (SAMPLES / SAMPLE).read_bytes()
    for key in keys:
        upload(owner, record_id, key, content)
    runs = _run_keys(record_id)
    for name in runs:
        fake_argo_server.set_phase(name, "Running")
    return record_id, runs


def _all_at_once(app, count, action):
    """Run ``action(number)`` in ``count`` threads released together; the outcomes."""
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def work(number):
        with app.app_context():
            barrier.wait()
            try:
                outcomes[number] = action(number)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return outcomes


def _owner_clients(app, users, count):
    """``count`` HTTP clients, each with the owner's own session."""
    return [users["owner"].login(app.test_client()) for _ in range(count)]


def test_results_of_nine_runs_written_at_once_never_fail(
    app, users, fake_argo_server
):
    processor = {
        "X-Compchem-Processor": "cclib-summary",
        "X-Compchem-Processor-Version": "0.1.0",
    }
    failures = []
    for round_number in range(20):
        record_id, runs = _running_draft(users, fake_argo_server, KEYS)
        jobs = [
            (fake_argo_server.parameter(name, "credential"), key)
            for name, key in sorted(runs.items())
        ]

        def write(number):
            token, key = jobs[number]
            client = app.test_client()
            statuses = []
            for suffix in (".summary.json", ".xyz"):
                res = client.put(
                    f"{API}/results/{key}/{key}{suffix}",
                    data=f"round {round_number} {key}{suffix}".encode(),
                    headers={"Authorization": f"Bearer {token}", **processor},
                )
                statuses.append((res.status_code, res.get_json()))
            return statuses

        for statuses in _all_at_once(app, len(jobs), write):
            failures += [s for s in statuses if s[0] != 201]
    assert failures == []


def test_twenty_stops_at_once_stop_once(
    app, users, fake_argo_server, caplog
):
    record_id, runs = _running_draft(users, fake_argo_server, KEYS[:1])
    (name,) = runs
    clients = _owner_clients(app, users, 20)

    def stop(number):
        path = f"/records/{record_id}/draft/compchem/runs/{name}/actions/stop"
        return post(clients[number], path)

    with caplog.at_level(logging.ERROR):
        answers = _all_at_once(app, 20, stop)
    codes = sorted(res.status_code for res in answers)
    assert codes == [202] + [409] * 19
    assert all(
        "not active" in res.json["message"] for res in answers if res.status_code == 409
    )
    reasons = db.session.scalars(
        db.select(CompchemRunEnd.reason)
        .join(CompchemRun, CompchemRun.id == CompchemRunEnd.run_id)
        .where(CompchemRun.name == name)
    ).all()
    assert reasons == ["stopped"]
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_twenty_retries_at_once_retry_once(
    app, users, fake_argo_server, caplog
):
    record_id, runs = _running_draft(users, fake_argo_server, KEYS[:1])
    (name,) = runs
    fake_argo_server.set_phase(name, "Failed", message="the node ran out of memory")
    clients = _owner_clients(app, users, 20)

    def retry(number):
        path = f"/records/{record_id}/draft/compchem/runs/{name}/actions/retry"
        return post(clients[number], path)

    with caplog.at_level(logging.ERROR):
        answers = _all_at_once(app, 20, retry)
    codes = sorted(res.status_code for res in answers)
    assert codes == [202] + [409] * 19, [res.json for res in answers]
    assert all(
        "can be retried" in res.json["message"]
        for res in answers
        if res.status_code == 409
    )
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


@pytest.fixture()
def live_server(app):
    """The test application over HTTP, as runs reach it."""
    server = LiveServer().start()
    server.app = app
    yield server
    server.stop()


def _trickle(url, path, headers, chunks, pause):
    """PUT ``chunks`` one by one, ``pause`` seconds apart; the answer's status."""
    host, port = url.rsplit("//", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    connection.putrequest("PUT", path)
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.putheader("Content-Length", str(sum(len(c) for c in chunks)))
    connection.endheaders()
    for chunk in chunks:
        connection.send(chunk)
        time.sleep(pause)
    status = connection.getresponse().status
    connection.close()
    return status


def test_a_slow_result_upload_does_not_hold_the_record(
    app, users, fake_argo_server, live_server
):
    record_id, runs = _running_draft(users, fake_argo_server, KEYS[:2])
    (slow, slow_key), (other, other_key) = sorted(runs.items())
    fake_argo_server.set_phase(other, "Succeeded")
    token = fake_argo_server.parameter(slow, "credential")
    upload = {}

    def trickle():
        upload["status"] = _trickle(
            live_server.url,
            f"{API}/results/{slow_key}/{slow_key}.xyz",
            {"Authorization": f"Bearer {token}"},
            [b"0123456789"] * 30,
            0.5,
        )

    thread = threading.Thread(target=trickle)
    thread.start()
    time.sleep(1)  # the upload is under way: 15 s of it remain
    started = current_runs_service.start(
        users["owner"].identity,
        record_id,
        {"workflow": "cclib-summary", "files": [other_key]},
    ).to_dict()
    # The start did not wait for the upload: it answered while bytes still came.
    assert thread.is_alive() and "status" not in upload
    assert started["files"][0]["key"] == other_key
    thread.join(60)
    assert upload["status"] == 201


def test_the_record_lock_times_out_naming_its_holder(
    app, users, fake_argo_server, monkeypatch
):
    record_id, runs = _running_draft(users, fake_argo_server, KEYS[:1])
    (name,) = runs
    monkeypatch.setitem(app.config, "COMPCHEM_PROCESSOR_LOCK_TIMEOUT", 0.5)
    holding, release = threading.Event(), threading.Event()

    def hold():
        with app.app_context():
            lock_record(record_id, "a slow change under test")
            holding.set()
            release.wait(60)
            db.session.rollback()
            db.session.remove()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert holding.wait(30)
        client = _owner_clients(app, users, 1)[0]
        res = post(client, f"/records/{record_id}/draft/compchem/runs/{name}/actions/stop")
    finally:
        release.set()
        thread.join(60)
    assert res.status_code == 503
    assert "a slow change under test" in res.json["message"]
    assert int(res.headers["Retry-After"]) > 0
