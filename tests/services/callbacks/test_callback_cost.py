# SPDX-License-Identifier: MIT
"""A callback's cost does not grow with the draft: SQL statements and rows per request.

Each callback of one run is sent through the Flask test client with the run's
credential, on drafts of 10, 100 and 1,000 files (and as many media files,
other runs' results), and the statements sent to PostgreSQL during that
request are counted with the rows they returned or changed: a statement that
loads every file of the draft is one statement but 1,000 rows. The other files
are added in bulk through RDM's record API (one commit), which is what they
are to the callbacks: committed files of the draft.

Print the counts and times with
``pytest tests/services/callbacks/test_callback_cost.py -s``.
Each count must also stay within its ceiling (``CEILINGS``): the figures of
``docs/callbacks.rst`` with a little room, so that work added to a callback
(a task run inline, a reload of the draft) fails here.
"""

import gc
import json
import time

from invenio_db import db as invenio_db

from tests.support.drafts import SAMPLES
from tests.support.sql_count import add_files, counting
from invenio_compchem_processor.processors.cclib_summary import read_output
from invenio_compchem_processor.run_client import _multipart
from invenio_compchem_processor.services.drafts import resolve_draft

KEY = "gaussian16-water_mp2.log"
API = "/compchem/run"
SIZES = (10, 100, 1000)
CEILINGS = {
    "read-input": 22,
    "progress": 11,
    "first result PUT": 62,
    "next result PUT": 62,
    "results batch": 165,
    "end": 25,
}
"""Most SQL statements each callback may send."""


def bearer(token, **headers):
    return {"Authorization": f"Bearer {token}", **headers}


def file_counts(record_id):
    """Files and media files of the draft."""
    draft = resolve_draft(record_id)
    return len(draft.files.entries), len(draft.media_files.entries)


def callbacks(client, token):
    """One request of each callback a run sends: SQL statements, rows, seconds."""
    summary, _ = read_output(SAMPLES / KEY)
    processor = {
        "X-Compchem-Processor": "cclib-summary",
        "X-Compchem-Processor-Version": "0.1.0",
    }
    # Both results again, the metadata and the last progress report: one request.
    batch, batch_type = _multipart(
        [(f"{KEY}.summary.json", json.dumps(summary).encode()), (f"{KEY}.xyz", b"3\n")],
        summary,
        {"message": "1 of 1 file processed", "progress": {"done": 1, "total": 1}},
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
        # The test client's requests share the test's session; a server's
        # request starts with an empty one, whatever was loaded before.
        invenio_db.session.expunge_all()
        gc.collect()
        with counting() as statements:
            started = time.perf_counter()
            res = send()
            seconds = time.perf_counter() - started
        assert res.status_code in (200, 201), (name, res.status_code, res.json)
        counts[name] = (len(statements), sum(rows for _, rows in statements), seconds)
    return counts


def test_sql_statements_per_callback_do_not_grow_with_the_draft(
    app, db, draft_factory, fake_argo_server, no_phase_cache, monkeypatch
):
    # RDM refuses results past its media files limit (100 by default).
    monkeypatch.setitem(app.config, "RDM_RECORDS_MAX_MEDIA_FILES_COUNT", 4 * SIZES[-1])
    client = app.test_client()
    measured = {}
    for size in SIZES:
        record_id = draft_factory([KEY])
        add_files(record_id, size - 1, size)
        assert file_counts(record_id) == (size, size)
        name = f"cclib-summary-{record_id}-1"
        fake_argo_server.set_phase(name, "Running")
        token = fake_argo_server.parameter(name, "credential")
        measured[size] = callbacks(client, token)

    print("\nSQL statements / rows / ms per callback, by files (and media files)")
    print(f"{'callback':<18}" + "".join(f"{size:>8} files" for size in SIZES))
    for callback in measured[SIZES[0]]:
        row = "".join(
            "{:>6} /{:>4} /{:>4.0f}".format(
                *measured[size][callback][:2], measured[size][callback][2] * 1000
            )
            for size in SIZES
        )
        print(f"{callback:<18}{row}")
    counts = {
        size: {name: figures[:2] for name, figures in measured[size].items()}
        for size in SIZES
    }
    for size in SIZES[1:]:
        assert counts[size] == counts[SIZES[0]], counts
    assert all(count > 0 for count, _ in counts[SIZES[0]].values())
    over = {k: v for k, (v, _) in counts[SIZES[0]].items() if v > CEILINGS[k]}
    assert not over, f"over their ceilings {CEILINGS}: {over}"
