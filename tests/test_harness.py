# SPDX-License-Identifier: MIT
"""The harness itself: RDM's draft file service, the write-once guard."""

import pytest
from invenio_db import db as _db
from invenio_rdm_records.proxies import current_rdm_records_service
from sqlalchemy import text

from tests.support.drafts import SAMPLES, upload
from tests.support.write_once import WriteOnceViolation
from invenio_compchem_processor.models import CompchemRun


def test_upload_sample_and_read_back(app, db, users, draft_factory):
    record_id = draft_factory(share=False)
    owner = users["owner"].identity
    key = "psi4-water_mp2.out"
    content = (SAMPLES / key).read_bytes()

    committed = upload(owner, record_id, key, content).to_dict()
    assert committed["status"] == "completed"
    assert committed["size"] == len(content)

    files = current_rdm_records_service.draft_files
    result = files.get_file_content(owner, record_id, key)
    with result.get_stream("rb") as stream:
        assert stream.read() == content


def test_sample_license_travels_with_samples():
    assert (SAMPLES / "LICENSE.cclib").read_text().startswith("BSD 3-Clause")


def test_write_once_tables_refuse_updates(app, db):
    run = CompchemRun(
        record_id="abcde-12345",
        workflow="cclib-summary",
        sequence=1,
        name="cclib-summary-abcde-12345-1",
        engine="argo",
        trigger="manual",
    )
    _db.session.add(run)
    _db.session.flush()
    run.trigger = "auto"
    with pytest.raises(WriteOnceViolation):
        _db.session.flush()
    _db.session.rollback()
    with pytest.raises(WriteOnceViolation):
        _db.session.execute(text("DELETE FROM compchem_run"))
