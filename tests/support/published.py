# SPDX-License-Identifier: MIT
"""A published record whose file a run processed: what later versions start from."""

import json

from invenio_rdm_records.proxies import current_rdm_records_service

from tests.support.drafts import SAMPLES

KEY = "psi4-water_mp2.out"
CONTENT = (SAMPLES / KEY).read_bytes()
SUMMARY = f"{KEY}.summary.json"


def publish_processed(app, users, draft_factory, fake_argo_server, version="0.1.0"):
    """Version 1, published; its run succeeded and wrote a summary. (id, run name).

    The summary is written through the run callback API, as made by
    cclib-summary at ``version``.
    """
    record_id = draft_factory([KEY])
    name = f"cclib-summary-{record_id}-1"
    token = fake_argo_server.parameter(name, "credential")
    fake_argo_server.set_phase(name, "Running")
    res = app.test_client().put(
        f"/compchem/run/results/{KEY}/{SUMMARY}",
        data=json.dumps({"summary_version": 1, "processor": "test"}).encode(),
        headers={
            "Authorization": f"Bearer {token}",
            "X-Compchem-Processor": "cclib-summary",
            "X-Compchem-Processor-Version": version,
        },
        content_type="application/octet-stream",
    )
    assert res.status_code == 201, res.json
    fake_argo_server.set_phase(name, "Succeeded")
    current_rdm_records_service.publish(users["owner"].identity, record_id)
    return record_id, name
