# SPDX-License-Identifier: MIT
"""``./run-demo.sh --ui``: the deposit form with the processing panel.

Builds RDM's UI with the package's bundle (cached after the first time, see
``scripts/ui_build.py``), starts a site (``ui_site.py``: PostgreSQL, Redis,
osmem-server, the application and a Celery worker running the local engine),
uploads the sample outputs to a draft as the site's depositor, prints the URL
of its deposit form and a login, and stops everything on Ctrl-C.
"""

import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from depositor import SAMPLES, Depositor  # noqa: E402
from ui_site import PASSWORD, Site  # noqa: E402

WORKDIR = ROOT / "var" / "demo-ui"
DB_NAME = "compchem_demo_ui"
REDIS_URL = "redis://127.0.0.1:6379/10"


def say(text):
    """Progress for the person running the demo."""
    print(f"== {text}", flush=True)


def build():
    """The UI build's folder (minutes the first time, then cached)."""
    say("UI build (the first time takes several minutes; then it is cached)")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "ui_build.py")],
        stdout=subprocess.PIPE,
        text=True,
    )
    if done.returncode:
        sys.exit("the UI build failed")
    return Path(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    """Run the UI demo until Ctrl-C."""
    site = Site(WORKDIR, build(), DB_NAME, REDIS_URL)
    try:
        say("starting osmem-server, setting up the database and fixtures (about a minute)")
        site.start_search()
        site.setup()
        say("starting the application and a Celery worker with the local engine")
        site.start_server()
        site.start_worker()
        owner = Depositor(site, "owner")
        record_id = owner.create_draft("Computational chemistry outputs (demo)")
        keys = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".out", ".log"))
        owner.upload_samples(record_id, *keys)
        say(f"uploaded {len(keys)} sample outputs to draft {record_id}")
        print(
            f"\nOpen {site.url}/uploads/{record_id}\n"
            f"Log in as {site.users['owner']['email']} / {PASSWORD}\n"
            f"(also previewer@example.org and stranger@example.org, same password)\n"
            f"Administration: {site.url}/administration/compchem/runs "
            f"as {site.users['admin']['email']} / {PASSWORD}\n"
            f"Logs: {WORKDIR / 'logs'}. Stop with Ctrl-C.\n",
            flush=True,
        )
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        say("stopping")
        site.stop()
        site.drop_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
