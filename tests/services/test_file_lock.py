# SPDX-License-Identifier: MIT
"""At most one active run per file, even under concurrent starts.

The starts commit for real on separate connections, so this module uses the
module-scoped database rather than the per-test savepoint.
"""

import threading

import pytest
from invenio_db import db

from invenio_compchem_processor.proxies import current_runs_service
from invenio_compchem_processor.services.errors import FileLockedError

KEY = "psi4-water_mp2.out"


def test_start_on_a_locked_file_names_the_blocking_run(
    app, database, users, draft_factory, fake_argo_server
):
    record_id = draft_factory([KEY])
    owner = users["owner"].identity
    with pytest.raises(FileLockedError) as error:
        current_runs_service.start(
            owner, record_id, {"workflow": "cclib-summary", "files": [KEY]}
        )
    assert error.value.blocking_runs == [f"cclib-summary-{record_id}-1"]


def test_twenty_concurrent_starts_exactly_one_wins(
    app, database, users, draft_factory, fake_argo_server
):
    if db.engine.name != "postgresql":
        pytest.skip("Concurrent starts need PostgreSQL's locks.")
    record_id = draft_factory([KEY])
    fake_argo_server.set_phase(f"cclib-summary-{record_id}-1", "Succeeded")
    owner = users["owner"].identity
    barrier = threading.Barrier(20)
    outcomes = []

    def start():
        with app.app_context():
            barrier.wait()
            try:
                run = current_runs_service.start(
                    owner, record_id, {"workflow": "cclib-summary", "files": [KEY]}
                ).to_dict()
                outcomes.append(("started", run["name"]))
            except FileLockedError as error:
                outcomes.append(("locked", tuple(error.blocking_runs)))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=start) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    winner = f"cclib-summary-{record_id}-2"
    assert len(outcomes) == 20
    assert [o for o in outcomes if o[0] == "started"] == [("started", winner)]
    assert {o for o in outcomes if o[0] == "locked"} == {("locked", (winner,))}
    runs = current_runs_service.search(owner, record_id).to_dict()["hits"]
    assert runs["total"] == 2
