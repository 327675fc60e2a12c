# SPDX-License-Identifier: MIT
"""The local engine's queue length on the admin health page, from real brokers."""

import time
import uuid

import pytest
from kombu import Connection

from invenio_compchem_processor.services.admin.health import queue_length

BROKERS = {
    "redis": "redis://127.0.0.1:6379/14",
    "rabbitmq": "amqp://guest:guest@127.0.0.1:5672//",
}


def _settled(connection, queue, expected, timeout=5):
    """The length once the broker has routed what was sent (publishing is async)."""
    deadline = time.monotonic() + timeout
    while (length := queue_length(connection, queue)) != expected:
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    return length


@pytest.mark.parametrize("broker", sorted(BROKERS))
def test_queue_length_counts_waiting_messages_and_an_unknown_queue_as_empty(broker):
    queue = f"compchem-health-{uuid.uuid4().hex[:8]}"
    with Connection(BROKERS[broker], connect_timeout=3) as connection:
        assert queue_length(connection, queue) == 0
        waiting = connection.SimpleQueue(queue)
        try:
            waiting.put({"run": "a"})
            waiting.put({"run": "b"})
            assert _settled(connection, queue, 2) == 2
            waiting.get(timeout=5).ack()
            waiting.get(timeout=5).ack()
            assert _settled(connection, queue, 0) == 0
        finally:
            waiting.close()
            with connection.channel() as channel:
                channel.queue_delete(queue)
