# SPDX-License-Identifier: MIT
"""Live events of a draft's runs, for the people who may read the draft.

A client asks, with its session or token, for a stream URL: signed,
short-lived and bound to one record and one user. The stream re-checks the
user's read permission when it opens and every
``COMPCHEM_PROCESSOR_EVENTS_RECHECK`` seconds, and closes when access is
lost or the draft is published or deleted.
"""

import json
import time
import uuid

from flask import current_app
from invenio_access.utils import get_identity
from invenio_accounts.models import User
from invenio_db import db
from invenio_records_resources.services.base import Service
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from ..drafts import resolve_draft
from ..errors import (
    DraftNotFoundError,
    QuotaExceededError,
    StreamURLExpiredError,
    StreamURLForbiddenError,
    StreamURLInvalidError,
)
from ... import event_bus as bus

SALT = "compchem-run-events"


class OpenStreams:
    """A user's open streams, counted in Redis across web processes.

    Each stream refreshes its entry while it runs; one that died without
    saying so stops counting once it is stale.
    """

    def __init__(self, user_id, stale_after):
        """Constructor."""
        self.key = f"compchem:open-streams:{user_id}"
        self.member = uuid.uuid4().hex
        self.stale_after = stale_after

    def add(self):
        """Count this stream unless the user is at the limit; whether it was."""
        limit = current_app.config["COMPCHEM_PROCESSOR_EVENTS_MAX_STREAMS_PER_USER"]
        redis = bus.client()
        now = time.time()
        redis.zremrangebyscore(self.key, 0, now - self.stale_after)
        if redis.zcard(self.key) >= limit:
            return False
        self.refresh()
        return True

    def refresh(self):
        """This stream is still open."""
        redis = bus.client()
        redis.zadd(self.key, {self.member: time.time()})
        redis.expire(self.key, int(self.stale_after) + 1)

    def remove(self):
        """This stream closed."""
        bus.client().zrem(self.key, self.member)


class RunEventsService(Service):
    """Stream URLs and the streams they open."""

    @property
    def _serializer(self):
        return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)

    def _setting(self, name):
        return current_app.config[f"COMPCHEM_PROCESSOR_EVENTS_{name}"]

    def stream_token(self, identity, record_id):
        """A signed token for the record's stream, for this user only."""
        draft = resolve_draft(record_id)
        self.require_permission(identity, "read", draft=draft)
        user_id = getattr(identity, "id", None)
        if not isinstance(user_id, int):
            raise StreamURLForbiddenError()
        token = self._serializer.dumps({"record": record_id, "user": user_id})
        return token, self._setting("URL_TTL")

    def _identity(self, record_id, token):
        """Who the token stands for, if it is valid for this record."""
        try:
            data = self._serializer.loads(token, max_age=self._setting("URL_TTL"))
        except SignatureExpired:
            raise StreamURLExpiredError()
        except BadSignature:
            raise StreamURLInvalidError()
        if data.get("record") != record_id:
            raise StreamURLForbiddenError()
        user = db.session.get(User, data.get("user"))
        if user is None or not user.active:
            raise StreamURLForbiddenError()
        return user.id, get_identity(user)

    def _may_read(self, identity, record_id):
        try:
            draft = resolve_draft(record_id)
        except DraftNotFoundError:
            return False
        return self.check_permission(identity, "read", draft=draft)

    def open_stream(self, record_id, token, last_event_id=None):
        """The record's events as Server-Sent Events lines, for a valid token."""
        user_id, identity = self._identity(record_id, token)
        if not self._may_read(identity, record_id):
            raise StreamURLForbiddenError()
        streams = OpenStreams(user_id, self._stale_after())
        if not streams.add():
            raise QuotaExceededError(
                "Too many open event streams; close one first.", retry_after=15
            )
        after = last_event_id or bus.last_id(record_id)
        db.session.close()  # no connection held while the stream is open
        return self._events(record_id, identity, after, streams)

    def _stale_after(self):
        """Seconds after which a stream that stopped refreshing no longer counts."""
        return 3 * min(self._setting("HEARTBEAT"), self._setting("RECHECK")) + 5

    def _events(self, record_id, identity, after, streams):
        heartbeat = self._setting("HEARTBEAT")
        recheck = self._setting("RECHECK")
        deadline = time.monotonic() + self._setting("STREAM_MAX_SECONDS")
        checked = time.monotonic()
        try:
            yield f"retry: {int(self._setting('RETRY_MS'))}\n\n"
            while time.monotonic() < deadline:
                streams.refresh()
                events = bus.read(record_id, after, int(min(heartbeat, recheck) * 1000))
                for event_id, event in events:
                    after = event_id
                    yield (
                        f"id: {event_id}\nevent: {event['type']}\n"
                        f"data: {json.dumps(event)}\n\n"
                    )
                if not events:
                    yield ": heartbeat\n\n"
                if time.monotonic() - checked >= recheck:
                    checked = time.monotonic()
                    allowed = self._may_read(identity, record_id)
                    db.session.close()
                    if not allowed:
                        yield "event: closed\ndata: {\"reason\": \"access\"}\n\n"
                        return
            yield "event: closed\ndata: {\"reason\": \"reconnect\"}\n\n"
        finally:
            streams.remove()
