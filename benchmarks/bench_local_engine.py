# SPDX-License-Identifier: MIT
"""Local engine throughput and cost: 1 vs 2 workers, a 10- vs a 1,000-file draft.

    python -m pytest benchmarks/bench_local_engine.py -s -q --no-cov -p no:cacheprovider
    python -m benchmarks.bench_local_engine          # the same, as a script

Sizes (environment): ``BENCH_RUNS`` runs per round (40), ``BENCH_BIG_DRAFT``
files of the large draft (1000), ``BENCH_SMALL_DRAFT`` files of each small
draft (10), ``BENCH_API_WORKERS`` gunicorn workers (3), ``BENCH_STARTS``
processor starts per mode in the start-up comparison (10).

Each run is ``cclib-summary`` over one small output, as automatic processing
starts them: inputs downloaded over the callback API, the processor forked
warm from the worker's zygote, results and metadata uploaded, end. Real parts:
PostgreSQL, Redis as broker, the API served by gunicorn with several worker
processes (as deployed), ``celery worker -c 1`` processes.

Each round starts its workers (each pool process starts its zygote), has
them stop consuming while its runs are queued, takes the CPU counters of the
API server and the workers (with their children), then lets them consume.
Throughput is runs / (last finish - first start) from the runs' own clocks;
CPU per run is the counters' growth (API server + workers + processors;
PostgreSQL and this process not counted) divided by the runs; "machine busy"
is every process's CPU over the round (``/proc/stat``), in cores, so that
cores / busy with one worker is the most a second worker can add on this
machine; per-step times
are medians of the steps' own clocks. "record lock waited" is the share of
the round during which a callback waited for a draft's record lock (sampled
from ``pg_locks``, :mod:`benchmarks.lock_waits`): result writes of one draft
take it one at a time.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import pytest
import redis
import requests
from flask import current_app
from invenio_db import db
from invenio_rdm_records.proxies import current_rdm_records_service
from sqlalchemy import func, select

from benchmarks.lock_waits import LockWaits
from invenio_compchem_processor.engines.base import Phase
from invenio_compchem_processor.engines.local import forkserver, processes
from invenio_compchem_processor.engines.local.executor import STEPS
from invenio_compchem_processor.engines.local.models import LocalRun, LocalStep
from invenio_compchem_processor.proxies import current_compchem, current_runs_service
from tests.support.drafts import SAMPLES, minimal_draft, upload
from tests.support.local_engine import (
    CeleryWorkers,
    local_engine_config,
    local_queue,  # noqa: F401 (fixture)
    worker_environment,
    workflows_for_tests,
)

RUNS = int(os.environ.get("BENCH_RUNS", 40))
BIG_DRAFT = int(os.environ.get("BENCH_BIG_DRAFT", 1000))
SMALL_DRAFT = int(os.environ.get("BENCH_SMALL_DRAFT", 10))
API_WORKERS = int(os.environ.get("BENCH_API_WORKERS", 3))
STARTS = int(os.environ.get("BENCH_STARTS", 10))
SAMPLE = "psi4-water_mp2.out"
BROKER_URL = "redis://127.0.0.1:6379/13"
TICKS = os.sysconf("SC_CLK_TCK")
ZYGOTE_START = 5
"""Seconds given to the workers' zygotes for their imports before a round."""


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """The REST application served by gunicorn worker processes, as deployed."""

    def __init__(self):
        """Choose the port now: the application's configuration names the URL."""
        self.url = f"http://127.0.0.1:{_free_port()}"
        self.process = None
        self.log = Path(tempfile.mkdtemp(prefix="compchem-gunicorn-")) / "log"

    def start(self, app_config, workers):
        """Start ``workers`` processes configured like the test application."""
        command = [
            sys.executable, "-m", "gunicorn", "-w", str(workers),
            "-b", self.url.removeprefix("http://"), "--timeout", "120",
            "invenio_app.wsgi_rest:application",
        ]  # fmt: skip
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command,
                env=worker_environment(app_config),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 120
        answered = 0
        while answered < 3 * workers:  # every worker has loaded the application
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start:\n{self.log.read_text()}")
            try:
                requests.get(f"{self.url}/records", timeout=30)
                answered += 1
            except requests.ConnectionError:
                time.sleep(0.5)
        return self

    def stop(self):
        """SIGTERM to its group (graceful), SIGKILL if it lingers."""
        if self.process is None:
            return
        os.killpg(self.process.pid, 15)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait()


API = Gunicorn()


@pytest.fixture(scope="module")
def app_config(app_config, local_queue, tmp_path_factory):
    """The local engine on a real broker; drafts may hold the benchmark's files and runs."""
    app_config.update(local_engine_config(API.url, BROKER_URL, local_queue))
    flag = tmp_path_factory.mktemp("flag") / "unused"
    app_config["COMPCHEM_PROCESSOR_WORKFLOWS"] = workflows_for_tests(flag)
    app_config["RDM_RECORDS_MAX_FILES_COUNT"] = 10 * BIG_DRAFT
    app_config["RDM_RECORDS_MAX_MEDIA_FILES_COUNT"] = 10 * BIG_DRAFT
    # Two rounds of manual starts on the big draft, a round's runs queued at once.
    app_config["COMPCHEM_PROCESSOR_MAX_STARTS_PER_DRAFT_HOUR"] = 0
    app_config["COMPCHEM_PROCESSOR_MAX_ACTIVE_RUNS_PER_USER"] = 0
    return app_config


@pytest.fixture(scope="module")
def served(app, app_config, database):
    """The API over HTTP, from gunicorn; the broker's queues emptied after."""
    API.start(app_config, API_WORKERS)
    yield API
    API.stop()
    broker = redis.Redis.from_url(BROKER_URL)
    queue = app.config["COMPCHEM_PROCESSOR_LOCAL_QUEUE"]
    broker.delete(queue, f"{queue}-default")


#
# CPU of process trees, from /proc
#
def _stat(pid):
    try:
        with open(f"/proc/{pid}/stat") as fp:
            fields = fp.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # fields[1] is ppid; utime, stime, cutime, cstime are fields 14-17 of stat
    return int(fields[1]), sum(int(value) for value in fields[11:15])


def machine_busy():
    """``(busy, total)`` CPU seconds of the whole machine so far (``/proc/stat``).

    Busy is every state but idle and I/O wait: the bench's own processes,
    PostgreSQL, the broker and anything else running.
    """
    with open("/proc/stat") as fp:
        fields = [int(value) for value in fp.readline().split()[1:]]
    hertz = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]
    return (sum(fields) - idle) / hertz, sum(fields) / hertz


def cpu_seconds(roots):
    """CPU of ``roots`` and their descendants, live or reaped by a live one."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat:
                table[int(entry)] = stat
    total, seen, todo = 0, set(), list(roots)
    while todo:
        pid = todo.pop()
        if pid in seen or pid not in table:
            continue
        seen.add(pid)
        total += table[pid][1]
        todo.extend(child for child, (ppid, _) in table.items() if ppid == pid)
    return total / TICKS


#
# Drafts and rounds
#
def _draft(owner, count, prefix):
    """A draft with ``count`` small outputs (media files on from the start, so
    that the first results do not wait for each other to switch them on)."""
    data = {**minimal_draft(), "media_files": {"enabled": True}}
    record_id = current_rdm_records_service.create(owner, data).id
    content = (SAMPLES / SAMPLE).read_bytes()
    keys = [f"{prefix}-{number:04d}.out" for number in range(count)]
    for key in keys:
        upload(owner, record_id, key, content)
    return record_id, keys


def _start_runs(owner, targets):
    """One run per ``(record_id, key)``; their names."""
    return [
        current_runs_service.start(
            owner, record_id, {"workflow": "cclib-summary", "files": [key]}
        ).to_dict()["name"]
        for record_id, key in targets
    ]


def _celery():
    return current_app.extensions["flask-celeryext"].celery


def _wait_all(names, pool, timeout=900):
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()
        phases = db.session.scalars(
            select(LocalRun.phase).where(LocalRun.name.in_(names))
        ).all()
        if len(phases) == len(names) and all(
            Phase(phase).is_terminal for phase in phases
        ):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"runs still active after {timeout} s\n{pool.logs()}")
        time.sleep(0.25)


def _round(app_config, owner, targets, workers):
    """Runs over ``targets`` executed by ``workers`` processes; figures.

    The workers start first (each pool process starts its zygote), stop
    consuming while the runs are queued, and consume again once the CPU
    counters are taken.
    """
    queue = app_config["COMPCHEM_PROCESSOR_LOCAL_QUEUE"]
    pool = CeleryWorkers(app_config, [queue])
    pool.start(workers)
    try:
        pool.wait_ready(current_compchem.engine)
        replies = _celery().control.cancel_consumer(queue, reply=True, timeout=5.0)
        assert len(replies) == workers, replies
        queued_at = time.monotonic()
        names = _start_runs(owner, targets)
        starting = time.monotonic() - queued_at
        time.sleep(max(0, ZYGOTE_START - starting))
        api, engine = [API.process.pid], [p.pid for p in pool.processes]
        api_before, engine_before = cpu_seconds(api), cpu_seconds(engine)
        machine_before = machine_busy()
        waits = LockWaits(db.engine)
        waits.start()
        _celery().control.add_consumer(queue, reply=True, timeout=5.0)
        _wait_all(names, pool)
        machine_after = machine_busy()
        api_cpu = cpu_seconds(api) - api_before
        engine_cpu = cpu_seconds(engine) - engine_before
        waited = waits.stop()
    finally:
        pool.stop()
    figures = _figures(names, pool, api_cpu + engine_cpu)
    return {
        **figures,
        "api_cpu": api_cpu / len(names),
        # Cores busy on average while the round ran: with one worker, the
        # most a second one can add on this machine is cores / busy.
        "busy": (machine_after[0] - machine_before[0])
        / (machine_after[1] - machine_before[1])
        * os.cpu_count(),
        "start": starting / len(names),
        "lock": waited,
    }


def _figures(names, pool, cpu):
    db.session.rollback()
    phases = db.session.execute(
        select(LocalRun.name, LocalRun.phase, LocalRun.message).where(
            LocalRun.name.in_(names)
        )
    ).all()
    failed = [row for row in phases if row.phase != Phase.SUCCEEDED.value]
    assert not failed, (failed[:3], pool.logs())
    first, last = db.session.execute(
        select(func.min(LocalRun.started_at), func.max(LocalRun.finished_at)).where(
            LocalRun.name.in_(names)
        )
    ).one()
    span = (last - first).total_seconds()
    steps = {}
    for name, started, finished in db.session.execute(
        select(LocalStep.name, LocalStep.started_at, LocalStep.finished_at)
        .join(LocalRun, LocalRun.id == LocalStep.run_id)
        .where(LocalRun.name.in_(names))
    ):
        steps.setdefault(name, []).append((finished - started).total_seconds())
    return {
        "runs": len(names),
        "span": span,
        "rate": len(names) / span,
        "per_run": span / len(names),
        "cpu": cpu / len(names),
        "steps": {name: median(values) * 1000 for name, values in steps.items()},
    }


def _table(title, columns):
    """Rows of figures, one column per round, side by side."""
    heads = list(columns)
    lines = [title, f"  {'':28}" + "".join(f"{head:>18}" for head in heads)]

    def row(label, value):
        lines.append(
            f"  {label:28}" + "".join(f"{value(columns[h]):>18}" for h in heads)
        )

    row("runs", lambda f: f"{f['runs']}")
    row("runs/s", lambda f: f"{f['rate']:.2f}")
    row("wall per run (s)", lambda f: f"{f['per_run']:.3f}")
    row("CPU per run (s)", lambda f: f"{f['cpu']:.3f}")
    row("  of which API server (s)", lambda f: f"{f['api_cpu']:.3f}")
    row(f"machine busy (of {os.cpu_count()} cores)", lambda f: f"{f['busy']:.2f}")
    row("start request per run (s)", lambda f: f"{f['start']:.3f}")
    row("record lock waited (% time)", lambda f: f"{f['lock'] * 100:.0f}")
    for step in STEPS:
        row(
            f"{step}, median (ms)",
            lambda f, step=step: f"{f['steps'].get(step, 0):.0f}",
        )
    return "\n".join(lines)


def test_throughput_and_cost(app, app_config, database, users, served):
    owner = users["owner"].identity
    started = time.monotonic()
    big_id, big_keys = _draft(owner, BIG_DRAFT, "big")
    big_upload = time.monotonic() - started
    assert len(big_keys) >= 2 * RUNS, "BENCH_BIG_DRAFT must hold 2 rounds of runs"

    def small_targets(prefix):
        targets = []
        while len(targets) < RUNS:
            record_id, keys = _draft(owner, SMALL_DRAFT, prefix)
            targets += [(record_id, key) for key in keys]
        return targets[:RUNS]

    rounds = {}
    plan = [
        ("small, 1 worker", small_targets("one"), 1),
        ("small, 2 workers", small_targets("two"), 2),
        ("big, 1 worker", [(big_id, k) for k in big_keys[:RUNS]], 1),
        ("big, 2 workers", [(big_id, k) for k in big_keys[RUNS : 2 * RUNS]], 2),
    ]
    for title, targets, workers in plan:
        rounds[title] = _round(app_config, owner, targets, workers)

    small1, small2 = rounds["small, 1 worker"], rounds["small, 2 workers"]
    big1, big2 = rounds["big, 1 worker"], rounds["big, 2 workers"]
    print(
        "\n"
        + _table(
            f"local engine, {RUNS} runs per round of cclib-summary over one"
            f" {SAMPLE}; small = drafts of {SMALL_DRAFT} files, big = one draft"
            f" of {BIG_DRAFT} files; API: gunicorn, {API_WORKERS} workers",
            rounds,
        )
        + f"\n  throughput 2/1 workers: small {small2['rate'] / small1['rate']:.2f}x,"
        f" big {big2['rate'] / big1['rate']:.2f}x"
        f" (most this machine allows, cores / busy with 1 worker:"
        f" small {os.cpu_count() / small1['busy']:.2f}x,"
        f" big {os.cpu_count() / big1['busy']:.2f}x)"
        f"\n  wall per run big/small:"
        f" 1 worker {big1['per_run'] / small1['per_run']:.2f}x,"
        f" 2 workers {big2['per_run'] / small2['per_run']:.2f}x"
        f"\n  (uploading the {BIG_DRAFT}-file draft took {big_upload:.0f} s)"
    )
    assert small2["rate"] > small1["rate"]


#
# Processor start: forked from the zygote vs a new interpreter
#
def _one_start(work, warm):
    """Seconds from the start request to the first parse's line, and to the exit."""
    out = work / "out"
    for path in out.iterdir():
        path.unlink()
    started = time.perf_counter()
    process = processes.start(
        [
            os.path.join(os.path.dirname(sys.executable), "compchem-cclib-summary"),
            str(work / "in"),
            str(out),
        ],
        cwd=str(work),
        env={"PATH": os.environ["PATH"]},
        warm=warm,
    )
    line = process.stdout.readline()
    first = time.perf_counter() - started
    assert b": ok" in line, line
    process.stdout.read()
    assert process.wait(60) == 0
    return first, time.perf_counter() - started


def test_processor_start_warm_vs_cold(tmp_path):
    work = tmp_path
    (work / "in").mkdir()
    (work / "out").mkdir()
    (work / "in" / SAMPLE).write_bytes((SAMPLES / SAMPLE).read_bytes())
    server = forkserver.shared(current_preload())
    server.ping()  # imports done, as in a worker after its first run
    try:
        warm = [_one_start(work, True) for _ in range(STARTS)]
        cold = [_one_start(work, False) for _ in range(STARTS)]
    finally:
        server.stop()

    def ms(values, index):
        return f"{median(v[index] for v in values) * 1000:8.1f}"

    print(
        f"\nprocessor start, cclib-summary over one {SAMPLE}, median of {STARTS}:\n"
        f"  {'':34}{'warm (fork)':>12}{'cold (exec)':>12}\n"
        f"  {'start to first parse done (ms)':34}{ms(warm, 0):>12}{ms(cold, 0):>12}\n"
        f"  {'start to exit (ms)':34}{ms(warm, 1):>12}{ms(cold, 1):>12}\n"
        f"  ratio cold/warm to first parse: "
        f"{median(c[0] for c in cold) / median(w[0] for w in warm):.1f}x"
    )
    assert median(w[0] for w in warm) < median(c[0] for c in cold)


def current_preload():
    """The modules a worker's zygote imports, from the default configuration."""
    from invenio_compchem_processor.config import COMPCHEM_PROCESSOR_LOCAL_PRELOAD

    return COMPCHEM_PROCESSOR_LOCAL_PRELOAD


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-s", "-q", "--no-cov", "-p", "no:cacheprovider"]))
