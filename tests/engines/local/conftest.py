# SPDX-License-Identifier: MIT
"""Fixtures of the local engine tests: the API over HTTP and a real Celery worker.

Data must be committed for the worker and the server threads to see it, so
these tests use the module-scoped ``database``, never ``db``.
"""

import os
import sys

import pytest
import redis
from invenio_rdm_records.proxies import current_rdm_records_service

from tests.support.drafts import SAMPLES, minimal_draft, upload
from invenio_compchem_processor.proxies import current_compchem
from tests.support.local_engine import (
    DAT,
    CeleryWorkers,
    live_api,  # noqa: F401 (fixture)
    local_engine_config,
    local_queue,  # noqa: F401 (fixture)
    workflows_for_tests,
)

BROKER_URL = os.environ.get("COMPCHEM_TEST_BROKER_URL", "redis://127.0.0.1:6379/14")
"""Broker of the local engine tests (a Redis database or RabbitMQ)."""


@pytest.fixture(scope="module")
def fix_flag(tmp_path_factory):
    """The file whose absence makes the ``flaky`` workflow fail."""
    return tmp_path_factory.mktemp("flaky") / "fixed"


@pytest.fixture(scope="module")
def app_config(app_config, live_api, local_queue, fix_flag):
    """The local engine, a real broker, the test workflows."""
    app_config.update(local_engine_config(live_api.url, BROKER_URL, local_queue))
    app_config["COMPCHEM_PROCESSOR_WORKFLOWS"] = {
        **workflows_for_tests(fix_flag),
        **warm_workflows(),
    }
    return app_config


def warm_workflows():
    """Workflows whose processors the engine forks warm and that misbehave."""

    def workflow(behaviour, timeout=120):
        command = [sys.executable, "-m", "tests.engines.local.fake_processors"]
        return {
            "title": f"Fake processor: {behaviour}",
            "match": DAT,
            "auto": False,
            "engines": {
                "local": {"command": [*command, behaviour], "timeout": timeout}
            },
        }

    return {
        "warm-exit": workflow("exit"),
        "warm-segfault": workflow("segfault"),
        "warm-sleepy": workflow("sleep", timeout=600),
        "warm-slow": workflow("sleep", timeout=2),
    }


@pytest.fixture(scope="module")
def api_server(app, live_api):
    """The test application served over HTTP, where runs call back."""
    live_api.app = app
    return live_api


@pytest.fixture(scope="module")
def engine(app):
    """The application's local engine."""
    return current_compchem.engine


@pytest.fixture(scope="module")
def workers(app, app_config, database, api_server, engine, local_queue):
    """One Celery worker process on the engine's queue (and the upload hook's)."""
    if database.engine.name == "sqlite":
        pytest.skip(
            "Worker processes and the test process write at once, which SQLite "
            "refuses ('database is locked'); these tests need PostgreSQL."
        )
    pool = CeleryWorkers(app_config, [local_queue, f"{local_queue}-default"])
    pool.start(1)
    try:
        pool.wait_ready(engine)
        yield pool
    finally:
        pool.stop()
        if BROKER_URL.startswith("redis"):
            broker = redis.Redis.from_url(BROKER_URL)
            broker.delete(local_queue, f"{local_queue}-default")


@pytest.fixture()
def dat_draft(users):
    """A draft with a sample output uploaded as ``water.dat``."""

    def create(key="water.dat", sample="psi4-water_mp2.out"):
        owner = users["owner"].identity
        draft = current_rdm_records_service.create(owner, minimal_draft())
        upload(owner, draft.id, key, (SAMPLES / sample).read_bytes())
        return draft.id

    return create
