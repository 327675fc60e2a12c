# SPDX-License-Identifier: MIT
"""SQL statements a request sends, and drafts made large cheaply to count them on."""

import hashlib
import threading
import uuid
from contextlib import contextmanager

from invenio_db import db as invenio_db
from invenio_files_rest.models import FileInstance, ObjectVersion
from sqlalchemy import event

from invenio_compchem_processor.services.drafts import resolve_draft


@contextmanager
def counting():
    """``(statement, rows)`` of each SQL statement this thread sends while
    the block runs (a test client's request runs in it).

    ``rows``: what the statement returned (a SELECT) or changed. Statements
    of other threads (a watcher or pool left by an earlier test) do not
    count: in the full suite they had added a few to one draft's figures.
    """
    statements = []
    thread = threading.get_ident()

    def count(conn, cursor, statement, parameters, context, executemany):
        if threading.get_ident() == thread:
            statements.append((statement, max(cursor.rowcount, 0)))

    engine = invenio_db.engine
    event.listen(engine, "after_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "after_cursor_execute", count)


def _rows(model_cls, record_id, bucket, keys):
    """File instances, object versions and file records of ``keys``, unsaved.

    As RDM's files manager would make them (a readable file instance, a head
    object version, a file record pointing at it), without its flush and
    savepoint per file, which grow with the session: 1,000 files took over a
    minute that way. Their contents are never read.
    """
    rows = []
    for key in keys:
        content = key.encode()
        instance = FileInstance(
            id=uuid.uuid4(),
            uri=f"/nonexistent/compchem-tests/{uuid.uuid4()}",
            storage_class="S",
            size=len(content),
            checksum="md5:" + hashlib.md5(content).hexdigest(),
            readable=True,
            writable=False,
        )
        version = ObjectVersion(
            version_id=uuid.uuid4(),
            bucket_id=bucket.id,
            key=key,
            file_id=instance.id,
            is_head=True,
        )
        record = model_cls(
            id=uuid.uuid4(),
            json={},
            key=key,
            record_id=record_id,
            object_version_id=version.version_id,
        )
        rows += [instance, version, record]
    return rows


def add_files(record_id, count, media):
    """``count`` tiny committed files and ``media`` media files in the draft.

    In one flush and one record commit; media files are on, as once a first
    result came.
    """
    draft = resolve_draft(record_id)
    draft.media_files.enabled = True
    if draft.media_files.bucket is None:
        draft.media_files.create_bucket()
    draft_cls = type(draft)
    rows = _rows(
        draft_cls.files.file_cls.model_cls,
        draft.id,
        draft.bucket,
        [f"extra-{n:04d}.txt" for n in range(count)],
    ) + _rows(
        draft_cls.media_files.file_cls.model_cls,
        draft.id,
        draft.media_bucket,
        [f"earlier-{n:04d}.json" for n in range(media)],
    )
    invenio_db.session.add_all(rows)
    invenio_db.session.flush()
    draft.commit()
    invenio_db.session.commit()
