# SPDX-License-Identifier: MIT
"""Acting on drafts as a depositor does: RDM's own services and HTTP API."""

import io
from pathlib import Path

from invenio_rdm_records.proxies import current_rdm_records_service

SAMPLES = Path(__file__).parents[1] / "data" / "compchem"


def minimal_draft():
    """A draft with the metadata publishing needs and files enabled."""
    return {
        "access": {"record": "public", "files": "public"},
        "files": {"enabled": True},
        "metadata": {
            "creators": [
                {
                    "person_or_org": {
                        "family_name": "Curie",
                        "given_name": "Marie",
                        "type": "personal",
                    }
                }
            ],
            "publication_date": "2026-01-01",
            "publisher": "Test repository",
            "resource_type": {"id": "dataset"},
            "title": "Computational chemistry outputs",
        },
    }


def upload(identity, record_id, key, content):
    """Upload a file through RDM's draft file service: init, content, commit."""
    files = current_rdm_records_service.draft_files
    files.init_files(identity, record_id, [{"key": key}])
    files.set_file_content(identity, record_id, key, io.BytesIO(content))
    return files.commit_file(identity, record_id, key)


def post(client, path, json=None):
    """POST as the deposit form does: with the CSRF token of the session."""
    cookie = client.get_cookie("csrftoken")
    headers = {"X-CSRFToken": cookie.value} if cookie else {}
    return client.post(path, json=json, headers=headers)
