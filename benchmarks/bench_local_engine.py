# SPDX-License-Identifier: MIT
"""Local engine throughput: 100 small files end to end, 1 vs 2 worker processes.

    python -m pytest benchmarks/bench_local_engine.py -s -q --no-cov -p no:cacheprovider
    python -m benchmarks.bench_local_engine          # the same, as a script

Each file is one run of ``cclib-summary`` (as automatic processing starts
them): download over the callback API, the processor as a subprocess, results
and metadata uploaded, end. All runs are queued first, then the workers start;
throughput is runs / (last finish - first start), from the runs' own clocks,
so worker start-up is not counted. Real parts: PostgreSQL, Redis as broker,
the API served over HTTP, ``celery worker -c 1`` processes.
"""

import sys
import time

import pytest
import redis
from invenio_db import db
from invenio_rdm_records.proxies import current_rdm_records_service
from sqlalchemy import func, select

from invenio_compchem_processor.engines.base import Phase
from invenio_compchem_processor.engines.local.models import LocalRun
from invenio_compchem_processor.proxies import current_compchem, current_runs_service
from tests.support.drafts import SAMPLES, minimal_draft, upload
from tests.support.local_engine import (
    CeleryWorkers,
    live_api,  # noqa: F401 (fixture)
    local_engine_config,
    local_queue,  # noqa: F401 (fixture)
    workflows_for_tests,
)

FILES = 100
SAMPLE = "psi4-water_mp2.out"
BROKER_URL = "redis://127.0.0.1:6379/13"




@pytest.fixture(scope="module")
def app_config(app_config, live_api, local_queue, tmp_path_factory):
    """The local engine on a real broker; drafts may hold the benchmark's files."""
    app_config.update(local_engine_config(live_api.url, BROKER_URL, local_queue))
    flag = tmp_path_factory.mktemp("flag") / "unused"
    app_config["COMPCHEM_PROCESSOR_WORKFLOWS"] = workflows_for_tests(flag)
    app_config["RDM_RECORDS_MAX_FILES_COUNT"] = 10000
    app_config["RDM_RECORDS_MAX_MEDIA_FILES_COUNT"] = 10000  # 3 results per file
    return app_config


@pytest.fixture(scope="module")
def served(app, live_api):
    """The application behind the HTTP server."""
    live_api.app = app
    yield live_api
    broker = redis.Redis.from_url(BROKER_URL)
    queue = app.config["COMPCHEM_PROCESSOR_LOCAL_QUEUE"]
    broker.delete(queue, f"{queue}-default")


def _queue_runs(owner, count):
    """A draft with ``count`` small outputs and one queued run per file."""
    # Media files on from the start, so that the first results do not wait for
    # each other to switch them on: the measurement is of processing alone.
    data = {**minimal_draft(), "media_files": {"enabled": True}}
    record_id = current_rdm_records_service.create(owner, data).id
    content = (SAMPLES / SAMPLE).read_bytes()
    keys = [f"water-{number:03d}.out" for number in range(count)]
    for key in keys:
        upload(owner, record_id, key, content)
    names = [
        current_runs_service.start(
            owner, record_id, {"workflow": "cclib-summary", "files": [key]}
        ).to_dict()["name"]
        for key in keys
    ]
    return record_id, names


def _wait_all(record_id, names, pool, timeout=1200):
    engine = current_compchem.engine
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()
        runs = engine.list_runs(record_id, names=names)
        if all(run.phase.is_terminal for run in runs):
            return runs
        if time.monotonic() > deadline:
            raise AssertionError(f"runs still active after {timeout} s\n{pool.logs()}")
        time.sleep(0.5)


def _round(app_config, owner, workers):
    record_id, names = _queue_runs(owner, FILES)
    pool = CeleryWorkers(app_config, [app_config["COMPCHEM_PROCESSOR_LOCAL_QUEUE"]])
    pool.start(workers)
    try:
        pool.wait_ready(current_compchem.engine)
        runs = _wait_all(record_id, names, pool)
    finally:
        pool.stop()
    failed = [run for run in runs if run.phase != Phase.SUCCEEDED]
    assert not failed, (failed[:3], pool.logs())
    first, last = db.session.execute(
        select(func.min(LocalRun.started_at), func.max(LocalRun.finished_at)).where(
            LocalRun.name.in_(names)
        )
    ).one()
    span = (last - first).total_seconds()
    return FILES / span, span


def test_throughput_one_vs_two_workers(app, app_config, database, users, served):
    owner = users["owner"].identity
    one, one_span = _round(app_config, owner, workers=1)
    two, two_span = _round(app_config, owner, workers=2)
    print(
        f"\nlocal engine, {FILES} files ({SAMPLE}, one run each), end to end:\n"
        f"  1 worker : {one_span:6.1f} s  {one:5.2f} runs/s\n"
        f"  2 workers: {two_span:6.1f} s  {two:5.2f} runs/s\n"
        f"  throughput ratio 2/1: {two / one:.2f}"
    )
    assert two > one


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-s", "-q", "--no-cov", "-p", "no:cacheprovider"]))
