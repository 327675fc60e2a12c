# SPDX-License-Identifier: MIT
"""The whole job on embedded defaults: upload outputs, watch them processed.

Starts PostgreSQL's database (or SQLite), osmem-server, a broker (Redis,
RabbitMQ, or a SQLite-backed one), the Invenio API and a real Celery worker
running the local engine; then acts as a depositor over HTTP and prints what
processing found. ``--keep`` leaves everything running.
"""

import argparse
import json
import os
import shutil
import socket
import sys
import time
from pathlib import Path

import requests
from demo_children import (  # beside this script, which Python puts on sys.path
    Children,
    Stopped,
    exit_quietly,
    signals_ignored,
    stop_on_signals,
)
from smtp_sink import PrintingHandler, start_sink

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "data" / "compchem"
WORKDIR = ROOT / "var" / "demo"
PG_URI = "postgresql+psycopg2://postgres@127.0.0.1:5432/compchem_demo"


def say(text):
    """Progress for the person running the demo."""
    print(f"== {text}", flush=True)


def answers(port, host="127.0.0.1"):
    """Whether something listens on a local port."""
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, port)) == 0


def free_port():
    """A free local port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def choose_database():
    """PostgreSQL when it answers (a fresh database), else SQLite."""
    import sqlalchemy as sa
    from sqlalchemy_utils import create_database, database_exists, drop_database

    try:
        sa.create_engine(
            PG_URI.rsplit("/", 1)[0] + "/postgres", connect_args={"connect_timeout": 3}
        ).connect().close()
    except Exception:
        say("database: PostgreSQL does not answer; using SQLite")
        return f"sqlite:///{WORKDIR / 'demo.db'}"
    if database_exists(PG_URI):
        drop_database(PG_URI)
    create_database(PG_URI)
    say("database: PostgreSQL at 127.0.0.1:5432 (database compchem_demo)")
    return PG_URI


def choose_broker():
    """Redis, else RabbitMQ, else a broker kept in a SQLite file."""
    if answers(6379):
        say("broker and cache: Redis at 127.0.0.1:6379")
        redis = "redis://127.0.0.1:6379/"
        return {
            "BROKER_URL": redis + "11",
            "CELERY_BROKER_URL": redis + "11",
            "CELERY_RESULT_BACKEND": redis + "12",
            "CACHE_REDIS_URL": redis + "13",
            "ACCOUNTS_SESSION_REDIS_URL": redis + "14",
            "RATELIMIT_STORAGE_URI": redis + "15",
        }
    embedded = {
        "CACHE_TYPE": "SimpleCache",
        "ACCOUNTS_SESSION_REDIS_URL": None,
        "RATELIMIT_STORAGE_URI": "memory://",
        "CELERY_RESULT_BACKEND": f"db+sqlite:///{WORKDIR / 'results.db'}",
    }
    if answers(5672):
        say("broker: RabbitMQ at 127.0.0.1:5672; cache: in-process")
        url = "amqp://guest:guest@127.0.0.1:5672//"
    else:
        say("broker: no Redis or RabbitMQ; using an embedded SQLite-backed broker")
        url = f"sqla+sqlite:///{WORKDIR / 'broker.db'}"
    return {**embedded, "BROKER_URL": url, "CELERY_BROKER_URL": url}


def instance_env(db_uri, search_port, api_port, broker, mail_port):
    """The instance configuration, as ``INVENIO_*`` variables for every process."""
    api = f"http://127.0.0.1:{api_port}/api"
    config = {
        "SQLALCHEMY_DATABASE_URI": db_uri,
        "SEARCH_HOSTS": [{"host": "127.0.0.1", "port": search_port}],
        "SECRET_KEY": "demo-secret-key",
        "SECURITY_PASSWORD_SALT": "demo-salt",
        "SITE_UI_URL": f"http://127.0.0.1:{api_port}",
        "SITE_API_URL": api,
        "APP_ALLOWED_HOSTS": ["127.0.0.1", "localhost"],
        "APP_DEFAULT_SECURE_HEADERS": {
            "force_https": False,
            "content_security_policy": {"default-src": []},
        },
        "DATACITE_ENABLED": False,
        "RDM_PERSISTENT_IDENTIFIERS": {},
        "RDM_PARENT_PERSISTENT_IDENTIFIERS": {},
        # Notifications go to the demo's own SMTP sink, which prints them.
        "MAIL_SUPPRESS_SEND": False,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": mail_port,
        "MAIL_DEFAULT_SENDER": "repository@example.org",
        "COMPCHEM_PROCESSOR_ENGINE": "local",
        "COMPCHEM_PROCESSOR_API_URL": api,
        "COMPCHEM_PROCESSOR_LOCAL_WORKDIR": str(WORKDIR / "runs"),
        **broker,
    }
    if db_uri.startswith("sqlite"):
        # RDM's engine options are PostgreSQL's; SQLite's writers wait for
        # each other instead of failing with "database is locked".
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 60}}
    env = dict(os.environ)
    env.update({f"INVENIO_{k}": repr(v) for k, v in config.items()})
    env["INVENIO_INSTANCE_PATH"] = str(WORKDIR / "instance")
    return env, api


def setup_instance(children, env):
    """Tables, indices, a files location, the vocabulary a draft needs, a depositor."""
    script = f"""
import sys
from invenio_app.factory import create_api
app = create_api()
with app.app_context():
    from invenio_db import db
    from invenio_search import current_search
    from invenio_files_rest.models import Location
    from invenio_access.permissions import system_identity
    from invenio_vocabularies.proxies import current_service as vocabularies
    from invenio_accounts.proxies import current_datastore
    from invenio_oauth2server.models import Token
    db.create_all()
    list(current_search.create(ignore_existing=True))
    db.session.add(Location(name="demo", uri={str(WORKDIR / 'files')!r}, default=True))
    vocabularies.create_type(system_identity, "resourcetypes", "rsrct")
    vocabularies.create(system_identity, {{"id": "dataset", "title": {{"en": "Dataset"}},
        "type": "resourcetypes", "tags": ["depositable", "linkable"], "icon": "table",
        "props": {{"type": "dataset", "subtype": "", "csl": "dataset",
                   "datacite_general": "Dataset", "datacite_type": "",
                   "openaire_resourceType": "21", "openaire_type": "dataset",
                   "eurepo": "info:eu-repo/semantics/other",
                   "schema.org": "https://schema.org/Dataset",
                   "marc21_type": "dataset", "marc21_subtype": ""}}}})
    user = current_datastore.create_user(email="depositor@example.org",
        password=None, active=True, confirmed_at=db.func.now())
    db.session.commit()
    token = Token.create_personal("demo", user.id, scopes=[], is_internal=False)
    db.session.commit()
    print(token.access_token)
"""
    code = children.run("setup", [sys.executable, "-c", script], env)
    output = (WORKDIR / "setup.log").read_text(errors="replace")
    if code != 0:
        sys.exit(f"instance setup failed:\n{output[-3000:]}")
    return output.strip().splitlines()[-1]


def wait_for(api, token, deadline):
    """Until the API answers."""
    while time.time() < deadline:
        try:
            res = requests.get(
                f"{api}/compchem/workflows",
                headers={"Authorization": f"Bearer {token}"},
                timeout=5,
            )
            if res.status_code == 200:
                return res.json()
        except requests.ConnectionError:
            pass
        time.sleep(1)
    sys.exit("the API did not start; see var/demo/api.log")


def deposit(session, api):
    """Create a draft and upload every sample through RDM's file API."""
    draft = session.post(
        f"{api}/records",
        json={
            "access": {"record": "public", "files": "public"},
            "files": {"enabled": True},
            "metadata": {
                "title": "Computational chemistry outputs",
                "resource_type": {"id": "dataset"},
                "publication_date": "2026-11-23",
                "creators": [
                    {
                        "person_or_org": {
                            "type": "personal",
                            "family_name": "Demo",
                            "given_name": "Dee",
                        }
                    }
                ],
            },
        },
    )
    draft.raise_for_status()
    record_id = draft.json()["id"]
    keys = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".out", ".log"))
    files = f"{api}/records/{record_id}/draft/files"
    for key in keys:
        session.post(files, json=[{"key": key}]).raise_for_status()
        session.put(
            f"{files}/{key}/content",
            data=(SAMPLES / key).read_bytes(),
            headers={"Content-Type": "application/octet-stream"},
        ).raise_for_status()
        session.post(f"{files}/{key}/commit").raise_for_status()
    say(f"uploaded {len(keys)} files to draft {record_id}")
    return record_id, keys


def wait_for_runs(session, api, record_id, keys, deadline):
    """Until every file's run has finished."""
    url = f"{api}/records/{record_id}/draft/compchem/runs"
    while True:
        runs = session.get(url, params={"size": 100}).json()["hits"]["hits"]
        by_file = {run["files"][0]["key"]: run for run in runs}
        done = [
            r
            for r in by_file.values()
            if r["status"]["phase"] not in ("Pending", "Running")
        ]
        if len(by_file) == len(keys) and len(done) == len(keys):
            return by_file
        if time.time() > deadline:
            return by_file
        time.sleep(2)


def summary_of(session, api, record_id, key):
    """The summary a run wrote for a file, from the draft's media files."""
    res = session.get(
        f"{api}/records/{record_id}/draft/media-files/{key}.summary.json/content"
    )
    return res.json() if res.status_code == 200 else None


def report(session, api, record_id, keys, runs):
    """One line per file: run, phase, summary or reason."""
    processed = failed = 0
    for key in keys:
        run = runs.get(key)
        if run is None:
            print(f"{key}: no run")
            continue
        phase = run["status"]["phase"]
        line = f"{key}\n    run {run['name']}: {phase}"
        if phase == "Succeeded":
            processed += 1
            summary = summary_of(session, api, record_id, key) or {}
            energies = summary.get("energies") or {}
            line += (
                f"\n    {summary.get('program')} {summary.get('program_version')}, "
                f"{summary.get('formula')}, {summary.get('natom')} atoms, "
                f"energies (hartree) {json.dumps(energies)}"
            )
        else:
            failed += 1
            line += f"\n    reason: {run['status']['message']}"
        print(line)
    print(f"\n{processed} processed, {failed} failed")
    return processed, failed


def show_mail(mailbox, deadline):
    """The digest of the ended runs, as the depositor's mailbox got it."""
    say("mail: waiting for the digest of the ended runs")
    while not mailbox.received and time.time() < deadline:
        time.sleep(1)
    if not mailbox.received:
        say("mail: none arrived within a minute (see worker.log)")
    for text in mailbox.printed:
        print(text, end="", flush=True)


def main(argv=None):
    """Run the demo."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", action="store_true", help="leave it all running")
    parser.add_argument(
        "--timeout", type=int, default=300, help="seconds to wait for runs"
    )
    parser.add_argument(
        "--ui",
        action="store_true",
        help="the deposit form with the processing panel in a browser "
        "(needs PostgreSQL and Redis; see examples/ui/demo_ui.py)",
    )
    args = parser.parse_args(argv)
    if args.ui:
        sys.path.insert(0, str(ROOT / "examples" / "ui"))
        from demo_ui import main as ui_demo

        return ui_demo()

    with stop_on_signals():
        try:
            return demo(args)
        except Stopped as error:
            return exit_quietly(error)


def demo(args):
    """Start everything, deposit, report; then stop all it started, come what may."""
    shutil.rmtree(WORKDIR, ignore_errors=True)
    for directory in ("instance", "runs", "files"):
        (WORKDIR / directory).mkdir(parents=True)
    from osmem_server import OsmemServer

    children = Children(WORKDIR)
    search = OsmemServer.start(japanese=False)
    mailbox = PrintingHandler(out=None)
    sink = start_sink(mailbox, port=free_port())
    try:
        return _demo(args, children, search, mailbox, sink.port)
    finally:
        with signals_ignored():
            children.stop()
            search.close()
            sink.stop()


def _demo(args, children, search, mailbox, mail_port):
    search_port = int(search.url.rsplit(":", 1)[1])
    say(f"search: osmem-server at {search.url}")
    say(f"mail: an SMTP sink at 127.0.0.1:{mail_port} prints what the repository sends")
    api_port = free_port()
    db_uri = choose_database()
    env, api = instance_env(db_uri, search_port, api_port, choose_broker(), mail_port)
    concurrency = "1" if db_uri.startswith("sqlite") else "2"
    token = setup_instance(children, env)
    sqlite = db_uri.startswith("sqlite")
    server = (
        "from werkzeug.serving import run_simple; "
        "from invenio_app.wsgi import application; "
        f"run_simple('127.0.0.1', {api_port}, application, threaded={not sqlite})"
    )
    worker = ["celery", "-A", "invenio_app.celery", "worker"]
    worker += ["-Q", "celery,compchem-local", "-c", concurrency, "-l", "warning"]
    children.start("api", [sys.executable, "-c", server], env)
    if not sqlite:
        children.start("worker", worker, env)
    workflows = wait_for(api, token, time.time() + 120)
    names = [workflow["name"] for workflow in workflows["hits"]["hits"]]
    say(f"API at {api}; workflows: {names}")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    record_id, keys = deposit(session, api)
    if sqlite:
        # SQLite takes one writer at a time: process after the uploads.
        children.start("worker", worker, env)
    runs = wait_for_runs(session, api, record_id, keys, time.time() + args.timeout)
    processed, failed = report(session, api, record_id, keys, runs)
    show_mail(mailbox, time.time() + 60)
    if args.keep:
        print(
            f"\nStill running (stop with Ctrl-C). Try:\n"
            f"  curl -H 'Authorization: Bearer {token}' "
            f"{api}/records/{record_id}/draft/compchem/runs\n"
            f"Logs: {WORKDIR}/api.log, {WORKDIR}/worker.log",
            flush=True,
        )
        children.wait(report=say)
    return 0 if processed + failed == len(keys) else 1


if __name__ == "__main__":
    sys.exit(main())
