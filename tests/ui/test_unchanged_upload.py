# SPDX-License-Identifier: MIT
"""A file uploaded again unchanged is not processed again; "Process anyway" is.

The row of the file's run says so, and whoever may start runs can process
the file anyway: a new run starts and succeeds.
"""

import re

from playwright.sync_api import expect

from examples.ui.depositor import SAMPLES
from tests.ui.on_screen import run_row

WATER = "gaussian16-water_mp2.log"


def test_unchanged_upload_is_said_and_can_be_processed_anyway(
    visit, site, owner_api, screenshots
):
    record_id = owner_api.create_draft("Uploaded twice")
    owner_api.upload_samples(record_id, WATER)
    runs = owner_api.wait_for_final_phases(record_id)
    first = runs[0]["name"]
    owner_api.session.delete(f"{owner_api.api}/records/{record_id}/draft/files/{WATER}")
    owner_api.upload(record_id, {WATER: (SAMPLES / WATER).read_bytes()})

    owner = visit("owner")
    page = owner.open_deposit(record_id)
    row = run_row(page, WATER)
    expect(row).to_have_attribute("data-run", first)
    note = row.locator(".compchem-unchanged")
    expect(note).to_contain_text(
        f"Uploaded again unchanged since run {first}: not processed again."
    )
    assert len(owner_api.runs(record_id)["hits"]["hits"]) == 1
    row.screenshot(path=str(screenshots / "unchanged-upload.png"))

    note.get_by_role("button", name="Process anyway").click()
    row = run_row(page, WATER)
    expect(row).not_to_have_attribute("data-run", first, timeout=30000)
    expect(row).to_have_attribute("data-run", re.compile(r"-2$"))
    expect(row).to_have_attribute("data-phase", "Succeeded", timeout=90000)
    expect(row.locator(".compchem-unchanged")).to_have_count(0)
    assert owner.errors == []
