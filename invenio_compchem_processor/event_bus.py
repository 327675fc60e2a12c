# SPDX-License-Identifier: MIT
"""The event bus: one Redis stream per record, kept for a few minutes.

Any process (web, Celery worker, the Argo watcher) publishes; any web
process reads. A stream keeps its last ``COMPCHEM_PROCESSOR_EVENTS_MAXLEN``
events for ``COMPCHEM_PROCESSOR_EVENTS_TTL`` seconds after the last one, so
a client that reconnects with ``Last-Event-ID`` resumes without a gap.
Publishing never fails the caller: an unreachable Redis is logged.
"""

import json
from datetime import datetime, timezone

import redis
from flask import current_app

EVENT_TYPES = (
    "run.created",
    "run.phase",
    "run.progress",
    "run.step",
    "run.ended",
    "run.stopped",
    "run.superseded",
    "run.unchanged",
)
"""What can happen to a run, as the ``event:`` field of the stream."""

_clients = {}

MAX_CONNECTIONS = 10000
"""Connections a process may open: one per open stream while it waits, plus a few."""


def _url():
    config = current_app.config
    return config["COMPCHEM_PROCESSOR_EVENTS_REDIS_URL"] or config.get(
        "CACHE_REDIS_URL", "redis://localhost:6379/0"
    )


def client(blocking=False):
    """A Redis client for the configured URL, one per process, URL and kind.

    Short calls time out after 5 s; the blocking client (for reads that wait
    for events) relies on the read's own ``block`` and never times out first.
    """
    url = _url()
    if (url, blocking) not in _clients:
        _clients[(url, blocking)] = redis.Redis.from_url(
            url,
            socket_timeout=None if blocking else 5,
            socket_connect_timeout=2,
            decode_responses=True,
            max_connections=MAX_CONNECTIONS,
        )
    return _clients[(url, blocking)]


def stream_key(record_id):
    """The Redis key of a record's events."""
    return f"compchem:events:{record_id}"


def publish(record_id, type_, run, **fields):
    """Add an event about ``run`` (a name) to the record's stream; its id or None."""
    if type_ not in EVENT_TYPES:
        raise ValueError(f"Unknown event type {type_!r}.")
    event = {
        "type": type_,
        "run": run,
        "record_id": record_id,
        "at": datetime.now(timezone.utc).isoformat(),
        **fields,
    }
    config = current_app.config
    key = stream_key(record_id)
    try:
        pipe = client().pipeline()
        pipe.xadd(
            key,
            {"event": json.dumps(event)},
            maxlen=config["COMPCHEM_PROCESSOR_EVENTS_MAXLEN"],
            approximate=True,
        )
        pipe.expire(key, config["COMPCHEM_PROCESSOR_EVENTS_TTL"])
        event_id, _ = pipe.execute()
    except redis.RedisError as error:
        current_app.logger.warning("Event %s of %s not published: %s", type_, run, error)
        return None
    return event_id


def read(record_id, after, block_ms):
    """Events of a record after ``after`` (an event id, or ``$`` for new ones only).

    Waits up to ``block_ms`` for the first; ``[(id, event), ...]``.
    """
    answer = client(blocking=True).xread(
        {stream_key(record_id): after}, block=block_ms, count=100
    )
    events = []
    for _, entries in answer or ():
        for event_id, data in entries:
            events.append((event_id, json.loads(data["event"])))
    return events


def last_id(record_id):
    """The id of the record's newest event, or ``0-0``."""
    entries = client().xrevrange(stream_key(record_id), count=1)
    return entries[0][0] if entries else "0-0"
