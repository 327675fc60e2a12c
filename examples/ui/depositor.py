# SPDX-License-Identifier: MIT
"""Acting on a running site's drafts over HTTP, as a user with a personal token.

The UI demo uploads the samples this way; the browser tests prepare drafts
this way when the preparation is not what they test (a draft of 200 files, a
draft to share) and read the runs API to check what the panel shows against
what the API says.
"""

import time
from pathlib import Path

import requests

SAMPLES = Path(__file__).resolve().parents[2] / "tests" / "data" / "compchem"
FINAL_PHASES = ("Succeeded", "Failed", "Error")
"""Phases after which the engine does nothing more with a run."""

DRAFT = {
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
"""A draft complete enough for RDM's preview page (which validates it)."""


class Depositor:
    """A user of the site over its REST API."""

    def __init__(self, site, role):
        """``role`` is a key of ``site.users``."""
        self.api = f"{site.url}/api"
        self.user = site.users[role]
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {self.user['token']}"

    def create_draft(self, title=None):
        """A new draft's id."""
        data = {**DRAFT, "metadata": {**DRAFT["metadata"]}}
        if title:
            data["metadata"]["title"] = title
        res = self.session.post(f"{self.api}/records", json=data)
        res.raise_for_status()
        return res.json()["id"]

    def upload(self, record_id, files):
        """Upload ``{key: bytes}`` through RDM's file API: init, content, commit."""
        url = f"{self.api}/records/{record_id}/draft/files"
        keys = list(files)
        self.session.post(url, json=[{"key": k} for k in keys]).raise_for_status()
        for key in keys:
            self.session.put(
                f"{url}/{key}/content",
                data=files[key],
                headers={"Content-Type": "application/octet-stream"},
            ).raise_for_status()
            self.session.post(f"{url}/{key}/commit").raise_for_status()

    def upload_samples(self, record_id, *names):
        """Upload sample outputs under their own names."""
        self.upload(record_id, {n: (SAMPLES / n).read_bytes() for n in names})

    def runs(self, record_id):
        """The runs list answer of the API."""
        res = self.session.get(
            f"{self.api}/records/{record_id}/draft/compchem/runs", params={"size": 100}
        )
        res.raise_for_status()
        return res.json()

    def start_run(self, record_id, workflow, keys):
        """Start a run over the API; the run."""
        res = self.session.post(
            f"{self.api}/records/{record_id}/draft/compchem/runs",
            json={"workflow": workflow, "files": list(keys)},
        )
        assert res.status_code == 201, res.text
        return res.json()

    def wait_for_runs(self, record_id, condition, timeout=90):
        """Poll the runs API until ``condition(runs)``; the runs."""
        deadline = time.monotonic() + timeout
        while True:
            runs = self.runs(record_id)["hits"]["hits"]
            if condition(runs):
                return runs
            if time.monotonic() > deadline:
                raise AssertionError(f"runs did not get there: {runs}")
            time.sleep(0.5)

    def wait_for_final_phases(self, record_id, count=1, timeout=120):
        """The runs, once ``count`` of them exist and each shows a final phase.

        A run stops being active at its end call, a moment before the engine
        records its final phase; this waits for the phase.
        """
        return self.wait_for_runs(
            record_id,
            lambda runs: len(runs) >= count
            and all(run["status"]["phase"] in FINAL_PHASES for run in runs),
            timeout=timeout,
        )

    def share(self, record_id, user, permission="preview"):
        """Give another user of the site ``permission`` on the draft."""
        res = self.session.post(
            f"{self.api}/records/{record_id}/access/grants",
            json={
                "grants": [
                    {
                        "subject": {"type": "user", "id": str(user["id"])},
                        "permission": permission,
                        "origin": "ui-test",
                    }
                ]
            },
        )
        assert res.status_code in (200, 201), res.text
