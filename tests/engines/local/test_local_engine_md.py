# SPDX-License-Identifier: MIT
"""MD files on the local engine, with the default workflows: the run input is
summarised at upload, its trajectory only when the owner asks, in one run over
both files.
"""

import json
from pathlib import Path

from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_media_files_service

from tests.support.drafts import upload
from invenio_compchem_processor.engines.base import Phase
from tests.support.local_engine import finished, media_keys, start_run, wait_for

MDA = Path(__file__).parent.parent.parent / "data" / "md" / "mdanalysis"


def _media_json(record_id, key):
    files = current_rdm_records_media_files_service.draft_files
    with files.get_file_content(system_identity, record_id, key).get_stream("rb") as fp:
        return json.loads(fp.read())


def test_run_input_at_upload_trajectory_on_request(
    engine, workers, draft_factory, owner_client, users
):
    record_id = draft_factory([])
    owner = users["owner"].identity
    upload(owner, record_id, "md.tpr", (MDA / "aux_edr.tpr").read_bytes())
    upload(owner, record_id, "md.xtc", (MDA / "aux_edr.xtc").read_bytes())

    # The upload starts md-summary on the run input, and nothing on the trajectory.
    automatic = wait_for(
        engine, f"md-summary-{record_id}-1", finished, timeout=180, workers=workers
    )
    assert automatic.phase == Phase.SUCCEEDED, (automatic, workers.logs())
    assert automatic.file_keys == ("md.tpr",)
    assert [run.name for run in engine.list_runs(record_id)] == [
        f"md-summary-{record_id}-1"
    ]
    assert "md.tpr.last-frame.pdb" not in media_keys(record_id)
    assert _media_json(record_id, "md.tpr.md.json")["trajectory"] is None

    # The owner selects both files: one run, one summary with the trajectory.
    name = start_run(owner_client, record_id, "md-trajectory", ["md.tpr", "md.xtc"])
    status = wait_for(engine, name, finished, timeout=180, workers=workers)
    assert status.phase == Phase.SUCCEEDED, (status, workers.logs())
    assert set(status.file_keys) == {"md.tpr", "md.xtc"}
    assert {"md.tpr.md.json", "md.tpr.last-frame.pdb"} <= media_keys(record_id)
    assert not any(key.startswith("md.xtc.") for key in media_keys(record_id))
    document = _media_json(record_id, "md.tpr.md.json")
    # gmx check -f aux_edr.xtc: 4 frames, the last at 0.06 ps
    assert document["trajectory"]["frames"] == 4
    assert document["trajectory"]["last_time_ps"] == 0.06
    assert document["system"]["atoms"] == 33876
