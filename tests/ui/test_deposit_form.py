# SPDX-License-Identifier: MIT
"""The panel in RDM's deposit form, following automatic runs of uploads.

What the panel shows is checked against the sample files' own content (the
water output's MP2 energy is -75.002282127454 hartree, printed by Gaussian as
``EUMP2 = -0.75002282127454D+02``) and against the runs API.
"""

import re

from playwright.sync_api import expect

from tests.ui.on_screen import (
    PANEL,
    headline_pattern,
    phases_seen,
    record_phases,
    run_row,
    upload_in_form,
)

WATER = "gaussian16-water_mp2.log"
ORCA6 = "orca6-dvb_ir.out"
DAMAGED = "gaussian16-header-garbage.out"
FORM_EVENTS = """
(panel) => {
  window.compchemFormEvents = [];
  const form = document.querySelector(panel).closest("form");
  for (const type of ["submit", "invalid"]) {
    form.addEventListener(type, () => window.compchemFormEvents.push(type), true);
  }
}
"""
"""Records the submit and validation events of the form around the panel."""


def test_new_upload_shows_the_panel_with_the_unsaved_hint(visit, screenshots):
    owner = visit("owner")
    page = owner.open_deposit()

    panel = page.locator(PANEL)
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading", name="Processing")).to_be_visible()
    expect(panel).to_contain_text("Processing of your files starts once the draft is saved.")
    # Inside RDM's deposit form, where the slot is.
    expect(page.locator(f"#rdm-deposit-form {PANEL}")).to_have_count(1)
    panel.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "deposit-new.png"))
    assert owner.errors == []


def test_uploaded_output_is_processed_and_its_summary_shown(visit, screenshots, owner_api):
    owner = visit("owner")
    page = owner.open_deposit()
    record_phases(page)

    upload_in_form(page, WATER)

    row = run_row(page, WATER)
    expect(row).to_have_attribute("data-phase", "Succeeded", timeout=90000)
    name = row.get_attribute("data-run")
    record_id = re.search(r"cclib-summary-(.+)-1$", name).group(1)
    # The row went through an active phase before it succeeded, on screen.
    seen = phases_seen(page, name)
    assert seen[-1] == "Succeeded"
    assert {"Pending", "Running"} & set(seen[:-1]), seen
    expect(row).to_contain_text("Computational chemistry summary")
    expect(row.locator(".compchem-headline")).to_have_text(
        headline_pattern("Gaussian 16", "H2O", "-75.00"), timeout=30000
    )
    expect(row.locator(".compchem-headline")).to_contain_text("MP2 -75.002282 hartree")
    summary = row.get_by_role("link", name="summary.json")
    xyz = row.get_by_role("link", name="xyz")
    expect(summary).to_have_attribute(
        "href", re.compile(rf"/records/{record_id}/draft/media-files/{WATER}.summary.json/content$")
    )
    expect(xyz).to_have_attribute(
        "href", re.compile(rf"/records/{record_id}/draft/media-files/{WATER}.xyz/content$")
    )
    # The links serve the results the run wrote.
    content = page.request.get(summary.get_attribute("href")).json()
    assert content["formula"] == "H2O" and content["program"] == "Gaussian"
    assert page.request.get(xyz.get_attribute("href")).text().splitlines()[0].strip() == "3"
    # Times: started and finished, and how long it took.
    expect(row.locator("time")).to_have_count(2)
    expect(row).to_contain_text(re.compile(r"took \d+ s"))

    run = owner_api.runs(record_id)["hits"]["hits"][0]
    assert run["name"] == name and run["status"]["phase"] == "Succeeded"
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "deposit-succeeded.png"))

    # The panel sits inside RDM's deposit form: its buttons act on runs and
    # never submit (or validate) the form around them.
    assert page.locator(f"{PANEL} button:not([type=button])").count() == 0
    page.evaluate(FORM_EVENTS, PANEL)
    row.locator(".compchem-toggle-details").click()
    expect(page.locator(".compchem-run-details-row")).to_be_visible()
    assert page.evaluate("window.compchemFormEvents") == []
    assert owner.errors == []


def test_damaged_output_fails_with_its_reason_in_one_line(visit, owner_api):
    owner = visit("owner")
    page = owner.open_deposit()

    upload_in_form(page, DAMAGED, ORCA6)

    row = run_row(page, DAMAGED)
    expect(row).to_have_attribute("data-phase", "Failed", timeout=120000)
    reason = row.locator(".compchem-reason")
    expect(reason).to_be_visible()
    name = row.get_attribute("data-run")
    record_id = re.search(r"cclib-summary-(.+)-\d+$", name).group(1)
    runs = {r["name"]: r for r in owner_api.runs(record_id)["hits"]["hits"]}
    message = runs[name]["status"]["message"]
    expect(reason).to_have_text(message)
    # The sample is Gaussian's banner and input followed by noise: it never finished.
    expect(reason).to_contain_text("ends before the calculation finished")
    box = reason.bounding_box()
    font_size = reason.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert box["height"] < 2 * font_size, "the reason takes one line"
    expect(row.locator(".compchem-headline")).to_have_count(0)
    # ORCA 6 outputs are read (the sample says "Program Version 6.0.1").
    orca = run_row(page, ORCA6)
    expect(orca).to_have_attribute("data-phase", "Succeeded", timeout=120000)
    expect(orca.locator(".compchem-headline")).to_contain_text("ORCA", timeout=30000)
    assert owner.errors == []
