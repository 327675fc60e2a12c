# SPDX-License-Identifier: MIT
"""A batch that must wait is looked at again later, by a worker, never inline.

A look that has to wait queues one later look with a countdown. Eager Celery
would run that look at once, inside the one that queued it, so there it makes
none: one run end is one look, whatever the task class Celery gave the task.
"""

from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import pytest
from celery.signals import before_task_publish
from tests.support.celery_state import point_celery_at
from tests.support.run_endings import end, run_names
from tests.support.task_signals import tasks_that_run

from invenio_compchem_processor.notifications.tasks import (
    ENGINE_ATTEMPTS,
    notify_run_ended,
)

KEYS = ["nwchem7-water_mp2.out"]
TASK = notify_run_ended.name


@pytest.fixture()
def looks():
    """Names of the tasks that ran meanwhile, eagerly or not."""
    with tasks_that_run() as names:
        yield names


@pytest.fixture()
def broker(app):
    """Celery as a deployment runs it, for a block: tasks go to a broker.

    Kombu's in-memory transport is the broker; what is published is recorded
    with its headers (``eta`` carries a countdown).
    """
    celery = app.extensions["flask-celeryext"].celery

    @contextmanager
    def sending():
        saved = celery.conf.task_always_eager, celery.conf.broker_url
        celery.conf.task_always_eager, celery.conf.broker_url = False, "memory://"
        point_celery_at(app)
        published = []

        def record(sender=None, headers=None, body=None, **kwargs):
            published.append((sender, headers, body))

        before_task_publish.connect(record)
        try:
            yield published
        finally:
            before_task_publish.disconnect(record)
            celery.conf.task_always_eager, celery.conf.broker_url = saved
            point_celery_at(app)

    return sending


def test_an_eager_run_end_looks_once_even_when_the_batch_must_wait(
    app, users, draft_factory, fake_argo_server, run_client, outbox, looks
):
    record_id = draft_factory(KEYS, share=False)
    (name,) = run_names(record_id)
    # The context is closed while the engine still says Running: settle.
    end(run_client, fake_argo_server, name, "Running")
    assert looks.count(TASK) == 1
    notify_run_ended.delay(name)
    assert looks.count(TASK) == 2
    assert outbox == []


def test_a_batch_that_must_wait_is_looked_at_again_after_a_countdown(
    app, users, draft_factory, fake_argo_server, run_client, outbox, looks, broker
):
    record_id = draft_factory(KEYS, share=False)
    (name,) = run_names(record_id)
    fake_argo_server.set_phase(name, "Running")
    token = fake_argo_server.parameter(name, "credential")
    with broker() as published:
        res = run_client.post(
            "/compchem/run/end",
            json={"phase": "Succeeded"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert res.status_code == 200, res.json
        # The end queued the look; the request did not run it.
        assert [sender for sender, _, _ in published] == [TASK]
        assert looks.count(TASK) == 0

        # The worker's look: the engine has not given the final phase yet.
        before = datetime.now(timezone.utc)
        notify_run_ended.apply((name,))
        assert looks.count(TASK) == 1
        assert [sender for sender, _, _ in published] == [TASK, TASK]
        _, headers, body = published[-1]
    eta = datetime.fromisoformat(headers["eta"])
    assert before + timedelta(seconds=4) < eta < before + timedelta(seconds=10)
    assert list(body[0]) == [name]
    assert outbox == []


def test_a_look_the_engine_cannot_answer_is_tried_again_a_minute_later(
    app, users, draft_factory, fake_argo_server, run_client, outbox, broker
):
    record_id = draft_factory(KEYS, share=False)
    (name,) = run_names(record_id)
    end(run_client, fake_argo_server, name, "Succeeded")
    fake_argo_server.inject(503, count=1000)
    with broker() as published:
        before = datetime.now(timezone.utc)
        notify_run_ended.apply((name,))
        notify_run_ended.apply((name,), {"engine_attempt": ENGINE_ATTEMPTS - 1})
    # The first look asks for the next; the last allowed one asks for none.
    assert [sender for sender, _, _ in published] == [TASK]
    _, headers, body = published[0]
    eta = datetime.fromisoformat(headers["eta"])
    assert before + timedelta(seconds=55) < eta < before + timedelta(seconds=70)
    assert body[1] == {"engine_attempt": 1}
    assert outbox == []
