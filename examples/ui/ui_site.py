# SPDX-License-Identifier: MIT
"""A local InvenioRDM site with the processing panel: UI and API in one app.

Used by ``./run-demo.sh --ui``, the browser tests (``tests/ui``) and
``benchmarks/bench_panel.py``. It serves the cached webpack build of
``scripts/ui_build.py`` and runs every part for real: PostgreSQL, osmem-server,
Redis as broker and cache, the application on a loopback port and a Celery
worker running the local engine.

``python examples/ui/ui_site.py setup`` (run by :meth:`Site.setup` with the site's
environment) creates the tables, indices, RDM's fixtures with trimmed
vocabularies and the site's users.
"""

import ast
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PASSWORD = "compchem-ui-123"
"""Password of every user of the site (a throwaway local site)."""

USERS = {
    "owner": "owner@example.org",
    "previewer": "previewer@example.org",
    "stranger": "stranger@example.org",
    "admin": "admin@example.org",
}
"""The site's users: a depositor, someone a draft is shared with, anyone else,
and an administrator (``administration-access``: the ``/administration`` pages)."""


SLOW_SECONDS = 40
"""How long the site's slow workflow works before it summarises."""

SLOW_CODE = (
    "import sys, time\n"
    f"for second in range({SLOW_SECONDS}):\n"
    f"    print(f'working {{second + 1}}/{SLOW_SECONDS}', flush=True)\n"
    "    time.sleep(1)\n"
    "from invenio_compchem_processor.processors.cclib_summary import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def site_workflows():
    """The shipped workflow plus a slow one, to catch runs running.

    ``slow-summary`` is started by hand ("Process files"): it prints a line a
    second for ``SLOW_SECONDS``, then summarises like ``cclib-summary``, so
    that its log can be followed and it can be stopped, retried and
    restarted while it runs.
    """
    from invenio_compchem_processor.config import COMPCHEM_PROCESSOR_WORKFLOWS

    return {
        **COMPCHEM_PROCESSOR_WORKFLOWS,
        "slow-summary": {
            "title": "Slow summary",
            "description": "The summary, after a slow start (to try stop and retry).",
            "match": {"extensions": [".out", ".log"]},
            "auto": False,
            "engines": {
                "local": {
                    "command": [sys.executable, "-c", SLOW_CODE],
                    "timeout": 600,
                    "name": "cclib-summary",
                }
            },
        },
    }


def free_port():
    """A free local port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_config(port, db_uri, search_port, redis_url, queue, workdir, workflows=None):
    """The instance configuration of a site on ``127.0.0.1:port``."""
    ui = f"http://127.0.0.1:{port}"
    config = {
        "SECRET_KEY": "compchem-ui-site",
        "SECURITY_PASSWORD_SALT": "compchem-ui-site-salt",
        "SITE_UI_URL": ui,
        "SITE_API_URL": f"{ui}/api",
        "SQLALCHEMY_DATABASE_URI": db_uri,
        "SEARCH_HOSTS": [{"host": "127.0.0.1", "port": search_port}],
        "SEARCH_INDEX_PREFIX": "compchem-ui-",
        "CACHE_REDIS_URL": redis_url,
        "ACCOUNTS_SESSION_REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_ENABLED": False,
        "IIIF_CACHE_REDIS_URL": redis_url,
        "COMMUNITIES_IDENTITIES_CACHE_REDIS_URL": redis_url,
        "BROKER_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": False,
        # Tasks of this site go to its own queues, whatever else shares Redis.
        "CELERY_TASK_DEFAULT_QUEUE": f"{queue}-default",
        # Plain HTTP on loopback: no forced HTTPS, no secure-only cookies.
        "APP_DEFAULT_SECURE_HEADERS": {
            "content_security_policy": {
                "default-src": ["'self'", "data:", "'unsafe-inline'", "blob:"],
            },
            "content_security_policy_report_only": False,
            "content_security_policy_report_uri": None,
            "force_file_save": False,
            "force_https": False,
            "force_https_permanent": False,
            "frame_options": "sameorigin",
            "frame_options_allow_from": None,
            "session_cookie_http_only": True,
            "session_cookie_secure": False,
            "strict_transport_security": False,
            "strict_transport_security_include_subdomains": False,
            "strict_transport_security_max_age": 0,
            "strict_transport_security_preload": False,
        },
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "SECURITY_CONFIRMABLE": False,
        "TRUSTED_HOSTS": ["127.0.0.1", "localhost"],
        "MAIL_SUPPRESS_SEND": True,
        "THEME_FRONTPAGE": False,
        "DATACITE_ENABLED": False,
        "RDM_PERSISTENT_IDENTIFIERS": {},
        "RDM_PARENT_PERSISTENT_IDENTIFIERS": {},
        # Drafts of hundreds of outputs (RDM's default is 100 files).
        "RDM_RECORDS_MAX_FILES_COUNT": 500,
        "APP_RDM_DEPOSIT_FORM_QUOTA": {"maxFiles": 500, "maxStorage": 10**10},
        "COMPCHEM_PROCESSOR_ENGINE": "local",
        "COMPCHEM_PROCESSOR_API_URL": f"{ui}/api",
        "COMPCHEM_PROCESSOR_LOCAL_QUEUE": queue,
        "COMPCHEM_PROCESSOR_LOCAL_WORKDIR": str(workdir / "runs"),
        "COMPCHEM_PROCESSOR_LOCAL_KILL_GRACE": 2,
        "COMPCHEM_PROCESSOR_LOCAL_HEALTH_TIMEOUT": 1.0,
    }
    if workflows:
        config["COMPCHEM_PROCESSOR_WORKFLOWS"] = workflows
    return config


def environment(config, instance_path, static_folder):
    """``INVENIO_*`` variables that give every process of the site its settings."""
    env = dict(os.environ)
    for key, value in config.items():
        assert ast.literal_eval(repr(value)) == value, key
        env[f"INVENIO_{key}"] = repr(value)
    env["INVENIO_INSTANCE_PATH"] = str(instance_path)
    env["INVENIO_STATIC_FOLDER"] = str(static_folder)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    return env


class Site:
    """One site: its database, search server, application and worker processes."""

    def __init__(self, workdir, build, db_name, redis_url, workflows=None):
        """``build`` is a folder made by ``scripts/ui_build.py``."""
        self.workdir = Path(workdir)
        self.build = Path(build)
        self.db_name = db_name
        self.db_uri = f"postgresql+psycopg2://postgres@127.0.0.1:5432/{db_name}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.queue = f"compchem-ui-{uuid.uuid4().hex[:8]}"
        self.redis_url = redis_url
        self.workflows = site_workflows() if workflows is None else workflows
        self.search = None
        self.server = None
        self.worker = None
        self.env = None
        self.users = {}

    #
    # Parts
    #
    def start_search(self):
        """osmem-server, an in-memory OpenSearch-compatible server."""
        from osmem_server import OsmemServer

        self.search = OsmemServer.start(japanese=False)
        search_port = int(self.search.url.rsplit(":", 1)[1])
        config = site_config(
            self.port,
            self.db_uri,
            search_port,
            self.redis_url,
            self.queue,
            self.workdir,
            self.workflows,
        )
        self.env = environment(config, self.workdir / "instance", self.build / "static")

    def setup(self):
        """A fresh database, indices, fixtures and users (``python ui_site.py setup``)."""
        for folder in ("instance", "runs", "files", "logs"):
            (self.workdir / folder).mkdir(parents=True, exist_ok=True)
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", self.db_name], check=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", self.db_name], check=True)
        env = dict(self.env, INVENIO_CELERY_TASK_ALWAYS_EAGER="True")
        log = self.workdir / "logs" / "setup.log"
        with open(log, "w") as out:
            done = subprocess.run(
                [sys.executable, __file__, "setup", str(self.workdir)],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        if done.returncode:
            raise RuntimeError(f"site setup failed:\n{log.read_text()[-4000:]}")
        self.users = json.loads((self.workdir / "users.json").read_text())

    def _start(self, name, args):
        log = open(self.workdir / "logs" / f"{name}.log", "ab")
        process = subprocess.Popen(
            args,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        return process

    def start_server(self, timeout=120):
        """The application (UI and ``/api``) on loopback, threaded."""
        serve = (
            "from werkzeug.serving import run_simple\n"
            "from invenio_app.wsgi import application\n"
            f"run_simple('127.0.0.1', {self.port}, application, threaded=True)\n"
        )
        self.server = self._start("server", [sys.executable, "-c", serve])
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.log('server')}")
            try:
                if requests.get(f"{self.url}/api/", timeout=5).status_code < 500:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the server did not answer:\n{self.log('server')}")

    def start_worker(self, timeout=90):
        """A Celery worker on the site's queues: the local engine's and the default."""
        self.worker = self._start(
            "worker",
            [
                sys.executable, "-m", "celery", "-A", "invenio_app.celery", "worker",
                "-Q", f"{self.queue},{self.queue}-default", "-c", "2",
                "-n", f"{self.queue}@%h", "--without-gossip", "--without-mingle",
                "-l", "info",
            ],
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.worker.poll() is not None:
                raise RuntimeError(f"the worker exited:\n{self.log('worker')}")
            if "ready." in self.log("worker", tail=20000):
                return
            time.sleep(0.5)
        raise RuntimeError(f"the worker did not start:\n{self.log('worker')}")

    def stop_worker(self):
        """Stop the worker (the engine becomes unavailable)."""
        _stop(self.worker)
        self.worker = None
        # The next worker's "ready." must not be read from this one's lines.
        log = self.workdir / "logs" / "worker.log"
        if log.exists():
            log.rename(log.with_suffix(f".{int(time.time())}.log"))

    def stop(self):
        """Stop everything this site started."""
        _stop(self.worker)
        _stop(self.server)
        if self.search is not None:
            self.search.close()
        self.worker = self.server = self.search = None

    def log(self, name, tail=4000):
        """The end of a process's log."""
        path = self.workdir / "logs" / f"{name}.log"
        return path.read_text(errors="replace")[-tail:] if path.exists() else ""

    def drop_database(self):
        """Remove the site's database."""
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", self.db_name],
            check=False,
        )


def _stop(process, grace=20):
    """SIGTERM to the process group, then SIGKILL; only the site's own processes."""
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


#
# Setup, in a process of its own with the site's environment
#
LANGUAGES = {
    "ar", "de", "el", "en", "es", "fi", "fr", "it", "ja", "ko", "nl", "no",
    "pl", "pt", "ru", "sv", "tr", "uk", "zh",
}  # fmt: skip
"""Languages (by two-letter code) the site's language field offers."""

LICENSES = {
    "cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0", "cc-by-nd-4.0", "cc0-1.0",
    "mit", "apache-2.0", "bsd-3-clause", "gpl-3.0-or-later", "lgpl-3.0-or-later",
    "mpl-2.0", "odc-by-1.0",
}  # fmt: skip
"""Licenses the site's rights field offers."""

PROGRAMMING_LANGUAGES = {"c", "c++", "fortran", "julia", "python", "r", "rust", "shell"}
"""Programming languages of the software fields (RDM lists 706)."""


def write_app_data(instance_path):
    """Instance fixtures: RDM's, with short language, license and names lists.

    RDM's full lists (7,847 languages, 419 licenses, 706 programming
    languages, 6,585 ORCID names) take minutes to half an hour to load on two
    cores; the site keeps a few of each, taken from RDM's own files, so that
    a fresh site is set up in about a minute.
    """
    import csv

    import yaml
    from invenio_rdm_records import fixtures

    source = Path(fixtures.__file__).parent / "data" / "vocabularies"
    target = Path(instance_path) / "app_data"
    (target / "vocabularies").mkdir(parents=True, exist_ok=True)
    for name in ("vocabularies.yaml", "vocabularies/names.yaml"):
        (target / name).write_text((HERE / "app_data" / name).read_text())
    languages = [
        entry
        for entry in yaml.safe_load((source / "languages.yaml").read_text())
        if (entry.get("props") or {}).get("alpha_2") in LANGUAGES
    ]
    (target / "vocabularies" / "languages.yaml").write_text(
        yaml.safe_dump(languages, allow_unicode=True)
    )
    codemeta = "contrib/codemeta/programming_languages.yaml"
    programming = [
        entry
        for entry in yaml.safe_load((source / codemeta).read_text())
        if entry["id"] in PROGRAMMING_LANGUAGES
    ]
    (target / "vocabularies" / "programming_languages.yaml").write_text(
        yaml.safe_dump(programming, allow_unicode=True)
    )
    with open(source / "licenses.csv", newline="") as full:
        rows = list(csv.reader(full))
    with open(target / "vocabularies" / "licenses.csv", "w", newline="") as short:
        csv.writer(short).writerows([rows[0], *(r for r in rows[1:] if r[0] in LICENSES)])


def setup_site(workdir):
    """Tables, indices, fixtures and users, in the current process.

    Writes ``users.json``: each user's email, id and a personal API token.
    """
    from flask_security.utils import hash_password
    from invenio_access.models import ActionRoles, ActionUsers
    from invenio_access.permissions import superuser_access
    from invenio_administration.permissions import administration_access_action
    from invenio_accounts.proxies import current_datastore
    from invenio_app.factory import create_app
    from invenio_app_rdm.fixtures import FixturesEngine as PagesFixtures
    from invenio_db import db
    from invenio_files_rest.models import Location
    from invenio_access.permissions import system_identity
    from invenio_rdm_records.fixtures import FixturesEngine
    from invenio_oauth2server.models import Token
    from invenio_search import current_search

    app = create_app()
    write_app_data(app.instance_path)
    with app.app_context():
        start = time.monotonic()
        db.create_all()
        files = str(Path(workdir) / "files")
        db.session.add(Location(name="default", uri=files, default=True))
        admin = current_datastore.create_role(name="admin")
        db.session.add(ActionRoles.allow(superuser_access, role=admin))
        db.session.commit()
        list(current_search.put_templates(ignore=[400]))
        list(current_search.put_component_templates(ignore=[400]))
        list(current_search.put_index_templates(ignore=[400]))
        list(current_search.create(ignore=[400]))
        print(f"tables and indices: {time.monotonic() - start:.0f} s", flush=True)
        FixturesEngine(system_identity).run()
        PagesFixtures().run()
        print(f"fixtures: {time.monotonic() - start:.0f} s", flush=True)
        users = {}
        for role, email in USERS.items():
            user = current_datastore.create_user(
                email=email,
                password=hash_password(PASSWORD),
                active=True,
                confirmed_at=db.func.now(),
            )
            # A public profile, so that a draft can be shared with them by id.
            user.preferences = {"visibility": "public", "email_visibility": "restricted"}
            if role == "admin":
                db.session.add(
                    ActionUsers.allow(administration_access_action, user=user)
                )
            db.session.commit()
            token = Token.create_personal(role, user.id, scopes=[], is_internal=False)
            db.session.commit()
            users[role] = {"email": email, "id": user.id, "token": token.access_token}
        (Path(workdir) / "users.json").write_text(json.dumps(users, indent=2))
        current_search.flush_and_refresh("*")
        print(f"users: {time.monotonic() - start:.0f} s", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["setup"]:
        setup_site(sys.argv[2])
    else:
        sys.exit(__doc__)
