# SPDX-License-Identifier: MIT
"""A callback's cost does not grow with the draft: SQL statements per request.

Each callback of one run is sent through the Flask test client with the run's
credential, on drafts of 10, 100 and 1,000 files, and the statements sent to
PostgreSQL during that request are counted. The other files of the draft are
added in bulk through RDM's record API (one commit), which is what they are
to the callbacks: committed files of the draft.

Print the counts with ``pytest tests/services/callbacks/test_callback_cost.py -s``.
Each count must also stay within its ceiling (``CEILINGS``): the figures of
``docs/callbacks.rst`` with a little room, so that work added to a callback
(a task run inline, a reload of the draft) fails here.
"""

import io
import json
from contextlib import contextmanager

import pytest
from invenio_db import db as invenio_db
from invenio_files_rest.models import ObjectVersion
from sqlalchemy import event

from tests.support.drafts import SAMPLES
from invenio_compchem_processor.processors.cclib_summary import read_output
from invenio_compchem_processor.run_client import _multipart
from invenio_compchem_processor.services.drafts import resolve_draft

KEY = "gaussian16-water_mp2.log"
API = "/compchem/run"
SIZES = (10, 100, 1000)
CEILINGS = {
    "read-input": 18,
    "progress": 11,
    "first result PUT": 80,
    "next result PUT": 66,
    "results batch": 185,
    "end": 25,
}
"""Most SQL statements each callback may send."""


def bearer(token, **headers):
    return {"Authorization": f"Bearer {token}", **headers}


@contextmanager
def counting():
    """The SQL statements sent to the database while the block runs."""
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = invenio_db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def add_files(record_id, count):
    """``count`` tiny committed files in the draft, in one record commit."""
    draft = resolve_draft(record_id)
    for n in range(count):
        key = f"extra-{n:04d}.txt"
        version = ObjectVersion.create(
            draft.bucket, key, stream=io.BytesIO(f"file {n}\n".encode())
        )
        draft.files.create(key, obj=version)
    draft.commit()
    invenio_db.session.commit()


def callbacks(client, token):
    """One request of each callback a run sends, with its SQL statement count."""
    summary, _ = read_output(SAMPLES / KEY)
    processor = {
        "X-Compchem-Processor": "cclib-summary",
        "X-Compchem-Processor-Version": "0.1.0",
    }
    # Both results again, the metadata and the last progress report: one request.
    batch, batch_type = _multipart(
        [(f"{KEY}.summary.json", json.dumps(summary).encode()), (f"{KEY}.xyz", b"3\n")],
        summary,
        {"message": "1 of 1 file(s) processed", "progress": {"done": 1, "total": 1}},
    )
    requests = {
        "read-input": lambda: client.get(
            f"{API}/files/{KEY}/content", headers=bearer(token)
        ),
        "progress": lambda: client.post(
            f"{API}/progress",
            json={"message": "parsing", "progress": {"done": 1, "total": 2}},
            headers=bearer(token),
        ),
        "first result PUT": lambda: client.put(
            f"{API}/results/{KEY}/{KEY}.summary.json",
            data=json.dumps(summary).encode(),
            headers=bearer(token, **processor),
            content_type="application/octet-stream",
        ),
        "next result PUT": lambda: client.put(
            f"{API}/results/{KEY}/{KEY}.xyz",
            data=b"3\nwater\n",
            headers=bearer(token, **processor),
            content_type="application/octet-stream",
        ),
        "results batch": lambda: client.post(
            f"{API}/results/{KEY}",
            data=batch,
            headers=bearer(token, **processor),
            content_type=batch_type,
        ),
        "end": lambda: client.post(f"{API}/end", headers=bearer(token)),
    }
    # One unmeasured read first: per-process caches filled once (not per
    # draft) would otherwise count against whichever draft came first.
    assert requests["read-input"]().status_code == 200
    counts = {}
    for name, send in requests.items():
        with counting() as statements:
            res = send()
        assert res.status_code in (200, 201), (name, res.status_code, res.json)
        counts[name] = len(statements)
    return counts


def test_sql_statements_per_callback_do_not_grow_with_the_draft(
    app, db, draft_factory, fake_argo_server, no_phase_cache
):
    client = app.test_client()
    measured = {}
    for size in SIZES:
        record_id = draft_factory([KEY])
        add_files(record_id, size - 1)
        draft = resolve_draft(record_id)
        assert len(draft.files.entries) == size
        name = f"cclib-summary-{record_id}-1"
        fake_argo_server.set_phase(name, "Running")
        token = fake_argo_server.parameter(name, "credential")
        measured[size] = callbacks(client, token)

    print()
    print(f"{'callback':<18}" + "".join(f"{size:>8} files" for size in SIZES))
    for callback in measured[SIZES[0]]:
        row = "".join(f"{measured[size][callback]:>14}" for size in SIZES)
        print(f"{callback:<18}{row}")
    for size in SIZES[1:]:
        assert measured[size] == measured[SIZES[0]], measured
    assert all(count > 0 for count in measured[SIZES[0]].values())
    over = {k: v for k, v in measured[SIZES[0]].items() if v > CEILINGS[k]}
    assert not over, f"over their ceilings {CEILINGS}: {over}"
