# SPDX-License-Identifier: MIT
"""A new version of a record: an unchanged file takes over the earlier results.

The owner publishes a record whose file its automatic run processed, makes a
new version and imports the files. In the new version's deposit form the
file's row is the earlier version's run: it says the results were taken
over, links to the earlier version's record page, and "Process anyway"
starts a run in the new version.
"""

import re

from playwright.sync_api import expect

from tests.ui.on_screen import run_row

WATER = "gaussian16-water_mp2.log"


def _new_version_with_files(owner_api, record_id):
    api = owner_api.api
    res = owner_api.session.post(f"{api}/records/{record_id}/draft/actions/publish")
    assert res.status_code == 202, res.text
    res = owner_api.session.post(f"{api}/records/{record_id}/versions")
    assert res.status_code == 201, res.text
    new_id = res.json()["id"]
    res = owner_api.session.post(f"{api}/records/{new_id}/draft/actions/files-import")
    assert res.status_code == 201, res.text
    return new_id


def test_new_version_takes_over_and_can_process_anyway(visit, site, owner_api, screenshots):
    record_id = owner_api.create_draft("Two versions")
    owner_api.upload_samples(record_id, WATER)
    runs = owner_api.wait_for_final_phases(record_id)
    assert runs[0]["status"]["phase"] == "Succeeded", runs[0]
    first = runs[0]["name"]
    new_id = _new_version_with_files(owner_api, record_id)
    runs = owner_api.wait_for_runs(new_id, lambda runs: runs, timeout=60)
    assert [run["name"] for run in runs] == [first]

    owner = visit("owner")
    page = owner.open_deposit(new_id)
    row = run_row(page, WATER)
    expect(row).to_have_attribute("data-run", first)
    note = row.locator(".compchem-unchanged")
    expect(note).to_contain_text(
        f"Unchanged since run {first} of an earlier version: its results were taken over"
    )
    link = note.get_by_role("link", name=first)
    expect(link).to_have_attribute("href", re.compile(f"/records/{record_id}$"))
    row.screenshot(path=str(screenshots / "unchanged-new-version.png"))

    note.get_by_role("button", name="Process anyway").click()
    row = run_row(page, WATER)
    expect(row).to_have_attribute("data-run", f"cclib-summary-{new_id}-1", timeout=30000)
    expect(row).to_have_attribute("data-phase", "Succeeded", timeout=90000)
    assert owner.errors == []
