# SPDX-License-Identifier: MIT
"""Starting, stopping, retrying and restarting runs from the panel.

The test site's ``slow-summary`` workflow works for a while before it
summarises (tests/ui/conftest.py), so its runs can be caught running.
"""

import re

from playwright.sync_api import expect

from tests.ui.on_screen import PANEL, run_row_by_name

WATER = "gaussian16-water_mp2.log"
PSI4 = "psi4-water_mp2.out"
NWCHEM = "nwchem7-water_mp2.out"


def ended(runs):
    return all(not run["active"] for run in runs)


def draft_with_processed_files(owner_api, *names):
    """A draft whose uploads' automatic runs have all ended."""
    record_id = owner_api.create_draft()
    owner_api.upload_samples(record_id, *names)
    owner_api.wait_for_runs(record_id, lambda runs: len(runs) == len(names) and ended(runs))
    return record_id


def process_files(page, workflow, keys):
    """Use the "Process files" dialog; the dialog."""
    page.locator(PANEL).get_by_role("button", name="Process files").click()
    dialog = page.get_by_role("dialog", name="Process files")
    expect(dialog).to_be_visible()
    # The dialog takes the focus (its workflow choice).
    expect(dialog.get_by_label("Workflow")).to_be_focused()
    dialog.get_by_label("Workflow").select_option(label=workflow)
    for key in keys:
        dialog.get_by_label(key, exact=True).check()
    return dialog


def test_process_files_starts_one_run_and_warns_about_held_files(
    visit, owner_api, screenshots
):
    record_id = draft_with_processed_files(owner_api, WATER, PSI4)
    owner = visit("owner")
    page = owner.open_deposit(record_id)

    dialog = process_files(page, "Slow summary", [WATER, PSI4])
    dialog.get_by_role("button", name="Start one run over 2 files").click()
    expect(dialog).to_be_hidden()

    name = f"slow-summary-{record_id}-1"
    row = run_row_by_name(page, name)
    expect(row).to_be_visible()
    # One run over both files, shown once and listing them.
    expect(row.locator("[data-file]")).to_have_text([WATER, PSI4])
    expect(page.locator(f"{PANEL} tr[data-run='{name}']")).to_have_count(1)
    expect(row).to_have_attribute("data-phase", re.compile("Pending|Running"))
    runs = owner_api.runs(record_id)["hits"]["hits"]
    manual = [r for r in runs if r["name"] == name]
    assert [f["key"] for f in manual[0]["files"]] == sorted([WATER, PSI4])
    assert manual[0]["trigger"] == "manual"

    # The same files again: the API refuses, the dialog names the run holding them.
    dialog = process_files(page, "Slow summary", [WATER, PSI4])
    dialog.get_by_role("button", name="Start one run over 2 files").click()
    warning = dialog.get_by_role("alert")
    expect(warning).to_contain_text("held by a run that has not ended")
    expect(warning).to_contain_text(f"Held by run: {name}")
    page.screenshot(path=str(screenshots / "held-files.png"))

    # It offers to stop the holder first.
    warning.get_by_role("button", name="Stop them first").click()
    expect(dialog.get_by_role("status")).to_contain_text("Stop requested")
    dialog.get_by_role("button", name="Cancel").click()
    expect(row).to_have_attribute("data-phase", re.compile("Stopping|Stopped"))
    expect(row).to_have_attribute("data-phase", "Stopped", timeout=60000)
    assert owner.errors == []


def test_stop_retry_and_restart_a_running_run(visit, owner_api, screenshots):
    record_id = draft_with_processed_files(owner_api, NWCHEM)
    run = owner_api.start_run(record_id, "slow-summary", [NWCHEM])
    name = run["name"]
    owner = visit("owner")
    page = owner.open_deposit(record_id)
    posts = []
    page.on("request", lambda r: r.method == "POST" and "/compchem/" in r.url and posts.append(r.url))

    row = run_row_by_name(page, name)
    expect(row).to_have_attribute("data-phase", "Running", timeout=60000)
    # While it runs, its log is followed.
    row.get_by_role("button", name=f"Show details of run {name}").click()
    log = page.get_by_role("log")
    expect(log).to_contain_text(re.compile(r"working \d+/"), timeout=30000)
    first = log.inner_text()
    expect(log).not_to_have_text(first, timeout=15000)  # new lines arrive

    # Stop asks first; the dialog holds the focus.
    row.get_by_role("button", name=f"Stop run {name}").click()
    confirm = page.get_by_role("dialog", name="Stop this run?")
    expect(confirm.get_by_role("button", name="Keep running")).to_be_focused()
    confirm.get_by_role("button", name="Stop run").click()
    expect(row).to_have_attribute("data-phase", "Stopped", timeout=60000)
    expect(row.locator(".compchem-reason")).to_have_text(re.compile("stop", re.I))
    page.screenshot(path=str(screenshots / "stopped.png"))

    # Retry, clicked twice in a row: one request, the same run again.
    retry = row.get_by_role("button", name=f"Retry run {name}")
    retry.dblclick()
    expect(row).to_have_attribute("data-phase", re.compile("Pending|Running"), timeout=30000)
    assert [u for u in posts if u.endswith("/actions/retry")] == [
        f"{owner.site.url}/api/records/{record_id}/draft/compchem/runs/{name}/actions/retry"
    ]

    # Restart (a new run, the next number) once it no longer runs.
    row.get_by_role("button", name=f"Stop run {name}").click()
    page.get_by_role("dialog", name="Stop this run?").get_by_role("button", name="Stop run").click()
    expect(row).to_have_attribute("data-phase", "Stopped", timeout=60000)
    row.get_by_role("button", name=f"Restart run {name} as a new run").click()
    restarted = run_row_by_name(page, f"slow-summary-{record_id}-2")
    expect(restarted).to_be_visible(timeout=30000)
    expect(restarted).to_have_attribute("data-phase", re.compile("Pending|Running"))
    expect(restarted.locator("[data-file]")).to_have_text([NWCHEM])
    assert len([u for u in posts if u.endswith("/actions/resubmit")]) == 1
    owner_api.session.post(
        f"{owner.site.url}/api/records/{record_id}/draft/compchem/runs/"
        f"slow-summary-{record_id}-2/actions/stop"
    )
    assert owner.errors == []
