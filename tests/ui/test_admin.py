# SPDX-License-Identifier: MIT
"""The administration pages on a real site: runs, bulk restart, pause, engine health.

The site's administrator (``administration-access``) acts; runs come from
the owner's uploads, executed by the site's local engine.
"""

import re

import requests
from playwright.sync_api import expect

UNREADABLE = {"notes.out": b"Not the output of any chemistry program.\n"}
"""An ``.out`` that cclib-summary cannot read: its run fails."""
WATER = "gaussian16-water_mp2.log"


def _runs_page(site):
    return f"{site.url}/administration/compchem/runs"


def _facet(page, value):
    """Tick a facet's value, as a person clicks its checkbox."""
    page.locator(f".ui.checkbox:has(input[value='{value}']) >> visible=true").first.click()
    expect(page).to_have_url(re.compile(f"f=[a-z]+%3A{re.escape(value)}"))
    page.wait_for_load_state("networkidle")


def _failed_runs(owner_api, count):
    """``count`` drafts whose automatic run failed; their record ids."""
    records = []
    for index in range(count):
        record_id = owner_api.create_draft(f"Unreadable {index}")
        owner_api.upload(record_id, UNREADABLE)
        records.append(record_id)
    for record_id in records:
        owner_api.wait_for_runs(
            record_id,
            lambda runs: runs and runs[0]["status"]["phase"] == "Failed",
            timeout=120,
        )
    return records


def test_filter_failed_and_bulk_restart_two_at_a_time(
    site, admin_user, visit, owner_api, screenshots
):
    records = _failed_runs(owner_api, 3)
    admin = visit("admin")
    page = admin.page
    page.goto(_runs_page(site), wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="Processing runs")).to_be_visible()
    expect(page.locator("table tbody tr").first).to_be_visible()
    page.screenshot(path=str(screenshots / "admin-runs-all.png"), full_page=True)
    # Facets: failed runs of one workflow.
    _facet(page, "Failed")
    _facet(page, "cclib-summary")
    rows = page.locator("table tbody tr")
    for record_id in records:
        expect(rows.filter(has_text=f"cclib-summary-{record_id}-1")).to_have_count(1)
    expect(rows.filter(has_text="Succeeded")).to_have_count(0)
    page.screenshot(path=str(screenshots / "admin-runs.png"), full_page=True)

    # Dry run: the count.
    bulk = page.locator("#compchem-admin-bulk")
    bulk.locator(".compchem-admin-bulk-concurrency input").fill("2")
    bulk.locator(".compchem-admin-bulk-dry-run").click()
    count = bulk.locator(".compchem-admin-bulk-count")
    expect(count).to_contain_text(re.compile(r"\b\d+ runs would be submitted"))
    total = int(re.search(r"(\d+) runs", count.inner_text()).group(1))
    assert total >= 3
    # Roll-out: at most two in flight; all go through.
    bulk.locator(".compchem-admin-bulk-run").click()
    state = bulk.locator(".compchem-admin-bulk-state")
    expect(state).to_contain_text("in flight")
    expect(state).to_contain_text(f"{total} submitted", timeout=180000)
    expect(state).to_contain_text("done", timeout=180000)
    page.screenshot(path=str(screenshots / "admin-bulk.png"), full_page=True)
    for record_id in records:
        names = [r["name"] for r in owner_api.runs(record_id)["hits"]["hits"]]
        assert f"cclib-summary-{record_id}-2" in names
    assert admin.errors == []


def test_run_detail_page(site, admin_user, visit, owner_api, screenshots):
    (record_id,) = _failed_runs(owner_api, 1)
    name = f"cclib-summary-{record_id}-1"
    admin = visit("admin")
    page = admin.page
    page.goto(f"{_runs_page(site)}/{name}", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.locator(".compchem-admin-phase")).to_have_text("Failed")
    expect(page.locator(".compchem-admin-failure")).not_to_be_empty()
    expect(page.locator(".compchem-admin-credential")).to_contain_text("ended")
    # Times in words with their offset, the run's duration, the exact value kept.
    times = page.locator(".compchem-admin-times")
    expect(times).to_contain_text(re.compile(r"\d{4}, \d+:\d\d:\d\d\s[AP]M [+-]\d{4}"))
    expect(times).to_contain_text(re.compile(r"\(took \d+ seconds?\)"))
    expect(times.locator("time").first).to_have_attribute(
        "datetime", re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")
    )
    expect(page.locator("table .compchem-phase[data-phase=Failed]")).to_have_count(2)
    expect(page.get_by_role("link", name=record_id)).to_have_attribute(
        "href", re.compile(f"/uploads/{record_id}$")
    )
    expect(page.locator(".compchem-admin-restart")).to_be_visible()
    page.screenshot(path=str(screenshots / "admin-run.png"), full_page=True)
    page.locator(".compchem-admin-restart").click()
    expect(page.get_by_role("heading", name=f"cclib-summary-{record_id}-2")).to_be_visible(
        timeout=30000
    )
    assert admin.errors == []


def test_each_row_offers_the_actions_its_run_allows(
    site, admin_user, visit, owner_api, screenshots
):
    (failed,) = _failed_runs(owner_api, 1)
    succeeded = owner_api.create_draft("Water, processed")
    owner_api.upload_samples(succeeded, WATER)
    owner_api.wait_for_runs(
        succeeded,
        lambda runs: runs and runs[0]["status"]["phase"] == "Succeeded",
        timeout=120,
    )
    admin = visit("admin")
    page = admin.page
    rows = page.locator("table tbody tr")
    page.goto(f"{_runs_page(site)}?q={succeeded}", wait_until="domcontentloaded")
    done = rows.filter(has_text=f"cclib-summary-{succeeded}-1")
    expect(done.locator(".compchem-admin-restart")).to_be_visible()
    expect(done.locator(".compchem-admin-retry")).to_have_count(0)
    expect(done.locator(".compchem-admin-stop")).to_have_count(0)
    page.goto(f"{_runs_page(site)}?q={failed}", wait_until="domcontentloaded")
    row = rows.filter(has_text=f"cclib-summary-{failed}-1")
    expect(row.locator(".compchem-admin-retry")).to_be_visible()
    expect(row.locator(".compchem-admin-stop")).to_have_count(0)
    page.screenshot(path=str(screenshots / "admin-row-actions.png"), full_page=True)
    row.locator(".compchem-admin-restart").click()
    # The list refreshes after the action: the new run is there.
    expect(rows.filter(has_text=f"cclib-summary-{failed}-2")).to_have_count(
        1, timeout=30000
    )
    assert admin.errors == []


def test_pause_shows_reason_to_depositor_and_resume_processes(
    site, admin_user, visit, owner_api, screenshots
):
    admin = visit("admin")
    page = admin.page
    page.goto(f"{site.url}/administration/compchem/workflows", wait_until="domcontentloaded")
    switch = page.locator(".compchem-admin-switch-cclib-summary")
    switch.locator("input").fill("maintenance of the parser")
    switch.locator(".compchem-admin-pause").click()
    expect(page.locator(".compchem-admin-workflow-cclib-summary .compchem-admin-paused")).to_contain_text(
        "maintenance of the parser"
    )
    median = page.locator(".compchem-admin-workflow-cclib-summary td").nth(4)
    expect(median).to_have_text(re.compile(r"^(–|\d+ s|\d+ min \d+ s)$"))
    # Nothing skipped yet: no choice to process what was skipped.
    expect(switch.locator(".compchem-admin-process-skipped")).to_have_count(0)
    page.screenshot(path=str(screenshots / "admin-workflows.png"), full_page=True)
    try:
        record_id = owner_api.create_draft("Uploaded while paused")
        owner_api.upload_samples(record_id, WATER)
        runs = owner_api.wait_for_runs(record_id, lambda runs: len(runs) == 1)
        assert "Paused by an administrator" in runs[0]["status"]["message"]
        owner = visit("owner")
        deposit = owner.open_deposit(record_id)
        expect(deposit.get_by_text(re.compile("Paused by an administrator"))).to_be_visible(
            timeout=60000
        )
    finally:
        page.reload(wait_until="domcontentloaded")
        switch = page.locator(".compchem-admin-switch-cclib-summary")
        expect(switch.locator(".compchem-admin-process-skipped")).to_have_text(
            "Process the skipped uploads (1)"
        )
        switch.locator(".compchem-admin-resume").click()
        expect(
            page.locator(".compchem-admin-workflow-cclib-summary .compchem-admin-paused")
        ).to_have_count(0)
    runs = owner_api.wait_for_runs(
        record_id,
        lambda runs: any(r["status"]["phase"] == "Succeeded" for r in runs),
        timeout=120,
    )
    assert f"cclib-summary-{record_id}-2" in [r["name"] for r in runs]
    assert admin.errors == []


def test_engine_health_says_unreachable_while_the_engine_is_down(
    site, admin_user, visit, screenshots
):
    admin = visit("admin")
    page = admin.page
    health = f"{site.url}/administration/compchem/engine"
    page.goto(health, wait_until="domcontentloaded")
    expect(page.locator(".compchem-admin-reachable")).to_have_text("reachable")
    site.stop_worker()
    try:
        page.goto(health, wait_until="domcontentloaded")
        expect(page.locator(".compchem-admin-reachable")).to_have_text("unreachable")
        expect(page.locator(".compchem-admin-error")).to_contain_text("worker")
        page.screenshot(path=str(screenshots / "admin-engine-down.png"), full_page=True)
    finally:
        site.start_worker()


def test_non_admins_get_403_everywhere(site, admin_user, visit, owner_api):
    stranger = visit("stranger")
    for path in ("runs", "runs/any-run-1", "workflows", "engine"):
        answer = stranger.page.goto(f"{site.url}/administration/compchem/{path}")
        assert answer.status == 403, path
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {site.users['owner']['token']}"
    api = f"{site.url}/api/compchem/admin"
    for method, path in (
        ("get", "/runs"),
        ("get", "/runs/any-run-1"),
        ("post", "/runs/any-run-1/actions/stop"),
        ("post", "/bulk"),
        ("get", "/bulk"),
        ("get", "/workflows"),
        ("post", "/workflows/cclib-summary/pause"),
        ("get", "/health"),
    ):
        answer = getattr(session, method)(f"{api}{path}", json={})
        assert answer.status_code == 403, (path, answer.status_code)
