# SPDX-License-Identifier: MIT
"""The campaign form of /administration on a real site: dry run, count, start.

The owner's uploads are processed by the site's local engine (cclib-summary
writes each summary with its processor's version); one record is published.
An administrator asks for every file whose results cclib-summary made at a
version older than 999: the dry run lists the drafts' files to reprocess and
the published one as needing a new version, the count says so, and starting
the campaign restarts the drafts' runs, not the published record's.
"""

import re

import pytest
from playwright.sync_api import expect

WATER = "gaussian16-water_mp2.log"


@pytest.fixture()
def processed(owner_api):
    """(two drafts, one published record), each with a succeeded summary run."""
    records = []
    for index in range(3):
        record_id = owner_api.create_draft(f"Campaign water {index}")
        owner_api.upload_samples(record_id, WATER)
        records.append(record_id)
    for record_id in records:
        runs = owner_api.wait_for_final_phases(record_id)
        assert runs[0]["status"]["phase"] == "Succeeded", runs[0]
    published = records.pop()
    res = owner_api.session.post(f"{owner_api.api}/records/{published}/draft/actions/publish")
    assert res.status_code == 202, res.text
    return records, published


def test_dry_run_counts_then_start_reprocesses(
    site, admin_user, visit, owner_api, processed, screenshots
):
    drafts, published = processed
    admin = visit("admin")
    page = admin.page
    page.goto(f"{site.url}/administration/compchem/runs", wait_until="domcontentloaded")
    form = page.locator(".compchem-admin-campaign")
    expect(form).to_be_visible(timeout=30000)
    form.locator(".compchem-admin-campaign-processor input").fill("cclib-summary")
    form.locator(".compchem-admin-campaign-older_than input").fill("999")
    form.locator(".compchem-admin-campaign-dry-run").click()

    counts = form.locator(".compchem-admin-campaign-counts")
    expect(counts).to_contain_text("to reprocess", timeout=30000)
    files, runs, proposed = map(
        int,
        re.search(
            r"(\d+) files \((\d+) runs\) to reprocess; (\d+) of published", counts.inner_text()
        ).groups(),
    )
    listed = form.locator(".compchem-admin-campaign-files tr")
    assert files >= len(drafts) and runs >= len(drafts) and proposed >= 1
    if files + proposed <= 20:
        expect(listed).to_have_count(files + proposed)
    for record_id in drafts:
        expect(listed.filter(has_text=record_id)).to_have_count(1)
        expect(listed.filter(has_text=record_id)).to_contain_text("reprocess")
    expect(listed.filter(has_text=published)).to_contain_text("needs a new version")
    start = form.locator(".compchem-admin-campaign-start")
    expect(start).to_have_text(f"Reprocess {files} files")
    form.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "admin-campaign-dry-run.png"), full_page=True)

    start.click()
    state = form.locator(".compchem-admin-bulk-state")
    expect(state).to_contain_text(f"{runs} submitted", timeout=180000)
    expect(state).to_contain_text("done", timeout=180000)
    page.screenshot(path=str(screenshots / "admin-campaign.png"), full_page=True)
    for record_id in drafts:
        names = [r["name"] for r in owner_api.runs(record_id)["hits"]["hits"]]
        assert f"cclib-summary-{record_id}-2" in names
    assert admin.errors == []
