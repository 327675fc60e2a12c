# SPDX-License-Identifier: MIT
"""schemathesis over docs/openapi.yaml against the real app: no 5xx, no drift.

Every documented operation gets generated requests (bounded: a few examples
each) through the app's WSGI interface, the depositor ones with the owner's
OAuth token on a real draft (with a run) half of the time, so that requests
reach past the 404 of an unknown draft, and the run callbacks with that
run's credential and input file half of the time. The proposals' operations
get, half of the time, a published record and the campaign proposing its
file. Each answer must not be a 5xx and must match the document: its status
code, content type, headers and body.
"""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from invenio_oauth2server.models import Token
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.checks import not_a_server_error

from invenio_access.permissions import system_identity
from invenio_compchem_processor.proxies import current_compchem
from tests.support.published import publish_processed

SPEC = Path(__file__).parents[2] / "docs" / "openapi.yaml"

KEY = "psi4-water_mp2.out"
EXAMPLES = 15
"""Generated requests per operation: the whole module stays within minutes."""

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

SCHEMA = schemathesis.openapi.from_path(SPEC)
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.fixture(scope="module")
def owner_token(app, database, users):
    """A personal OAuth token of the draft's owner."""
    token = Token.create_personal(
        "schemathesis", users["owner"].id, scopes=[], is_internal=False
    )
    database.session.commit()
    return token.access_token


@pytest.fixture()
def target(app, draft_factory, fake_argo_server, owner_token):
    """A draft with a file and its automatic run, and the owner's token."""
    record_id = draft_factory([KEY])
    client = app.test_client()
    headers = {"Authorization": f"Bearer {owner_token}"}
    runs = client.get(f"/records/{record_id}/draft/compchem/runs", headers=headers)
    assert runs.status_code == 200, runs.get_data(as_text=True)
    names = [hit["name"] for hit in runs.json["hits"]["hits"]]
    assert names
    credential = fake_argo_server.parameter(names[0], "credential")
    return record_id, names[0], headers, {"Authorization": f"Bearer {credential}"}


@pytest.fixture()
def proposal(app, users, draft_factory, fake_argo_server):
    """(published record id, campaign id): a campaign proposing the record's file."""
    record_id, _ = publish_processed(app, users, draft_factory, fake_argo_server)
    state = current_compchem.admin_service.start_campaign(
        system_identity, {"processor": "cclib-summary", "older_than": "0.2.0"}
    )
    return record_id, state["id"]


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_the_app_answers_as_documented(app, target, operation, request):
    record_id, run_name, headers, run_headers = target
    callback = operation.path.startswith("/compchem/run/")
    campaign_id = None
    if "/compchem/proposals" in operation.path:
        record_id, campaign_id = request.getfixturevalue("proposal")
    statuses = set()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), real=st.booleans())
    def check(case, real):
        parameters = case.path_parameters or {}
        if real and "pid_value" in parameters:
            parameters["pid_value"] = record_id
            if "name" in parameters:
                parameters["name"] = run_name
            if "campaign_id" in parameters:
                parameters["campaign_id"] = campaign_id
        if real and callback:
            for name in ("key", "source_key"):
                if name in parameters:
                    parameters[name] = KEY
        if callback:
            extra = run_headers if real else None
        else:
            extra = headers
        response = case.call_and_validate(app=app, headers=extra, checks=CHECKS)
        statuses.add(response.status_code)

    check()
    if operation.method.upper() == "GET":
        assert 200 in statuses, statuses  # the draft was reached, not only errors
