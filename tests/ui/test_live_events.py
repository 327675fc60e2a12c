# SPDX-License-Identifier: MIT
"""The panel follows live run events, and polls only when the stream is down.

While a run is active the panel opens the draft's event stream: a run's
phase changes on screen with no request for the runs list in between (a run
an event names is read alone, at ``/compchem/runs/<name>``). When the stream
cannot be opened the panel polls the list as before. A run that ends while
the owner watches is told in a toast.
"""

from urllib.parse import urlparse

from playwright.sync_api import expect

from tests.ui.on_screen import (
    PANEL,
    phases_seen,
    record_phases,
    run_row,
    upload_in_form,
)

WATER = "gaussian16-water_mp2.log"
PSI4 = "psi4-water_mp2.out"
NWCHEM = "nwchem7-water_mp2.out"


class ListRequests:
    """The requests a page makes for a draft's runs list."""

    def __init__(self, page):
        self.urls = []
        page.on("request", self._note)

    def _note(self, request):
        if urlparse(request.url).path.endswith("/compchem/runs"):
            self.urls.append(request.url)

    def __len__(self):
        return len(self.urls)


def slow_run_on(owner_api, record_id, key):
    """A manual slow run over ``key``, Running: the panel has a live run to follow."""
    run = owner_api.start_run(record_id, "slow-summary", [key])
    owner_api.wait_for_runs(
        record_id,
        lambda runs: any(
            r["name"] == run["name"] and r["status"]["phase"] == "Running" for r in runs
        ),
    )
    return run


def test_phases_change_by_events_without_list_requests(visit, owner_api, screenshots):
    record_id = owner_api.create_draft("Live events")
    owner_api.upload_samples(record_id, PSI4)
    owner_api.wait_for_final_phases(record_id)
    slow = slow_run_on(owner_api, record_id, PSI4)

    owner = visit("owner")
    page = owner.open_deposit(record_id)
    panel = page.locator(PANEL)
    expect(panel).to_have_attribute("data-updates", "events", timeout=30000)
    record_phases(page)
    listed = ListRequests(page)

    # An upload through the form: its run arrives as events, Pending to Succeeded.
    upload_in_form(page, NWCHEM)
    row = run_row(page, NWCHEM)
    expect(row).to_have_attribute("data-phase", "Succeeded", timeout=90000)
    name = row.get_attribute("data-run")
    seen = phases_seen(page, name)
    assert seen[-1] == "Succeeded" and "Running" in seen, seen
    expect(row.locator(".compchem-headline")).to_contain_text("H2O", timeout=30000)
    toast = page.locator(f".compchem-toast[data-run='{name}']")
    expect(toast).to_contain_text("succeeded")
    expect(toast).to_contain_text(NWCHEM)
    page.screenshot(path=str(screenshots / "live-events-toast.png"))

    # A stop elsewhere (the API) reaches the screen the same way.
    owner_api.session.post(slow["links"]["stop"])
    expect(run_row(page, PSI4)).to_have_attribute("data-phase", "Stopped", timeout=60000)
    expect(page.locator(f".compchem-toast[data-run='{slow['name']}']")).to_contain_text(
        "was stopped"
    )
    assert len(listed) == 0, listed.urls
    # Every run ended: the stream is closed, nothing is asked any more.
    expect(panel).to_have_attribute("data-updates", "idle")
    assert owner.errors == []


def test_panel_polls_when_the_stream_cannot_open(visit, owner_api):
    record_id = owner_api.create_draft("No events")
    owner_api.upload_samples(record_id, PSI4)
    owner_api.wait_for_final_phases(record_id)
    slow = slow_run_on(owner_api, record_id, PSI4)

    owner = visit("owner")
    page = owner.page
    page.route("**/compchem/events**", lambda route: route.fulfill(status=503, body="{}"))
    page = owner.open_deposit(record_id)
    panel = page.locator(PANEL)
    expect(panel).to_have_attribute("data-updates", "polling", timeout=30000)
    listed = ListRequests(page)
    owner_api.session.post(slow["links"]["stop"])
    expect(run_row(page, PSI4)).to_have_attribute("data-phase", "Stopped", timeout=60000)
    assert len(listed) >= 1
    expect(panel).to_have_attribute("data-updates", "idle")
    assert owner.errors == []
