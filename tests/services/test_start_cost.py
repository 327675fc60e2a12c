# SPDX-License-Identifier: MIT
"""Starting a run costs the same on a draft of 10 files as on one of 300.

A manual start, a resubmit and the list of workflows a draft's files allow
(the panel's "Process files" dialog) read the draft's files in one query:
RDM's files manager would load each file's object version and file instance
one by one, about three statements per file of the draft. Same for the
upload task's look-up of the uploaded file.
"""

import gc

from invenio_db import db as invenio_db

from tests.support.drafts import post
from tests.support.sql_count import add_files, counting
from invenio_compchem_processor.services.drafts import committed_files, resolve_draft

KEY = "psi4-water_mp2.out"
SIZES = (10, 300)


def _statements(send):
    invenio_db.session.expunge_all()
    gc.collect()
    with counting() as statements:
        res = send()
    assert res.status_code in (200, 201), res.json
    return len(statements)


def test_start_resubmit_and_workflows_do_not_grow_with_the_draft(
    app, db, owner_client, draft_factory, fake_argo_server
):
    counts = {}
    for size in SIZES:
        record_id = draft_factory([KEY])
        add_files(record_id, size - 1, 0)
        base = f"/records/{record_id}/draft/compchem"
        fake_argo_server.set_phase(f"cclib-summary-{record_id}-1", "Succeeded")
        # Unmeasured: per-process caches filled once would count against
        # whichever draft came first.
        assert owner_client.get(f"{base}/workflows").status_code == 200
        counts[size] = {
            "workflows": _statements(lambda: owner_client.get(f"{base}/workflows")),
            "start": _statements(
                lambda: post(
                    owner_client,
                    f"{base}/runs",
                    {"workflow": "cclib-summary", "files": [KEY]},
                )
            ),
        }
        fake_argo_server.set_phase(f"cclib-summary-{record_id}-2", "Succeeded")
        counts[size]["resubmit"] = _statements(
            lambda: post(
                owner_client, f"{base}/runs/cclib-summary-{record_id}-2/actions/resubmit"
            )
        )
    assert counts[SIZES[0]] == counts[SIZES[-1]], counts


def test_committed_files_of_some_keys_are_those_of_all(app, db, draft_factory):
    record_id = draft_factory([KEY])
    add_files(record_id, 4, 0)
    draft = resolve_draft(record_id)
    every = committed_files(draft)
    assert len(every) == 5 and every[KEY].size > 0 and every[KEY].checksum
    some = committed_files(draft, [KEY, "extra-0002.txt", "not-there.txt"])
    assert some == {k: every[k] for k in (KEY, "extra-0002.txt")}
