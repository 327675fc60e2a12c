# SPDX-License-Identifier: MIT
"""Fixtures of the Argo engine tests: a fresh fake Argo server per test.

Each test gets its own server so injected faults and state never leak; the
server's contract violations fail the test at teardown.
"""

import pytest

from tests.fakes.argo_server import FakeArgoServer
from invenio_compchem_processor.engines.argo import ArgoEngine
from invenio_compchem_processor.engines.argo.templates import load_templates
from invenio_compchem_processor.engines.base import RunRequest

NAMESPACE = "argo"
TOKEN = "test-token"
TEMPLATE = "compchem-cclib-summary"
"""The shipped template the fake holds from the start (with the others)."""
READ_TIMEOUT = 1.0


def _run_request(record_id="abcde-12345", sequence=1, workflow="cclib-summary", **kw):
    name = f"{workflow}-{record_id}-{sequence}"
    return RunRequest(
        name=name,
        workflow=workflow,
        record_id=record_id,
        sequence=sequence,
        file_keys=kw.pop("file_keys", ("water.out",)),
        parameters=kw.pop(
            "parameters",
            {"api-url": "https://rdm.test/api", "run-name": name, "credential": "c-1"},
        ),
        engine_options=kw.pop("engine_options", {"template": TEMPLATE}),
        **kw,
    )


@pytest.fixture()
def make_request():
    """Builds submit requests: one file, the template, the run's parameters."""
    return _run_request


@pytest.fixture()
def fake_argo():
    """A started fake Argo server with the shipped templates; no violations."""
    server = FakeArgoServer(namespace=NAMESPACE, keepalive=0.2)
    server.start()
    for manifest in load_templates():
        server.add_template(manifest)
    server.require_token(TOKEN)
    yield server
    server.stop()
    server.assert_valid()


@pytest.fixture()
def argo_engine(fake_argo):
    """An engine on the fake with short timeouts and small pages."""
    engine = ArgoEngine(
        url=fake_argo.url,
        namespace=NAMESPACE,
        token=TOKEN,
        connect_timeout=0.5,
        read_timeout=READ_TIMEOUT,
        page_size=3,
        watch_attempts=2,
        watch_backoff=0.05,
    )
    yield engine
    engine.client.session.close()


def pytest_terminal_summary(terminalreporter):
    """Say how much traffic the fake Argo servers checked against the contract."""
    totals = FakeArgoServer.totals
    if not totals:
        return
    terminalreporter.write_sep("-", "fake Argo server contract checks")
    terminalreporter.write_line(
        f"{totals['requests']} requests and "
        f"{totals['responses'] + totals['stream lines']} responses "
        f"({totals['stream lines']} of them stream lines) validated against "
        f"swagger-v3.7.18.json; {totals['manifests']} manifests against "
        "jsonschema-v3.7.18.json"
    )
