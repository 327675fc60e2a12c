# SPDX-License-Identifier: MIT
"""Run credentials: short-lived, scoped to one run, stored only as a hash.

A credential works while it is the run's newest, before its deadline, before
any end of the run's context (a ``compchem_run_end`` row) and while the engine
says the run is unfinished. Verification in that order is in
:class:`..services.callbacks.RunCallbackService`.
"""

import hashlib
import logging
import re
import secrets
import threading
import time
from datetime import datetime, timedelta, timezone

from invenio_db import db
from sqlalchemy import func, select

from .models import CompchemRunCredential, CompchemRunEnd

TOKEN_PREFIX = "ccr_"


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue(run, ttl_seconds):
    """A new credential for ``run``; only its hash is kept.

    The raw value is returned once, to be handed to the engine at submit time.
    """
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    db.session.add(
        CompchemRunCredential(
            run_id=run.id,
            token_hash=_hash(token),
            expires_at=now + timedelta(seconds=ttl_seconds),
            created=now,
        )
    )
    db.session.flush()
    return token


def lookup(token):
    """The credential row of a raw token, or ``None``; compared by hash only."""
    if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX):
        return None
    return db.session.scalars(
        select(CompchemRunCredential).where(
            CompchemRunCredential.token_hash == _hash(token)
        )
    ).one_or_none()


def is_expired(credential):
    """Whether the credential's deadline has passed."""
    return credential.expires_at <= datetime.now(timezone.utc).replace(tzinfo=None)


def is_latest(credential):
    """Whether no newer credential was issued to the run: a retry supersedes."""
    newest = db.session.scalar(
        select(func.max(CompchemRunCredential.id)).where(
            CompchemRunCredential.run_id == credential.run_id
        )
    )
    return newest == credential.id


def end_of(credential):
    """The first end of the run's context since the credential was issued, or None.

    Stop, supersede, delete and the run's own ``end`` insert such a row; the
    row is the revocation, nothing is ever updated.
    """
    return db.session.scalars(
        select(CompchemRunEnd)
        .where(
            CompchemRunEnd.run_id == credential.run_id,
            CompchemRunEnd.created >= credential.created,
        )
        .order_by(CompchemRunEnd.id)
        .limit(1)
    ).one_or_none()


class PhaseCache:
    """A brief per-process memory of run phases, so each use need not ask the engine.

    Keyed by credential hash: a retry issues a new credential, so a phase
    cached for an earlier attempt never answers for the next one.
    """

    max_entries = 1024

    def __init__(self):
        """Constructor."""
        self._entries = {}
        self._lock = threading.Lock()

    def get(self, key, fetch, seconds):
        """The cached phase, or ``fetch()`` when older than ``seconds`` (0: always)."""
        if seconds <= 0:
            return fetch()
        now = time.monotonic()
        entry = self._entries.get(key)
        if entry is not None and entry[0] > now:
            return entry[1]
        phase = fetch()
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries = {k: v for k, v in self._entries.items() if v[0] > now}
            self._entries[key] = (now + seconds, phase)
        return phase

    def forget(self, key):
        """Drop a credential's entry (its run ended)."""
        self._entries.pop(key, None)

    def clear(self):
        """Forget everything."""
        with self._lock:
            self._entries = {}


phase_cache = PhaseCache()
"""The process's phase cache."""

_TOKEN_PATTERN = re.compile(re.escape(TOKEN_PREFIX) + r"[A-Za-z0-9_\-]+")


def redact(text):
    """``text`` with every run credential in it replaced by a placeholder."""
    return _TOKEN_PATTERN.sub(TOKEN_PREFIX + "[redacted]", text)


class RedactingFilter(logging.Filter):
    """Keeps raw credentials out of log records.

    Libraries that see the ``Authorization`` header log it at DEBUG
    (flask-oauthlib logs every bearer token it validates).
    """

    def filter(self, record):
        """Render the message once, redacted."""
        message = record.getMessage()
        if TOKEN_PREFIX in message:
            record.msg, record.args = redact(message), None
        return True


REDACTED_LOGGERS = ("flask_oauthlib", "oauthlib")
"""Loggers that may see a bearer token: they get a ``RedactingFilter``."""


def install_log_redaction():
    """Add a ``RedactingFilter`` to the loggers that see bearer tokens, once."""
    for name in REDACTED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())
