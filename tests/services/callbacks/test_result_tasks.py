# SPDX-License-Identifier: MIT
"""A result a run writes queues no work that is pointless for it.

RDM queues ``extract_file_metadata`` for every committed file; its
processors read images and ZIP archives. A depositor's upload still gets it,
a run's result does not, in either results target. The tasks that ran are
told by Celery's own ``task_prerun`` signal (Celery is eager in the tests).
"""

import json

import pytest
from invenio_access.permissions import system_identity

from invenio_compchem_processor.processors.cclib_summary import read_output
from invenio_compchem_processor.services.callbacks.file_service import files_service
from invenio_compchem_processor.services.drafts import RESULT_MARKER
from tests.support.drafts import SAMPLES
from tests.support.task_signals import tasks_that_run

KEY = "gaussian16-water_mp2.log"
API = "/compchem/run"
EXTRACT = "invenio_records_resources.tasks.extract_file_metadata"
PROCESS = "invenio_compchem_processor.tasks.process_committed_file"


@pytest.fixture()
def tasks_run():
    """Names of the Celery tasks that ran meanwhile."""
    with tasks_that_run() as names:
        yield names


@pytest.mark.parametrize("target", ["media", "files"])
def test_results_queue_no_metadata_extraction_uploads_still_do(
    app, db, draft_factory, fake_argo_server, tasks_run, monkeypatch, target
):
    monkeypatch.setitem(app.config, "COMPCHEM_PROCESSOR_RESULTS_TARGET", target)
    record_id = draft_factory([KEY])
    # The depositor's upload: RDM's extraction, and the upload hook's task.
    assert EXTRACT in tasks_run and PROCESS in tasks_run
    del tasks_run[:]

    name = f"cclib-summary-{record_id}-1"
    fake_argo_server.set_phase(name, "Running")
    token = fake_argo_server.parameter(name, "credential")
    summary, _ = read_output(SAMPLES / KEY)
    res = app.test_client().put(
        f"{API}/results/{KEY}/{KEY}.summary.json",
        data=json.dumps(summary).encode(),
        headers={"Authorization": f"Bearer {token}"},
        content_type="application/octet-stream",
    )
    assert res.status_code == 201, res.json
    assert res.json["target"] == target
    assert EXTRACT not in tasks_run
    assert PROCESS not in tasks_run

    # The result is committed as any file of the draft, with its provenance.
    entry = (
        files_service(target)
        .read_file_metadata(system_identity, record_id, f"{KEY}.summary.json")
        .to_dict()
    )
    assert entry["status"] == "completed"
    assert entry["metadata"][RESULT_MARKER]["run"] == name
