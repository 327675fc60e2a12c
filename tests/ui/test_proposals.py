# SPDX-License-Identifier: MIT
"""A campaign's proposal on the published record's page, answered by its owner.

The owner publishes a record whose file the site's local engine processed;
an administrator starts a campaign over every cclib-summary result older
than version 999 (``invenio compchem campaigns start``), which proposes the
published file for a new version. On the record's page the owner sees the
proposal under the manage menu, accepts it, and opens the new version draft,
where the proposed file is processed by a new run. A stranger sees no box.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.ui.on_screen import run_row

WATER = "gaussian16-water_mp2.log"
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture()
def proposed(site, owner_api):
    """A published record with a processed file, and a campaign proposing it."""
    record_id = owner_api.create_draft("Proposal water")
    owner_api.upload_samples(record_id, WATER)
    # A terminal phase, not only an inactive run: the run's context ends (its
    # last callback) a moment before the local engine records its phase.
    runs = owner_api.wait_for_runs(
        record_id,
        lambda runs: runs and runs[0]["status"]["phase"] in ("Succeeded", "Failed", "Error"),
        timeout=120,
    )
    assert runs[0]["status"]["phase"] == "Succeeded", runs[0]
    res = owner_api.session.post(f"{owner_api.api}/records/{record_id}/draft/actions/publish")
    assert res.status_code == 202, res.text
    done = subprocess.run(
        ["invenio", "compchem", "campaigns", "start",
         "--processor", "cclib-summary", "--older-than", "999"],
        env=site.env, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    proposals = owner_api.session.get(
        f"{owner_api.api}/records/{record_id}/compchem/proposals"
    ).json()["hits"]["hits"]
    assert [f["key"] for f in proposals[0]["files"]] == [WATER]
    return record_id, proposals[0]


def _record_page(visitor, record_id):
    page = visitor.page
    page.goto(f"{visitor.site.url}/records/{record_id}", wait_until="domcontentloaded")
    page.wait_for_load_state("networkidle")
    return page


def test_a_stranger_sees_no_proposal(visit, proposed):
    record_id, _ = proposed
    stranger = visit("stranger")
    page = _record_page(stranger, record_id)
    expect(page.locator("#record-title, h1").first).to_be_visible()
    expect(page.locator("#invenio-compchem-processor-proposals")).to_have_count(0)
    expect(page.locator("#compchem-proposals")).to_have_count(0)
    assert stranger.errors == []


def test_the_owner_accepts_and_the_new_version_is_processed(
    visit, owner_api, proposed, screenshots
):
    record_id, proposal = proposed
    workflow = proposal["files"][0]["workflow"]
    owner = visit("owner")
    page = _record_page(owner, record_id)
    box = page.locator("#compchem-proposals")
    expect(box).to_be_visible(timeout=30000)
    expect(box).to_contain_text(
        f"The repository proposes reprocessing 1 file with "
        f"{workflow['name']} {workflow['version']}."
    )
    expect(box).to_contain_text(WATER)
    expect(box.get_by_role("button", name="Decline")).to_be_enabled()
    box.screenshot(path=str(screenshots / "record-proposal.png"))
    shutil.copy(screenshots / "record-proposal.png", DOCS / "record-proposal.png")

    box.get_by_role("button", name="Accept").click()
    accepted = box.locator(".compchem-proposal-accepted")
    expect(accepted).to_contain_text(
        "Accepted: a new version draft was made; a run processes its file."
    )
    expect(box.get_by_role("button", name="Accept")).to_have_count(0)
    link = accepted.get_by_role("link", name="Open the new version")
    href = link.get_attribute("href")
    new_id = re.fullmatch(r"/uploads/([a-z0-9-]+)", href).group(1)
    assert new_id != record_id

    link.click()
    page.wait_for_selector("#rdm-deposit-form", timeout=60000)
    row = run_row(page, WATER)
    expect(row).to_have_attribute("data-run", f"cclib-summary-{new_id}-1", timeout=30000)
    expect(row).to_have_attribute("data-phase", "Succeeded", timeout=120000)

    # Answered: the record's page offers nothing more.
    page = _record_page(owner, record_id)
    expect(page.locator("#compchem-proposals")).to_have_count(0)
    assert owner.errors == []
