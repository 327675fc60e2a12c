# SPDX-License-Identifier: MIT
"""Who sees the panel: read-only for a preview share, nothing for a stranger."""

import requests
from playwright.sync_api import expect

from examples.ui.depositor import Depositor
from tests.ui.on_screen import PANEL, run_row

WATER = "gaussian16-water_mp2.log"


def test_preview_share_sees_statuses_without_actions(visit, site, owner_api, screenshots):
    record_id = owner_api.create_draft("Shared for preview")
    owner_api.upload_samples(record_id, WATER)
    owner_api.wait_for_runs(
        record_id, lambda runs: runs and runs[0]["status"]["phase"] == "Succeeded"
    )
    owner_api.share(record_id, site.users["previewer"], "preview")

    previewer = visit("previewer")
    page = previewer.page
    page.goto(f"{site.url}/records/{record_id}?preview=1", wait_until="domcontentloaded")
    panel = page.locator(PANEL)
    expect(panel).to_be_visible(timeout=30000)
    row = run_row(page, WATER)
    expect(row).to_have_attribute("data-phase", "Succeeded")
    expect(row).to_contain_text("1 of 1 file processed")
    # Looking is all a preview share allows: no action, no "Process files".
    expect(panel.get_by_role("button", name="Process files")).to_have_count(0)
    expect(row.locator(".compchem-actions")).to_have_count(0)
    expect(panel.get_by_role("button", name="Stop")).to_have_count(0)
    run = Depositor(site, "previewer").runs(record_id)["hits"]["hits"][0]
    assert not {"stop", "retry", "resubmit"} & set(run["links"])
    # The deposit form itself is not theirs (RDM shows them the preview).
    page.goto(f"{site.url}/uploads/{record_id}", wait_until="networkidle")
    expect(page.locator("#rdm-deposit-form")).to_have_count(0)
    expect(page.get_by_role("button", name="Process files")).to_have_count(0)
    page.goto(f"{site.url}/records/{record_id}?preview=1", wait_until="domcontentloaded")
    expect(run_row(page, WATER)).to_have_attribute("data-phase", "Succeeded", timeout=30000)
    # The sidebar is narrow: the panel fits in it.
    sidebar = page.locator("#invenio-compchem-processor-panel")
    assert page.locator(PANEL).bounding_box()["width"] <= sidebar.bounding_box()["width"] + 1
    assert page.locator(f"{PANEL} table").bounding_box()["width"] <= sidebar.bounding_box()["width"]
    page.locator(PANEL).screenshot(path=str(screenshots / "preview-share.png"))
    assert previewer.errors == []


def test_stranger_sees_no_panel_and_the_api_refuses(visit, site, owner_api):
    record_id = owner_api.create_draft("Not shared")
    owner_api.upload_samples(record_id, WATER)

    stranger = visit("stranger")
    page = stranger.page
    for path in (f"/uploads/{record_id}", f"/records/{record_id}?preview=1"):
        response = page.goto(f"{site.url}{path}", wait_until="domcontentloaded")
        assert response.status in (403, 404), path
        expect(page.locator(PANEL)).to_have_count(0)
        expect(page.locator("#invenio-compchem-processor-panel")).to_have_count(0)

    api = Depositor(site, "stranger")
    assert api.session.get(
        f"{site.url}/api/records/{record_id}/draft/compchem/runs"
    ).status_code in (403, 404)
    anonymous = requests.get(f"{site.url}/api/records/{record_id}/draft/compchem/runs")
    assert anonymous.status_code in (401, 403, 404)
