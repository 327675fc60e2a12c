# SPDX-License-Identifier: MIT
"""The tally counts exactly as counting every run, while runs start, end, restart."""

from datetime import timedelta

import pytest
from invenio_db.uow import UnitOfWork
from sqlalchemy import case, func, select

from invenio_compchem_processor.engines.local import LocalEngine
from invenio_compchem_processor.engines.local.models import LocalRun, utcnow
from invenio_compchem_processor.models import (
    CompchemRun,
    CompchemRunDuration,
    CompchemRunEnd,
    CompchemRunStartError,
    CompchemRunTally,
)
from invenio_compchem_processor.rows import insert_run_end
from invenio_compchem_processor.services.admin.query import RunsQuery, _duration
from invenio_compchem_processor.services.admin.tally import RunTally

SEARCHES = [
    {},
    {"phase": ["Failed"], "workflow": ["wf-a"]},
    {"phase": ["Error"]},
    {"phase": ["NotStarted"]},
    {"phase": ["Running", "Pending"], "engine": ["local"]},
    {"created": ["day"]},
    {"created": ["week", "older"], "trigger": ["manual"]},
    {"workflow": ["wf-b"], "created": ["month"]},
]

AGES = [
    timedelta(minutes=5),
    timedelta(days=1, minutes=-20),  # the hour cut by "a day ago"
    timedelta(days=1, minutes=20),
    timedelta(days=3),
    timedelta(days=7, minutes=1),
    timedelta(days=20),
    timedelta(days=45),
]
PHASES = ["Pending", "Running", "Succeeded", "Failed", "Error", None]


def _run(index, age, trigger="auto", phase="Pending", heartbeat=None):
    workflow = ("wf-a", "wf-b")[index % 2]
    run = CompchemRun(
        record_id=f"rec-{index}",
        workflow=workflow,
        sequence=1,
        name=f"{workflow}-rec-{index}-1",
        engine="local",
        trigger=trigger,
        created=utcnow() - age,
    )
    local = None
    if phase is not None:
        local = LocalRun(
            name=run.name,
            record_id=run.record_id,
            workflow=workflow,
            sequence=1,
            labels={},
            annotations={},
            file_keys=["a.out"],
            options={},
            parameters={},
            phase=phase,
            worker="w:1" if heartbeat else None,
            heartbeat=heartbeat,
        )
    return run, local


@pytest.fixture()
def runs(db):
    rows = []
    for index in range(28):
        age = AGES[index % len(AGES)]
        phase = PHASES[index % len(PHASES)]
        trigger = ("auto", "manual", "resubmit")[index % 3]
        heartbeat = None
        if phase == "Running":
            heartbeat = utcnow() - timedelta(hours=index % 2)
        run, local = _run(index, age, trigger, phase, heartbeat)
        db.session.add(run)
        db.session.flush()
        if local is not None:
            db.session.add(local)
        rows.append(run)
    db.session.add(CompchemRunStartError(run_id=rows[3].id, reason="refused"))
    db.session.commit()
    return rows


def _stored(db):
    """The tally by span, workflow, trigger, phase; the same counted run by run."""
    tally = CompchemRunTally
    columns = (tally.span, tally.workflow, tally.trigger, tally.phase)
    kept = db.session.execute(
        select(*columns, func.sum(tally.n)).group_by(*columns)
    ).all()
    started = (
        select(CompchemRunStartError.run_id)
        .where(CompchemRunStartError.run_id == CompchemRun.id)
        .exists()
    )
    phase = case(
        (started, "NotStarted"), else_=func.coalesce(LocalRun.phase, "NotStarted")
    )
    columns = (CompchemRun.workflow, CompchemRun.trigger, phase)
    counted = db.session.execute(
        select(*columns, func.count())
        .outerjoin(LocalRun, LocalRun.name == CompchemRun.name)
        .group_by(*columns)
    ).all()
    return (
        {tuple(row[:4]): row[4] for row in kept if row[4]},
        {
            (span, *row[:3]): row[3]
            for row in counted
            for span in ("hour", "month")
        },
    )


def _assert_exact(db, engine):
    kept, counted = _stored(db)
    assert kept == counted
    phases = engine.phase_query()
    for params in SEARCHES:
        query = RunsQuery(params, phases)
        assert RunTally.answers(query, engine)
        assert RunTally(query, engine).total_and_counts() == (
            query.total(),
            query.counts(),
        ), params


def test_counts_equal_counting_every_run(app, db, runs):
    engine = LocalEngine()
    _assert_exact(db, engine)
    query = RunsQuery({}, engine.phase_query())
    total, counts = RunTally(query, engine).total_and_counts()
    assert total == len(runs)
    assert counts["phase"]["Error"] >= 1, "a silent worker's Running run is Error"
    assert set(counts["created"]) == {"day", "week", "month", "older"}


def test_counts_follow_runs_ending_retrying_restarting(app, db, runs):
    engine = LocalEngine()
    by_name = {run.name: run for run in runs}
    locals_ = {row.name: row for row in db.session.scalars(select(LocalRun))}
    pending = [n for n, row in locals_.items() if row.phase == "Pending"]
    failed = [n for n, row in locals_.items() if row.phase == "Failed"]
    running = [n for n, row in locals_.items() if row.phase == "Running"]
    # stopped before a worker took it: Failed
    engine.stop(pending[0])
    # retried under its own name: Pending again
    uow = UnitOfWork(db.session)
    engine.retry(failed[0], uow=uow)
    # a worker ends a run
    locals_[running[0]].phase = "Succeeded"
    # superseded: the context ends, the engine stops it
    insert_run_end(by_name[pending[1]], "superseded")
    engine.stop(pending[1])
    # restarted: a new run with its own engine run
    run, local = _run(100, timedelta(minutes=1), "resubmit", "Pending")
    db.session.add(run)
    db.session.flush()
    db.session.add(local)
    # refused by the engine after all, and an engine run deleted
    db.session.add(CompchemRunStartError(run_id=by_name[failed[1]].id, reason="no"))
    engine.delete(running[1])
    db.session.commit()
    _assert_exact(db, engine)


def test_text_search_is_counted_exactly(app, db, runs):
    engine = LocalEngine()
    for params in ({"q": "rec-1"}, {"record_id": "rec-1"}):
        assert not RunTally.answers(RunsQuery(params, engine.phase_query()), engine)


def test_duration_sort_pages_as_the_full_sort(app, db, runs):
    """Timed runs through the durations' index, then the others, on every page."""
    for index, run in enumerate(runs[:11]):
        seconds = timedelta(seconds=(index * 7) % 5 + 1)
        for later in (seconds, 2 * seconds):
            end = CompchemRunEnd(
                run_id=run.id, reason="finished", created=run.created + later
            )
            db.session.add(end)
            db.session.flush()
    db.session.commit()
    assert db.session.scalar(select(func.count(CompchemRunDuration.run_id))) == 11
    phases = LocalEngine().phase_query()
    for params in ({}, {"workflow": ["wf-a"]}, {"phase": ["Failed", "Pending"]}):
        query = RunsQuery(params, phases)
        duration = _duration()
        for sort, direction in (("longest", duration.desc()), ("shortest", duration)):
            full = db.session.scalars(
                select(CompchemRun.id)
                .join(query.matching, query.matching.c.id == CompchemRun.id)
                .order_by(direction.nulls_last(), CompchemRun.id.desc())
            ).all()
            pages = [query.page_ids(sort, page, 4) for page in range(1, 9)]
            assert sum(pages, []) == full, (params, sort)
