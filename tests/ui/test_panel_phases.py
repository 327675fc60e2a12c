# SPDX-License-Identifier: MIT
"""Runs in several phases side by side: the picture of the panel in the docs.

``docs/panel.png`` is this test's screenshot (``var/ui-screenshots/panel.png``).
"""

import re

from playwright.sync_api import expect

from tests.ui.on_screen import PANEL, run_row

WATER = "gaussian16-water_mp2.log"
DAMAGED = "gaussian16-header-garbage.out"
PSI4 = "psi4-water_mp2.out"
NWCHEM = "nwchem7-water_mp2.out"
TEXT = "notes.txt"


def test_phases_side_by_side(visit, site, owner_api, screenshots):
    record_id = owner_api.create_draft("Water and divinylbenzene outputs")
    owner_api.upload_samples(record_id, WATER, DAMAGED, PSI4, NWCHEM)
    owner_api.upload(record_id, {TEXT: b"Computed on the group cluster.\n"})
    owner_api.wait_for_final_phases(record_id, count=4)
    stopped = owner_api.start_run(record_id, "slow-summary", [PSI4])
    running = owner_api.start_run(record_id, "slow-summary", [NWCHEM])
    owner_api.wait_for_runs(
        record_id,
        lambda runs: any(
            r["name"] == stopped["name"] and r["status"]["phase"] == "Running"
            for r in runs
        ),
    )
    owner_api.session.post(stopped["links"]["stop"])

    owner = visit("owner")
    page = owner.open_deposit(record_id)
    expect(run_row(page, WATER)).to_have_attribute("data-phase", "Succeeded")
    expect(run_row(page, DAMAGED)).to_have_attribute("data-phase", "Failed")
    expect(run_row(page, PSI4)).to_have_attribute("data-phase", "Stopped", timeout=60000)
    expect(run_row(page, NWCHEM)).to_have_attribute(
        "data-phase", re.compile("Pending|Running")
    )
    expect(run_row(page, NWCHEM)).to_have_attribute("data-phase", "Running", timeout=60000)
    unmatched = page.locator(f"{PANEL} tr[data-file='{TEXT}']")
    expect(unmatched).to_have_attribute("data-state", "unmatched")
    expect(unmatched).to_contain_text("No workflow processes this file")
    expect(run_row(page, WATER).locator(".compchem-headline")).to_contain_text("H2O")
    # Every badge says its phase in words, not colour alone.
    for key, word in ((WATER, "Succeeded"), (DAMAGED, "Failed"), (PSI4, "Stopped")):
        expect(run_row(page, key).locator(".compchem-phase")).to_have_text(word)
    page.locator(PANEL).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.locator(PANEL).screenshot(path=str(screenshots / "panel.png"))
    owner_api.session.post(running["links"]["stop"])
    assert owner.errors == []
