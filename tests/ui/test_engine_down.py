# SPDX-License-Identifier: MIT
"""With the engine down, the panel says so and the form keeps working.

The site's only worker is stopped: the local engine has no one to run its
runs. Uploads still succeed; their runs wait for a worker.
"""

import time

import pytest
from playwright.sync_api import expect

from tests.ui.on_screen import PANEL, run_row, upload_in_form

WATER = "gaussian16-water_mp2.log"
PSI4 = "psi4-water_mp2.out"


@pytest.fixture()
def processed_draft(owner_api):
    """A draft whose one output was processed while the engine was up."""
    record_id = owner_api.create_draft("Engine down")
    owner_api.upload_samples(record_id, WATER)
    owner_api.wait_for_final_phases(record_id)
    return record_id


@pytest.fixture()
def engine_down(site):
    """The worker stopped for the test, started again after it."""
    site.stop_worker()
    yield
    site.start_worker()


def test_form_saves_and_uploads_while_the_engine_is_down(
    visit, site, owner_api, processed_draft, engine_down
):
    owner = visit("owner")
    page = owner.open_deposit(processed_draft)
    # Statuses still show, from the runs' rows.
    expect(run_row(page, WATER)).to_have_attribute("data-phase", "Succeeded")

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Record successfully saved.")).to_be_visible(timeout=30000)
    upload_in_form(page, PSI4)
    waiting = page.locator(f"{PANEL} tr[data-file='{PSI4}'][data-state='awaited']")
    expect(waiting).to_be_visible(timeout=60000)
    expect(waiting).to_contain_text("Waiting for processing to start")
    files = owner_api.session.get(
        f"{site.url}/api/records/{processed_draft}/draft/files"
    ).json()
    assert sorted(e["key"] for e in files["entries"]) == [WATER, PSI4]
    assert owner.errors == []


def test_banner_gives_the_api_reason_when_the_engine_is_down(
    visit, owner_api, processed_draft, engine_down, screenshots
):
    # The engine's health is cached for COMPCHEM_PROCESSOR_LOCAL_HEALTH_CACHE s.
    deadline = time.monotonic() + 30
    answer = owner_api.runs(processed_draft)
    while answer["engine"]["available"] and time.monotonic() < deadline:
        time.sleep(1)
        answer = owner_api.runs(processed_draft)
    assert answer["engine"]["available"] is False, answer["engine"]
    assert "worker" in answer["engine"]["message"]
    owner = visit("owner")
    page = owner.open_deposit(processed_draft)
    banner = page.locator(f"{PANEL} .compchem-engine-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Processing is unavailable")
    expect(banner).to_contain_text(answer["engine"]["message"])
    expect(run_row(page, WATER)).to_be_visible()
    page.locator(PANEL).screenshot(path=str(screenshots / "engine-down.png"))
    assert owner.errors == []
