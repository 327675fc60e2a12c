# SPDX-License-Identifier: MIT
"""A draft of 200 files: the panel lists them all and refreshes with one request.

The event stream is refused here: this is the panel's polling, its fallback
(following events, it asks nothing while runs are silent: test_live_events).
"""

import re
import time

from playwright.sync_api import expect

from examples.ui.depositor import SAMPLES
from tests.ui.on_screen import PANEL

FILES = 200
ACTIVE = 10
RUNS_LIST = re.compile(r"/api/records/[^/]+/draft/compchem/runs\?size=100$")


def test_two_hundred_files_one_runs_request_per_refresh(visit, site, owner_api):
    record_id = owner_api.create_draft("Many files")
    water = (SAMPLES / "gaussian16-water_mp2.log").read_bytes()
    frames = {f"frame-{i:03d}.txt": b"%d\n" % i for i in range(FILES - ACTIVE)}
    outputs = {f"conf-{i:02d}.log": water for i in range(ACTIVE)}
    owner_api.upload(record_id, {**frames, **outputs})
    owner_api.wait_for_runs(
        record_id,
        lambda runs: len(runs) == ACTIVE and not any(r["active"] for r in runs),
        timeout=240,
    )
    slow = [owner_api.start_run(record_id, "slow-summary", [key]) for key in outputs]

    owner = visit("owner")
    page = owner.page
    page.route("**/compchem/events**", lambda route: route.fulfill(status=503, body="{}"))
    seen = []
    page.on(
        "request",
        lambda r: "/compchem/" in r.url and seen.append((time.monotonic(), r.url)),
    )
    owner.open_deposit(record_id)
    panel = page.locator(PANEL)
    expect(panel.locator("tr[data-run]")).to_have_count(ACTIVE, timeout=60000)
    expect(panel.locator("[data-file]")).to_have_count(FILES)
    expect(panel.locator("tr[data-state='unmatched']")).to_have_count(FILES - ACTIVE)

    start = time.monotonic()
    page.wait_for_timeout(20000)
    window = [url for at, url in seen if at >= start and "/compchem/events" not in url]
    refreshes = [url for url in window if RUNS_LIST.search(url)]
    assert len(refreshes) >= 3, window  # it kept refreshing while runs were active
    assert refreshes == window, window  # and only ever asked for the runs list
    # Once every run has ended, the panel stops asking.
    for run in slow:
        owner_api.session.post(run["links"]["stop"])
    expect(panel.locator("tr[data-phase='Stopped']")).to_have_count(ACTIVE, timeout=90000)
    page.wait_for_timeout(2000)  # the refresh that saw them end
    quiet_from = time.monotonic()
    page.wait_for_timeout(15000)
    assert [url for at, url in seen if at >= quiet_from] == []
    assert owner.errors == []
