# SPDX-License-Identifier: MIT
"""The local engine's state and queueing, without a worker.

What a submit queues is registered on the caller's unit of work and leaves
only with its commit; names are unique; a pending run stops at once; logs
stay bounded and free of credentials.
"""

from datetime import timedelta

import pytest
import redis
from invenio_records_resources.services.uow import UnitOfWork

from invenio_compchem_processor.engines.base import (
    EngineRunNotFoundError,
    EngineUnavailableError,
    Phase,
    RunAlreadyExistsError,
    RunRejectedError,
    RunRequest,
)
from invenio_compchem_processor.engines.local import queueing
from invenio_compchem_processor.engines.local.queueing import QueueRunOp
from invenio_compchem_processor.engines.local.logs import StepLog, parse
from invenio_compchem_processor.engines.local.models import LocalRun

RECORD = "abcde-12345"


class RecordingUnitOfWork(UnitOfWork):
    """A real unit of work that keeps what it would queue instead of sending it.

    No worker listens in these tests; what the queue receives is what the
    operations of committed units of work carry.
    """

    def __init__(self, session, sent):
        """Constructor."""
        super().__init__(session)
        self.sent = sent

    def commit(self):
        """Commit, then record the runs the operations would send."""
        queued = [op for op in self._operations if isinstance(op, QueueRunOp)]
        self._operations = [op for op in self._operations if op not in queued]
        super().commit()
        self.sent.extend((op.name, op.attempt) for op in queued)


@pytest.fixture()
def sent():
    """What committed units of work would have put on the queue."""
    return []


@pytest.fixture()
def new_uow(database, sent):
    """A unit of work on the test's session."""
    return lambda: RecordingUnitOfWork(database.session, sent)


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


def test_submit_is_queued_on_commit_only(app, database, engine, sent, new_uow, cleanup):
    if database.engine.name == "sqlite":
        pytest.skip(
            "pysqlite commits on its own; rollbacks behave as on PostgreSQL only there."
        )
    uow = new_uow()
    engine.submit(_request(1), uow=uow)
    assert sent == []
    uow.rollback()
    assert sent == []
    with pytest.raises(EngineRunNotFoundError):
        engine.get_run(f"sleepy-{RECORD}-1")

    uow = new_uow()
    status = engine.submit(_request(1), uow=uow)
    assert status.phase == Phase.PENDING and status.sequence == 1
    uow.commit()
    assert sent == [(f"sleepy-{RECORD}-1", 1)]


def test_submit_without_a_unit_of_work_is_refused(app, engine):
    with pytest.raises(RunRejectedError):
        engine.submit(_request(1))


def test_a_taken_name_is_refused(app, database, engine, new_uow, cleanup):
    uow = new_uow()
    engine.submit(_request(1), uow=uow)
    uow.commit()
    with pytest.raises(RunAlreadyExistsError) as error:
        engine.submit(_request(1), uow=new_uow())
    assert error.value.status == 409
    database.session.commit()
    assert engine.max_sequence(RECORD, "sleepy") == 1
    assert engine.max_sequence(RECORD, "other") == 0


def test_listing_reading_stopping_a_pending_run(
    app, database, engine, sent, new_uow, cleanup
):
    uow = new_uow()
    for sequence in (1, 2):
        engine.submit(_request(sequence), uow=uow)
    uow.commit()
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
    uow = new_uow()
    retried = engine.retry(names[0], {"credential": "ccr_new"}, uow=uow)
    assert retried.phase == Phase.PENDING
    uow.commit()
    assert sent[-1] == (names[0], 2)

    engine.delete(names[1])
    database.session.commit()
    with pytest.raises(EngineRunNotFoundError):
        engine.get_run(names[1])


def test_watch_sends_changes(app, database, engine, new_uow, cleanup):
    engine.watch_interval = 0.05
    uow = new_uow()
    engine.submit(_request(1), uow=uow)
    uow.commit()
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


def test_a_run_no_worker_takes_says_it_waits(app, database, engine, new_uow, cleanup):
    uow = new_uow()
    engine.submit(_request(1), uow=uow)
    uow.commit()
    name = f"sleepy-{RECORD}-1"
    assert engine.get_run(name).message is None
    row = database.session.query(LocalRun).filter_by(name=name).one()
    assert row.heartbeat is not None  # while Pending: when it was queued
    row.created = row.created - timedelta(minutes=2)
    row.heartbeat = row.heartbeat - timedelta(minutes=2)
    database.session.commit()
    status = engine.get_run(name)
    assert status.phase == Phase.PENDING
    assert status.message.startswith("Waiting for a worker: none has taken the run")


def test_a_lost_message_is_sent_again_once(
    app, database, engine, new_uow, cleanup, local_queue
):
    broker = redis.Redis.from_url(app.config["BROKER_URL"])
    uow = new_uow()
    engine.submit(_request(1), uow=uow)
    uow.commit()  # recorded, not sent: as if the broker lost the message
    name = f"sleepy-{RECORD}-1"
    assert queueing.requeue_lost_runs(after=60) == []  # queued just now
    row = database.session.query(LocalRun).filter_by(name=name).one()
    row.heartbeat = row.heartbeat - timedelta(seconds=61)
    database.session.commit()
    try:
        assert queueing.requeue_lost_runs(after=60) == [name]
        assert broker.llen(local_queue) == 1
        status = engine.get_run(name)
        assert status.phase == Phase.PENDING
        assert status.message == queueing.REQUEUED.format(60)
        row = database.session.query(LocalRun).filter_by(name=name).one()
        row.heartbeat = row.heartbeat - timedelta(hours=1)
        database.session.commit()
        assert queueing.requeue_lost_runs(after=60) == []  # once only
        assert queueing.requeue_lost_runs(after=0) == []  # turned off
        assert broker.llen(local_queue) == 1
    finally:
        broker.delete(local_queue)


def test_availability_without_a_worker_says_why(app, engine):
    problem = engine.availability()
    assert problem and engine.queue in problem
    assert engine.availability() == problem  # cached: no second broker round trip
