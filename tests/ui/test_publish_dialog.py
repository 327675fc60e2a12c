# SPDX-License-Identifier: MIT
"""Publishing while files are processed (the default ``warn`` mode).

A line under the publish button says processing still runs; RDM's publish
dialog lists the active runs and asks the owner to confirm that publishing
stops them; the publish then ends them with the reason ``published``.
"""

import sqlalchemy as sa
from playwright.sync_api import expect

from tests.ui.on_screen import PANEL, run_row

PSI4 = "psi4-water_mp2.out"


def _end_reasons(site, name):
    engine = sa.create_engine(site.db_uri)
    try:
        with engine.connect() as connection:
            return connection.execute(
                sa.text(
                    "SELECT e.reason FROM compchem_run_end e "
                    "JOIN compchem_run r ON r.id = e.run_id WHERE r.name = :name"
                ),
                {"name": name},
            ).scalars().all()
    finally:
        engine.dispose()


def test_publish_dialog_lists_active_runs_and_publish_stops_them(
    visit, site, owner_api, screenshots
):
    record_id = owner_api.create_draft("Published while processing")
    owner_api.upload_samples(record_id, PSI4)
    owner_api.wait_for_final_phases(record_id)
    slow = owner_api.start_run(record_id, "slow-summary", [PSI4])

    owner = visit("owner")
    page = owner.open_deposit(record_id)
    expect(run_row(page, PSI4)).to_have_attribute("data-run", slow["name"])
    note = page.locator(".compchem-processing-note")
    expect(note).to_contain_text("Processing still running (1 run(s))")
    page.locator(".deposit-sidebar .card").first.screenshot(
        path=str(screenshots / "publish-note.png")
    )

    page.get_by_role("button", name="Publish", exact=True).click()
    dialog = page.locator(".ui.modal")
    notice = dialog.locator(".compchem-publish-notice")
    expect(notice).to_contain_text("Processing is still running on 1 run(s)")
    expect(notice.locator(f"[data-run='{slow['name']}']")).to_contain_text(PSI4)
    expect(notice).to_contain_text("Publishing now stops these runs")
    dialog.screenshot(path=str(screenshots / "publish-dialog.png"))

    # Publishing needs the confirmation.
    dialog.get_by_role("button", name="Publish").click()
    expect(dialog).to_contain_text("You must accept this.")
    dialog.get_by_text("Stop these runs and publish.").click()
    dialog.get_by_role("button", name="Publish").click()
    page.wait_for_url(f"**/records/{record_id}**", timeout=60000)
    assert _end_reasons(site, slow["name"]) == ["published"]
    assert owner.errors == []


def test_no_note_and_no_notice_when_nothing_runs(visit, owner_api):
    record_id = owner_api.create_draft("Nothing running")
    owner_api.upload_samples(record_id, PSI4)
    owner_api.wait_for_final_phases(record_id)

    owner = visit("owner")
    page = owner.open_deposit(record_id)
    expect(page.locator(f"{PANEL} tr[data-run]")).to_have_count(1)
    expect(page.locator(".compchem-processing-note")).to_have_count(0)
    page.get_by_role("button", name="Publish", exact=True).click()
    dialog = page.locator(".ui.modal")
    expect(dialog).to_contain_text("Are you sure you want to publish this record?")
    expect(dialog.locator(".compchem-publish-notice")).to_have_count(0)
    expect(dialog.get_by_text("Stop these runs and publish.")).to_have_count(0)
    dialog.get_by_role("button", name="Cancel").click()
    assert owner.errors == []
