# SPDX-License-Identifier: MIT
"""The record lock: one change of a record's runs or results at a time.

A PostgreSQL advisory lock held until the transaction ends, with a timeout;
on other databases (the SQLite fallback) there is nothing to lock.
"""

import zlib

from flask import current_app
from invenio_db import db
from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError

from .errors import RecordBusyError


def _lock_key(record_id):
    return zlib.crc32(f"compchem:{record_id}".encode())


def lock_record(record_id, holder):
    """Serialise changes of one record's runs and results until the transaction ends.

    The decision "no active run holds these files" and the insert of the new
    run, or the check "the draft still holds the run's input" and the commit
    of a result, must not interleave with another on the same record.
    Waits at most ``COMPCHEM_PROCESSOR_LOCK_TIMEOUT`` seconds, then raises
    ``RecordBusyError`` naming ``holder`` of whoever has it (a short text,
    shown as PostgreSQL's ``application_name`` of the holding connection).
    """
    if db.engine.dialect.name != "postgresql":
        return
    key = _lock_key(record_id)
    timeout_ms = int(current_app.config["COMPCHEM_PROCESSOR_LOCK_TIMEOUT"] * 1000)
    try:
        with db.session.begin_nested():
            db.session.execute(text(f"SET LOCAL lock_timeout = {timeout_ms}"))
            db.session.execute(select(func.pg_advisory_xact_lock(key)))
    except OperationalError:
        raise RecordBusyError(record_id, _lock_holder(key))
    db.session.execute(text("SET LOCAL lock_timeout = DEFAULT"))
    db.session.execute(
        select(func.set_config("application_name", holder[:63], True))
    )


def _lock_holder(key):
    """What the connection holding a record's lock says it is doing."""
    return db.session.scalar(
        text(
            "SELECT a.application_name FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted "
            "AND l.classid = 0 AND l.objid = :key LIMIT 1"
        ),
        {"key": key},
    )
