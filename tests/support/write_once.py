# SPDX-License-Identifier: MIT
"""The write-once guarantee, watched during the whole suite.

Any UPDATE or DELETE on a write-once table fails the statement, whoever sends it.
"""

from sqlalchemy import event
from sqlalchemy.engine import Engine

from invenio_compchem_processor.models import WRITE_ONCE_TABLES


class WriteOnceViolation(AssertionError):
    """An UPDATE or DELETE touched a write-once table."""


@event.listens_for(Engine, "before_cursor_execute")
def _refuse_rewrites(conn, cursor, statement, parameters, context, executemany):
    head = statement.lstrip().split(None, 3)
    if not head:
        return
    verb = head[0].upper()
    if verb == "UPDATE" and len(head) > 1:
        table = head[1].strip('"')
    elif verb == "DELETE" and len(head) > 2:
        table = head[2].strip('"')
    else:
        return
    if table in WRITE_ONCE_TABLES:
        raise WriteOnceViolation(f"{verb} on write-once table {table}: {statement}")
