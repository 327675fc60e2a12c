# SPDX-License-Identifier: MIT
"""The panel's freshness and its load on the server, measured in Chromium.

On one UI site (``examples/ui/ui_site.py``, the cached build of
``scripts/ui_build.py``), with the owner's deposit form open:

(a) time from a run's end (the engine's ``finished`` time) to the panel
    showing its final phase, for runs of the ``slow-summary`` workflow
    (about 45 s each, so that polling has backed off when they end);
(b) the panel's requests per minute on a draft of 200 files, idle (every run
    ended) and with 10 active runs, over one minute each.

Both are measured twice in the same run: with live events (the panel's
default) and with the event stream refused (the panel then polls).

Usage, from the repository's root:
``python -m benchmarks.bench_panel [--runs 4] [--minutes 1]``
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from examples.ui.depositor import SAMPLES, Depositor
from examples.ui.ui_site import PASSWORD, Site

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM = os.environ.get("COMPCHEM_UI_CHROMIUM", "/usr/bin/chromium")
WATER = (SAMPLES / "gaussian16-water_mp2.log").read_bytes()
FINAL = {"Succeeded", "Failed", "Error", "Stopped"}

SHOWN_AT = """
() => {
  window.compchemShown = {};
  const note = (row) => {
    if (["Succeeded", "Failed", "Error", "Stopped"].includes(row.dataset.phase)
        && !(row.dataset.run in window.compchemShown)) {
      window.compchemShown[row.dataset.run] = Date.now();
    }
  };
  new MutationObserver(() => document.querySelectorAll("tr[data-run]").forEach(note))
    .observe(document.body, {subtree: true, childList: true, attributes: true,
                             attributeFilter: ["data-phase"]});
}
"""
"""Notes when each row first shows a final phase (epoch milliseconds)."""


def log_in(browser, site):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{site.url}/login/")
    page.fill("input[name=email]", site.users["owner"]["email"])
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    return page


def refuse_events(page):
    """The event stream cannot be opened: the panel polls."""
    page.route("**/compchem/events**", lambda route: route.fulfill(status=503, body="{}"))


def end_to_screen(page, site, owner, count):
    """(a): seconds from each run's end to its final phase on screen."""
    record_id = owner.create_draft("Freshness")
    keys = [f"water-{i}.log" for i in range(count)]
    owner.upload(record_id, {k: WATER for k in keys})
    owner.wait_for_runs(
        record_id, lambda runs: len(runs) == count and not any(r["active"] for r in runs)
    )
    # Started before the form opens: the panel refreshes while runs are
    # active, and learns of runs started elsewhere only when it refreshes.
    names = [owner.start_run(record_id, "slow-summary", [k])["name"] for k in keys]
    page.goto(f"{site.url}/uploads/{record_id}")
    page.wait_for_selector("#compchem-processing-panel tr[data-run]")
    page.evaluate(SHOWN_AT)
    runs = owner.wait_for_runs(
        record_id,
        lambda runs: all(
            r["status"]["phase"] in FINAL for r in runs if r["name"] in names
        ),
        timeout=600,
    )
    page.wait_for_function(
        "(n) => n.every((name) => name in window.compchemShown)", arg=names, timeout=60000
    )
    shown = page.evaluate("() => window.compchemShown")
    lags = []
    for run in runs:
        if run["name"] in names:
            finished = datetime.fromisoformat(run["status"]["finished"]).timestamp()
            lags.append(shown[run["name"]] / 1000 - finished)
    return lags


def requests_per_minute(page, site, record_id, seconds):
    """(b): the panel's API requests during ``seconds`` on the open form."""
    seen = []
    listener = lambda r: "/api/" in r.url and seen.append(r.url)  # noqa: E731
    page.goto(f"{site.url}/uploads/{record_id}")
    page.wait_for_selector("#compchem-processing-panel tr[data-run]", timeout=60000)
    page.wait_for_timeout(2000)  # the first load is not a refresh
    page.on("request", listener)
    page.wait_for_timeout(seconds * 1000)
    page.remove_listener("request", listener)
    lists = [u for u in seen if re.search(r"/draft/compchem/runs\?", u)]
    one_run = [u for u in seen if re.search(r"/draft/compchem/runs/[^/?]+$", u)]
    other = len(seen) - len(lists) - len(one_run)
    return tuple(n * 60 / seconds for n in (len(lists), len(one_run), other))


def many_files_draft(owner, active):
    """200 files: 10 outputs (processed), 190 other files."""
    record_id = owner.create_draft("Two hundred files")
    files = {f"frame-{i:03d}.txt": b"%d\n" % i for i in range(200 - active)}
    files.update({f"conf-{i:02d}.log": WATER for i in range(active)})
    owner.upload(record_id, files)
    owner.wait_for_runs(
        record_id,
        lambda runs: len(runs) == active and not any(r["active"] for r in runs),
        timeout=300,
    )
    return record_id, [k for k in files if k.endswith(".log")]


def main(argv=None):
    """Run both measurements and print them side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=4, help="runs for (a)")
    parser.add_argument("--minutes", type=float, default=1.0, help="window of (b)")
    args = parser.parse_args(argv)
    import subprocess

    build = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "ui_build.py")],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    ).stdout.split()[-1]
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="bench-panel-"))
    site = Site(workdir, build, f"compchem_bench_ui_{os.getpid()}", "redis://127.0.0.1:6379/8")
    try:
        site.start_search()
        site.setup()
        site.start_server()
        site.start_worker()
        owner = Depositor(site, "owner")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
            )
            results = {}
            for mode in ("events", "polling"):
                page = log_in(browser, site)
                if mode == "polling":
                    refuse_events(page)
                lags = end_to_screen(page, site, owner, args.runs)
                record_id, outputs = many_files_draft(owner, 10)
                seconds = args.minutes * 60
                idle = requests_per_minute(page, site, record_id, seconds)
                slow = [owner.start_run(record_id, "slow-summary", [k]) for k in outputs]
                busy = requests_per_minute(page, site, record_id, seconds)
                for run in slow:
                    owner.session.post(run["links"]["stop"])
                results[mode] = lags, idle, busy
                page.context.close()
            browser.close()
    finally:
        site.stop()
        site.drop_database()

    print("\n(a) a run's end -> the panel shows it, seconds")
    for mode, (lags, _, _) in results.items():
        print(f"    {mode:8} runs {len(lags)}: median {statistics.median(lags):.1f}  "
              f"min {min(lags):.1f}  max {max(lags):.1f}  "
              f"({', '.join(f'{x:.1f}' for x in lags)})")
    print("\n(b) requests per minute, draft with 200 files")
    print(f"    {'':34}{'runs list':>11}{'one run':>9}{'other API':>11}")
    for mode, (_, idle, busy) in results.items():
        for label, counts in (("idle (all runs ended)", idle), ("10 active runs", busy)):
            print(f"    {mode + ', ' + label:34}{counts[0]:>11.1f}{counts[1]:>9.1f}{counts[2]:>11.1f}")
    events, polling = results["events"][2], results["polling"][2]
    print(f"\n    10 active runs: events make {sum(events):.1f} API requests per minute, "
          f"polling {sum(polling):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
