# SPDX-License-Identifier: MIT
"""The local engine's state and queueing, without a worker.

What a submit sends leaves only with the caller's commit; names are unique;
a pending run stops at once; logs stay bounded and free of credentials.
"""

import pytest

from invenio_compchem_processor.engines.base import (
    EngineUnavailableError,
    Phase,
    RunAlreadyExistsError,
    RunNotFoundError,
    RunRequest,
)
from invenio_compchem_processor.engines.local import dispatch
from invenio_compchem_processor.engines.local.logs import StepLog, parse
from invenio_compchem_processor.engines.local.models import LocalRun

RECORD = "abcde-12345"


@pytest.fixture()
def sent(monkeypatch):
    """What would have gone to the broker."""
    messages = []
    monkeypatch.setattr(
        dispatch, "send", lambda name, attempt, queue: messages.append((name, attempt))
    )
    return messages


def _request(sequence, workflow="sleepy", credential="ccr_secret-value"):
    return RunRequest(
        name=f"{workflow}-{RECORD}-{sequence}",
        workflow=workflow,
        record_id=RECORD,
        sequence=sequence,
        file_keys=("water.dat",),
        parameters={"api-url": "http://x", "credential": credential},
        engine_options={"command": ["true"], "timeout": 5},
    )


@pytest.fixture()
def cleanup(database):
    """Remove this test's runs."""
    yield
    database.session.rollback()
    for row in database.session.query(LocalRun).filter_by(record_id=RECORD):
        database.session.delete(row)
    database.session.commit()


def test_submit_is_queued_on_commit_only(app, database, engine, sent, cleanup):
    if database.engine.name == "sqlite":
        pytest.skip(
            "pysqlite commits on its own; rollbacks behave as on PostgreSQL only there."
        )
    engine.submit(_request(1))
    assert sent == []
    database.session.rollback()
    assert sent == []
    with pytest.raises(RunNotFoundError):
        engine.get_run(f"sleepy-{RECORD}-1")

    with database.session.begin_nested():
        status = engine.submit(_request(1))
    assert status.phase == Phase.PENDING and status.sequence == 1
    try:
        with database.session.begin_nested():
            engine.submit(_request(2))
            raise RuntimeError("the service gave up on this one")
    except RuntimeError:
        pass
    database.session.commit()
    assert sent == [(f"sleepy-{RECORD}-1", 1)]


def test_a_taken_name_is_refused(app, database, engine, sent, cleanup):
    engine.submit(_request(1))
    database.session.commit()
    with pytest.raises(RunAlreadyExistsError) as error:
        engine.submit(_request(1))
    assert error.value.status == 409
    database.session.commit()
    assert engine.max_sequence(RECORD, "sleepy") == 1
    assert engine.max_sequence(RECORD, "other") == 0


def test_listing_reading_stopping_a_pending_run(app, database, engine, sent, cleanup):
    for sequence in (1, 2):
        engine.submit(_request(sequence))
    database.session.commit()
    names = [run.name for run in engine.list_runs(RECORD)]
    assert names == [f"sleepy-{RECORD}-1", f"sleepy-{RECORD}-2"]
    only = engine.list_runs(RECORD, names=[names[1]])
    assert [run.name for run in only] == [names[1]]
    assert engine.list_runs(RECORD, names=[]) == []
    assert all(run.steps == () for run in engine.list_runs(RECORD))

    stopped = engine.stop(names[0], message="stopped by the repository")
    database.session.commit()
    assert stopped.phase == Phase.FAILED
    assert stopped.message == "Stopped with strategy 'Stop': stopped by the repository"
    credential = database.session.query(LocalRun.credential).filter_by(name=names[0])
    assert credential.scalar() is None
    assert engine.retry(names[0], {"credential": "ccr_new"}).phase == Phase.PENDING
    database.session.commit()
    assert sent[-1] == (names[0], 2)

    copy = engine.resubmit(names[1])
    database.session.commit()
    assert copy.name.startswith(f"{names[1]}-") and len(copy.name) <= 63
    assert (copy.record_id, copy.sequence, copy.phase) == (RECORD, 2, Phase.PENDING)
    assert sent[-1] == (copy.name, 1)

    engine.delete(names[1])
    database.session.commit()
    with pytest.raises(RunNotFoundError):
        engine.get_run(names[1])


def test_watch_sends_changes(app, database, engine, sent, cleanup):
    engine.watch_interval = 0.05
    engine.submit(_request(1))
    database.session.commit()
    events = engine.watch(RECORD)
    first = next(events)
    assert (first.type, first.run.phase) == ("ADDED", Phase.PENDING)
    engine.stop(first.run.name)
    database.session.commit()
    change = next(events)
    assert (change.type, change.run.phase) == ("MODIFIED", Phase.FAILED)


def test_health_without_a_worker_is_unavailable(app, engine):
    with pytest.raises(EngineUnavailableError) as error:
        engine.health()
    assert engine.queue in error.value.message


def test_step_logs_are_bounded_and_redacted():
    log = StepLog(max_bytes=400)
    for number in range(50):
        log.write(f"line {number}")
    log.write("using ccr_abcdefghijklmnop as credential")
    text = log.text()
    assert len(text.encode()) < 520
    lines = [content for _, content in parse(text)]
    assert lines[0].startswith("[earlier lines dropped")
    assert lines[-2:] == ["line 49", "using ccr_[redacted] as credential"]
    assert "ccr_abcdefghijklmnop" not in text
    assert all(stamp is not None for stamp, _ in parse(text))
