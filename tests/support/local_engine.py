# SPDX-License-Identifier: MIT
"""Real parts for the local engine: the API over HTTP and Celery worker processes.

Runs call back over HTTP with their credential, so the test application is
served by a real server on 127.0.0.1; workers are real ``celery worker``
processes (prefork, not eager) configured like the test application through
``INVENIO_*`` variables, as a deployment configures them.
"""

import ast
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from invenio_access.permissions import system_identity
from invenio_db import db
from invenio_rdm_records.proxies import current_rdm_records_media_files_service

from invenio_compchem_processor.config import COMPCHEM_PROCESSOR_LOCAL_REQUEUE_SCHEDULE
from invenio_compchem_processor.engines.base import EngineRunNotFoundError
from tests.support.drafts import post
from tests.support.live_server import LiveServer


def local_engine_config(api_url, broker_url, queue):
    """The test application's settings for the local engine and a real broker."""
    return {
        "COMPCHEM_PROCESSOR_ENGINE": "local",
        "COMPCHEM_PROCESSOR_API_URL": api_url,
        "COMPCHEM_PROCESSOR_LOCAL_QUEUE": queue,
        "COMPCHEM_PROCESSOR_LOCAL_KILL_GRACE": 2,
        "COMPCHEM_PROCESSOR_LOCAL_HTTP_RETRY_DELAY": 0.2,
        "COMPCHEM_PROCESSOR_LOCAL_HTTP_ATTEMPTS": 3,
        "COMPCHEM_PROCESSOR_LOCAL_HEALTH_TIMEOUT": 2.0,
        "CELERY_TASK_ALWAYS_EAGER": False,
        "BROKER_URL": broker_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": broker_url,
        # Other tasks (the upload hook) go to a queue of this test run only.
        "CELERY_TASK_DEFAULT_QUEUE": f"{queue}-default",
        # The workers' beat queues runs left waiting while the broker was down.
        "CELERY_BEAT_SCHEDULE": {
            "compchem-queue-waiting-runs": {
                **COMPCHEM_PROCESSOR_LOCAL_REQUEUE_SCHEDULE,
                "schedule": 1.0,
            }
        },
    }


def unique_queue():
    """A queue no other test run on the same broker consumes."""
    return f"compchem-local-test-{uuid.uuid4().hex[:8]}"


def _portable(value):
    """Whether a setting survives the trip through an environment variable."""
    try:
        return ast.literal_eval(repr(value)) == value
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False


def worker_environment(app_config):
    """``INVENIO_*`` variables that give a worker the test application's settings."""
    env = dict(os.environ)
    for key, value in app_config.items():
        if _portable(value):
            env[f"INVENIO_{key}"] = repr(value)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join([bin_dir, env.get("PATH", "")])
    return env


class CeleryWorkers:
    """``celery worker`` processes on the engine's queue, started and stopped here."""

    def __init__(self, app_config, queues, log_dir=None):
        """``queues`` is the ``-Q`` list."""
        self.env = worker_environment(app_config)
        self.queues = queues
        self.log_dir = Path(log_dir or tempfile.mkdtemp(prefix="compchem-workers-"))
        self.processes = []

    def start(self, count=1, concurrency=1):
        """Start ``count`` worker processes of ``concurrency`` pool processes each."""
        for _ in range(count):
            number = len(self.processes) + 1
            log = open(self.log_dir / f"worker-{number}.log", "ab")
            command = [
                sys.executable, "-m", "celery", "-A", "invenio_app.celery",
                "worker", "-Q", ",".join(self.queues), "-c", str(concurrency),
                "--pool", "prefork", "--prefetch-multiplier", "1",
                "-n", f"compchem-test-{number}-{uuid.uuid4().hex[:6]}@%h",
                "--without-gossip", "--without-mingle", "-l", "info",
                "--beat", "-s", str(self.log_dir / f"beat-{number}"),
            ]  # fmt: skip
            process = subprocess.Popen(
                command,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            log.close()
            self.processes.append(process)
        return self

    def wait_ready(self, engine, timeout=90):
        """Wait until every worker serves the queue (the engine's health says so)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                workers = engine.health()["workers"]
                if len(workers) >= len(self.processes):
                    return workers
            except Exception as error:  # EngineUnavailableError until they listen
                problem = error
            else:
                problem = f"{len(workers)} of {len(self.processes)} workers ready"
            dead = [p.args for p in self.processes if p.poll() is not None]
            if dead or time.monotonic() > deadline:
                raise RuntimeError(f"Workers not ready ({problem}):\n{self.logs()}")
            time.sleep(0.5)

    def logs(self, tail=4000):
        """The end of every worker's log, for failure messages."""
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-tail:]}"
            for path in sorted(self.log_dir.glob("worker-*.log"))
        )

    def stop(self):
        """Warm shutdown (SIGTERM), then SIGKILL for what is left; only our processes."""
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes = []


#
# Workflows and runs
#
DAT = {"extensions": [".dat"]}
"""Test workflows take ``.dat`` files, so that uploads start no automatic run."""

SLEEP = [sys.executable, "-c", "import time; time.sleep(60)"]


def flaky_command(flag):
    """cclib-summary, but only once ``flag`` exists (the cause of the failure fixed)."""
    code = (
        "import os, sys\n"
        f"if not os.path.exists({str(flag)!r}):\n"
        "    print('input database not mounted'); sys.exit(3)\n"
        "from invenio_compchem_processor.processors.cclib_summary import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    return [sys.executable, "-c", code]


def workflows_for_tests(flag):
    """The default workflow plus ones that sleep, time out and fail until fixed."""

    def workflow(title, command, timeout, **local):
        return {
            "title": title,
            "match": DAT,
            "auto": False,
            "engines": {"local": {"command": command, "timeout": timeout, **local}},
        }

    from invenio_compchem_processor.config import COMPCHEM_PROCESSOR_WORKFLOWS

    return {
        **COMPCHEM_PROCESSOR_WORKFLOWS,
        "sleepy": workflow("Sleeps a minute", SLEEP, 600),
        "slow": workflow("Sleeps past its timeout", SLEEP, 2),
        "flaky": workflow(
            "Fails until a flag exists",
            flaky_command(flag),
            120,
            name="cclib-summary",
        ),
    }


def start_run(client, record_id, workflow, keys):
    """Start a run as the owner does, over the REST API; its name."""
    res = post(
        client,
        f"/records/{record_id}/draft/compchem/runs",
        {"workflow": workflow, "files": list(keys)},
    )
    assert res.status_code == 201, res.json
    return res.json["name"]


def wait_for(engine, name, condition, timeout=60, workers=None):
    """Poll the engine until ``condition(status)``; the status."""
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()  # a fresh view of what workers committed
        try:
            status = engine.get_run(name)
        except EngineRunNotFoundError:  # the upload hook's task has not submitted it yet
            status = None
        if status is not None and condition(status):
            return status
        if time.monotonic() > deadline:
            logs = workers.logs() if workers else ""
            raise AssertionError(f"{name} is not there yet: {status}\n{logs}")
        time.sleep(0.2)


def finished(status):
    """Whether the run reached a final phase."""
    return status.phase.is_terminal


def media_keys(record_id):
    """Keys of the draft's media files (where results go)."""
    files = current_rdm_records_media_files_service.draft_files
    entries = files.list_files(system_identity, record_id).to_dict().get("entries", [])
    return {entry["key"] for entry in entries}


@pytest.fixture(scope="module")
def local_queue():
    """The engine's queue, unique to this module."""
    return unique_queue()


@pytest.fixture(scope="module")
def live_api():
    """An HTTP server on 127.0.0.1; it serves the app once the app exists."""
    server = LiveServer().start()
    yield server
    server.stop()
