# SPDX-License-Identifier: MIT
"""SQL statements a request sends, and drafts made large cheaply to count them on."""

import io
from contextlib import contextmanager

from invenio_db import db as invenio_db
from invenio_files_rest.models import ObjectVersion
from sqlalchemy import event

from invenio_compchem_processor.services.drafts import resolve_draft


@contextmanager
def counting():
    """``(statement, rows)`` of each SQL statement sent while the block runs.

    ``rows``: what the statement returned (a SELECT) or changed.
    """
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, max(cursor.rowcount, 0)))

    engine = invenio_db.engine
    event.listen(engine, "after_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "after_cursor_execute", count)


def _create(files, bucket, key):
    version = ObjectVersion.create(bucket, key, stream=io.BytesIO(key.encode()))
    files.create(key, obj=version)


def add_files(record_id, count, media):
    """``count`` tiny committed files and ``media`` media files in the draft.

    In one record commit; media files are on, as once a first result came.
    """
    draft = resolve_draft(record_id)
    for n in range(count):
        _create(draft.files, draft.bucket, f"extra-{n:04d}.txt")
    draft.media_files.enabled = True
    if draft.media_files.bucket is None:
        draft.media_files.create_bucket()
    for n in range(media):
        _create(draft.media_files, draft.media_bucket, f"earlier-{n:04d}.json")
    draft.commit()
    invenio_db.session.commit()
