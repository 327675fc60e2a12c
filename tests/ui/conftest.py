# SPDX-License-Identifier: MIT
"""Browser tests of the processing panel on a real InvenioRDM site.

One site per test session (``examples/ui/ui_site.py``): the cached webpack
build (``scripts/ui_build.py``), a fresh PostgreSQL database with RDM's
fixtures, osmem-server, Redis, the application on a loopback port and a real
Celery worker running the local engine. Playwright drives Debian's Chromium.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
from examples.ui.depositor import Depositor
from examples.ui.ui_site import PASSWORD, Site, site_workflows

CHROMIUM = os.environ.get("COMPCHEM_UI_CHROMIUM", "/usr/bin/chromium")
"""Debian's Chromium (Playwright's own browser download does not work here)."""

REDIS_URL = os.environ.get("COMPCHEM_UI_REDIS_URL", "redis://127.0.0.1:6379/9")
"""Broker, cache and sessions of the test site."""

@pytest.fixture(scope="session")
def ui_build():
    """The webpack build for the current inputs (built once, then cached)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "ui_build.py")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert done.returncode == 0, "the UI build failed (see its log above)"
    return Path(done.stdout.strip().splitlines()[-1])


VISIBLE_START_SECONDS = 3
"""The automatic summary's pause before it starts, on the tests' site only.

A summary takes about a second here, less than the panel's first refresh
interval (1.5 s): without the pause a test could not count on seeing the run
Pending or Running before it succeeds.
"""


def visible_workflows():
    """The site's workflows, the automatic summary pausing before it starts."""
    workflows = site_workflows()
    summary = dict(workflows["cclib-summary"])
    local = dict(summary["engines"]["local"])
    local["command"] = [
        sys.executable,
        "-c",
        f"import sys, time; time.sleep({VISIBLE_START_SECONDS}); "
        "from invenio_compchem_processor.processors.cclib_summary import main; "
        "sys.exit(main(sys.argv[1:]))",
    ]
    local["name"] = "cclib-summary"
    summary["engines"] = {**summary["engines"], "local": local}
    return {**workflows, "cclib-summary": summary}


@pytest.fixture(scope="session")
def site(ui_build, tmp_path_factory):
    """The running site: search, database and fixtures, server, worker."""
    workdir = tmp_path_factory.mktemp("ui-site")
    site = Site(
        workdir,
        ui_build,
        db_name=f"compchem_ui_{os.getpid()}",
        redis_url=REDIS_URL,
        workflows=visible_workflows(),
    )
    try:
        site.start_search()
        site.setup()
        site.start_server()
        site.start_worker()
        yield site
    finally:
        site.stop()
        site.drop_database()
        if os.environ.get("COMPCHEM_UI_KEEP_LOGS"):
            print(f"site logs kept in {workdir / 'logs'}")
        else:
            shutil.rmtree(workdir / "files", ignore_errors=True)


@pytest.fixture(scope="session")
def chromium():
    """Headless Debian Chromium, driven by Playwright.

    (Not named ``browser``: pytest-invenio skips tests using a fixture of that
    name unless its Selenium end-to-end tests are asked for.)
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: ./run-tests.sh installs it "
            "(apt-get install chromium), or set COMPCHEM_UI_CHROMIUM."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


class Visitor:
    """One user's browser session on the site; it records page errors."""

    def __init__(self, site, browser, role):
        """A new context (cookies of its own) for ``role``."""
        self.site = site
        self.role = role
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.page.set_default_timeout(30000)
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def login(self):
        """Log in through RDM's login form."""
        page = self.page
        page.goto(f"{self.site.url}/login/", wait_until="domcontentloaded")
        page.fill("input[name=email]", self.site.users[self.role]["email"])
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        return self

    def open_deposit(self, record_id=None):
        """The deposit form of a draft (or of a new upload)."""
        path = f"/uploads/{record_id}" if record_id else "/uploads/new"
        self.page.goto(f"{self.site.url}{path}", wait_until="domcontentloaded")
        self.page.wait_for_selector("#rdm-deposit-form", timeout=60000)
        return self.page

    def close(self):
        """Close the session."""
        self.context.close()


@pytest.fixture()
def visit(site, chromium):
    """Open logged-in browser sessions: ``visit("owner")``; closed after the test."""
    visitors = []

    def open_session(role):
        visitor = Visitor(site, chromium, role).login()
        visitors.append(visitor)
        return visitor

    yield open_session
    for visitor in visitors:
        visitor.close()


@pytest.fixture()
def admin_user(site):
    """The site's administrator (``administration-access``)."""
    return site.users["admin"]


@pytest.fixture()
def owner_api(site):
    """The owner over the REST API."""
    return Depositor(site, "owner")


@pytest.fixture(scope="session")
def screenshots():
    """Where the tests put their screenshots (kept for people to look at)."""
    folder = Path(os.environ.get("COMPCHEM_UI_SCREENSHOTS", ROOT / "var" / "ui-screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
