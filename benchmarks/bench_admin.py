# SPDX-License-Identifier: MIT
"""The admin run list at 1k, 10k and 100k runs (5 runs per record).

Run with ``python -m pytest benchmarks/bench_admin.py -s -p no:cacheprovider
--no-cov`` (PostgreSQL in ``SQLALCHEMY_DATABASE_URI``). Rows are inserted
in bulk straight into the write-once tables and the local engine's state
table (so every run is known to the engine, the worst case for the phase
join; the Succeeded, Failed and Error ones with a ``finished`` end); then
each search is timed with the engine's phases cached: the first page
of a filter (its total and facet counts computed) and the median of
``ROUNDS`` refreshes (counts reused, as a refreshing dashboard sees them);
and one search with nothing cached. SQL statements and engine calls are
counted per page, first/refresh.
"""

import os
import statistics
import time
import uuid
from datetime import datetime, timedelta

import pytest
from invenio_access.permissions import system_identity
from invenio_db import db
from sqlalchemy import event, insert

from invenio_compchem_processor.engines.local.models import LocalRun
from invenio_compchem_processor.models import (
    CompchemFile,
    CompchemRun,
    CompchemRunEnd,
    CompchemRunFile,
)
from invenio_compchem_processor.proxies import current_compchem

SIZES = (1_000, 10_000, 100_000)
RUNS_PER_RECORD = 5
ROUNDS = 5
PHASES = ("Succeeded",) * 6 + ("Failed", "Error", "Running", "Pending")
WORKFLOWS = ("cclib-summary", "md-summary")
SEARCHES = {
    "newest page": {},
    "failed, one workflow": {"phase": ["Failed"], "workflow": ["cclib-summary"]},
    "by record id": {"q": "rec00042-x"},
    "by file key": {"q": "out-00042"},
    "longest first": {"sort": "longest"},
}


@pytest.fixture(scope="module")
def app_config(app_config):
    """The local engine: its state is a table, so 100k runs fit in the engine."""
    app_config["COMPCHEM_PROCESSOR_ENGINE"] = "local"
    app_config["COMPCHEM_PROCESSOR_ADMIN_PHASES_CACHE_SECONDS"] = 3600
    return app_config


def _fill(start, stop):
    """Runs ``start`` to ``stop`` over records of 5 runs each, one file per run."""
    now = datetime.utcnow()
    files, runs, links, local, ends = [], [], [], [], []
    for i in range(start, stop):
        record = f"rec{i // RUNS_PER_RECORD:05d}-x"
        workflow = WORKFLOWS[i % 2]
        sequence = i % RUNS_PER_RECORD + 1
        name = f"{workflow}-{record}-{sequence}"
        created = now - timedelta(minutes=i)
        files.append(
            dict(
                id=i + 1,
                record_id=record,
                file_key=f"out-{i:05d}.out",
                object_version_id=uuid.uuid4(),
                created=created,
            )
        )
        runs.append(
            dict(
                id=i + 1,
                record_id=record,
                workflow=workflow,
                sequence=sequence,
                name=name,
                engine="local",
                trigger="auto",
                created=created,
            )
        )
        links.append(dict(run_id=i + 1, file_id=i + 1))
        phase = PHASES[i % len(PHASES)]
        if phase in ("Succeeded", "Failed", "Error"):
            finished = created + timedelta(seconds=i % 97)
            ends.append(dict(run_id=i + 1, reason="finished", created=finished))
        local.append(
            dict(
                name=name,
                record_id=record,
                workflow=workflow,
                sequence=sequence,
                labels={},
                annotations={},
                file_keys=[f"out-{i:05d}.out"],
                options={},
                parameters={},
                phase=phase,
                attempt=1,
                progress_done=0,
                progress_total=0,
                version=1,
                created=created,
                started_at=created,
                finished_at=created + timedelta(seconds=i % 97),
            )
        )
    for model, rows in (
        (CompchemFile, files),
        (CompchemRun, runs),
        (CompchemRunFile, links),
        (LocalRun, local),
        (CompchemRunEnd, ends),
    ):
        for at in range(0, len(rows), 10_000):
            db.session.execute(insert(model), rows[at : at + 10_000])
    db.session.commit()
    db.session.execute(db.text("ANALYZE"))
    db.session.commit()


class Counter:
    """SQL statements and engine calls made while it is open."""

    def __init__(self, engine):
        self.engine = engine
        self.sql = 0
        self.calls = 0
        self.statements = []

    def _statement(self, conn, cursor, statement, parameters, *args):
        self.sql += 1
        self.statements.append((statement, parameters))

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._statement)
        self._named, self._phases = self.engine.list_runs_named, self.engine.run_phases

        def named(names):
            self.calls += 1
            return self._named(names)

        def phases():
            self.calls += 1
            return self._phases()

        self.engine.list_runs_named, self.engine.run_phases = named, phases
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self._statement)
        del self.engine.list_runs_named, self.engine.run_phases


def _explain(label, statements):
    """EXPLAIN ANALYZE of a page's statements (``BENCH_EXPLAIN=1``)."""
    cursor = db.session.connection().connection.cursor()
    for statement, parameters in statements:
        if not statement.lstrip().upper().startswith("SELECT"):
            continue
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + statement, parameters)
        plan = [row[0] for row in cursor.fetchall()]
        print(f"\n-- {label}: {plan[-1].strip()}\n{statement[:300]}")
        print("\n".join(plan[:40]))


def _time(call):
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def test_admin_list_scales(app, database):
    from invenio_compchem_processor.services.admin import service as module

    service = current_compchem.admin_service
    engine = current_compchem.engine
    table = []
    filled = 0
    for size in SIZES:
        _fill(filled, size)
        filled = size
        module._phases_cache.clear()
        module._counts_cache.clear()
        cold = _time(lambda: service.search(system_identity, {}).to_dict())
        for label, params in SEARCHES.items():
            module._counts_cache.clear()
            with Counter(engine) as first:
                started = time.perf_counter()
                result = service.search(system_identity, params).to_dict()
                first_ms = (time.perf_counter() - started) * 1000
            assert result["hits"]["hits"], label
            if size == SIZES[-1] and os.environ.get("BENCH_EXPLAIN"):
                _explain(label, first.statements)
            with Counter(engine) as again:
                service.search(system_identity, params).to_dict()
            times = [
                _time(lambda: service.search(system_identity, params).to_dict())
                for _ in range(ROUNDS)
            ]
            table.append(
                (
                    size,
                    label,
                    first_ms,
                    statistics.median(times),
                    f"{first.sql}/{again.sql}",
                    f"{first.calls}/{again.calls}",
                )
            )
        table.append((size, "engine phases not cached", cold, None, "", ""))
    print()
    print(
        f"{'runs':>8}  {'search':<26} {'first ms':>9} {'refresh ms':>10}"
        f" {'SQL':>5} {'engine':>6}"
    )
    for size, label, first_ms, refresh, sql, calls in table:
        refresh = "" if refresh is None else f"{refresh:.1f}"
        print(
            f"{size:>8}  {label:<26} {first_ms:>9.1f} {refresh:>10} {sql:>5} {calls:>6}"
        )
    pages = [row for row in table if row[3] is not None]
    print()
    print(f"{'search':<26} {'first 10k/1k':>12} {'first 100k/1k':>13}"
          f" {'refresh 10k/1k':>14} {'refresh 100k/1k':>15}")
    by_label = {}
    for size, label, first_ms, refresh, sql, calls in pages:
        by_label.setdefault(label, {})[size] = (first_ms, refresh, sql)
    for label, sizes in by_label.items():
        base = sizes[SIZES[0]]
        ratios = [
            sizes[size][part] / base[part] for part in (0, 1) for size in SIZES[1:]
        ]
        print(f"{label:<26} " + " ".join(
            f"{ratio:>{width}.2f}" for ratio, width in zip(ratios, (12, 13, 14, 15))
        ))
        assert len({sql for _, _, sql in sizes.values()}) == 1, (
            f"SQL statements per page of {label!r} vary with the runs"
        )
    assert {row[5] for row in pages} == {"1/1"}, "one engine call per page"
