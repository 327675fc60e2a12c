# SPDX-License-Identifier: MIT
"""Run credentials: short-lived, scoped to one run, stored only as a hash."""

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from invenio_db import db

from .models import CompchemRunCredential

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
