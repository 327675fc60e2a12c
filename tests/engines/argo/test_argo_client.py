# SPDX-License-Identifier: MIT
"""The Argo client's transport: a slow, broken or refusing Argo Server, tokens."""

import logging
import time
from email.utils import formatdate

import pytest
import requests

from invenio_compchem_processor.engines.argo import ArgoEngine
from invenio_compchem_processor.engines.errors import (
    EngineAuthError,
    EngineUnavailableError,
    RunAlreadyExistsError,
    RunRejectedError,
)

TOKEN = "test-token"
READ_TIMEOUT = 1.0


def test_latency_within_the_read_timeout_is_waited_for(fake_argo, argo_engine):
    fake_argo.inject("latency", seconds=0.4)
    assert argo_engine.health()["version"] == "v3.7.18"
    assert fake_argo.pending_faults() == []  # the slow answer was the one read


def test_latency_beyond_the_read_timeout_is_unavailable_not_a_hang(
    fake_argo, argo_engine
):
    fake_argo.inject("latency", seconds=READ_TIMEOUT + 2)
    with pytest.raises(EngineUnavailableError, match="in time") as error:
        argo_engine.list_runs("abcde-12345")
    assert error.value.retryable and error.value.status is None
    assert fake_argo.pending_faults() == []


def test_500_is_unavailable_with_argos_message(fake_argo, argo_engine):
    fake_argo.inject(500, message="etcdserver: request timed out")
    with pytest.raises(EngineUnavailableError) as error:
        argo_engine.list_runs("abcde-12345")
    assert error.value.status == 500
    assert error.value.message == "etcdserver: request timed out"


@pytest.mark.parametrize("form", ["seconds", "http-date"])
def test_503_carries_retry_after_in_seconds(fake_argo, argo_engine, form):
    header = "30" if form == "seconds" else formatdate(time.time() + 30, usegmt=True)
    fake_argo.inject(503, retry_after=header)
    with pytest.raises(EngineUnavailableError) as error:
        argo_engine.health()
    assert error.value.status == 503
    if form == "seconds":
        assert error.value.retry_after == 30
    else:  # the date is rounded to whole seconds on the wire
        assert error.value.retry_after in (29, 30)


def test_connection_reset_is_unavailable(fake_argo, argo_engine, make_request):
    fake_argo.inject("reset", method="POST")
    with pytest.raises(EngineUnavailableError, match="unreachable"):
        argo_engine.submit(make_request())
    assert fake_argo.state.workflows == {}


def test_server_gone_is_unavailable(fake_argo, argo_engine):
    fake_argo.stop()
    with pytest.raises(EngineUnavailableError, match="unreachable") as error:
        argo_engine.health()
    assert error.value.retryable and error.value.status is None


def test_injected_409_is_already_exists(fake_argo, argo_engine, make_request):
    fake_argo.inject(409, method="POST", message="workflows.argoproj.io exists")
    with pytest.raises(RunAlreadyExistsError):
        argo_engine.submit(make_request())


@pytest.mark.parametrize("status", [401, 403])
def test_401_and_403_are_auth_errors(fake_argo, argo_engine, status):
    fake_argo.inject(status)
    with pytest.raises(EngineAuthError) as error:
        argo_engine.get_run("cclib-summary-abcde-12345-1")
    assert error.value.status == status and not error.value.retryable


def test_a_wrong_token_is_refused_and_never_shown(fake_argo, caplog):
    engine = ArgoEngine(fake_argo.url, "argo", token="s3cr3t-wrong", read_timeout=1)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(EngineAuthError, match="token not valid") as error:
        engine.list_runs("abcde-12345")
    fake_argo.inject("latency", seconds=1.5)
    with pytest.raises(EngineUnavailableError) as slow:
        engine.health()
    shown = " ".join(
        [str(error.value), repr(error.value), str(slow.value), repr(engine)]
    )
    assert "s3cr3t" not in shown + caplog.text
    assert "GET /api/v1/workflows/argo" in caplog.text


def test_token_file_is_reread_on_every_call(fake_argo, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("first-token\n")
    engine = ArgoEngine(
        fake_argo.url, "argo", token_file=str(token_file), read_timeout=1
    )
    fake_argo.require_token("first-token")
    assert engine.list_runs("abcde-12345") == []

    token_file.write_text("rotated-token\n")
    fake_argo.require_token("rotated-token")
    assert engine.list_runs("abcde-12345") == []
    with pytest.raises(EngineAuthError):
        ArgoEngine(fake_argo.url, "argo", token="first-token").list_runs("abcde-12345")


def test_an_unreadable_token_file_is_an_auth_error(tmp_path):
    engine = ArgoEngine("http://127.0.0.1:9", "argo", token_file=str(tmp_path / "none"))
    with pytest.raises(EngineAuthError, match="token file"):
        engine.health()


def test_token_and_token_file_exclude_each_other():
    with pytest.raises(ValueError):
        ArgoEngine("http://127.0.0.1:9", "argo", token="a", token_file="/b")


def test_the_fake_rejects_a_malformed_request(fake_argo):
    headers = {"Authorization": f"Bearer {TOKEN}"}
    bad_body = {"workflow": {"metadata": {"name": 5}, "spec": {"templates": "x"}}}
    answer = requests.post(
        f"{fake_argo.url}/api/v1/workflows/argo", json=bad_body, headers=headers
    )
    assert answer.status_code == 400 and answer.json()["code"] == 3
    bad_query = requests.get(
        f"{fake_argo.url}/api/v1/workflows/argo",
        params={"listOptions.limit": "ten", "labelSelector": "a=b"},
        headers=headers,
    )
    assert bad_query.status_code == 400
    unknown = requests.get(f"{fake_argo.url}/api/v1/runs/argo", headers=headers)
    assert unknown.status_code == 404

    violations = fake_argo.take_violations()
    assert any("metadata/name" in v for v in violations)
    assert any("'labelSelector' is not declared" in v for v in violations)
    assert any("is not an int64" in v for v in violations)
    assert any("no such path" in v for v in violations)
    assert fake_argo.state.workflows == {}


def test_the_fake_flags_a_response_that_breaks_the_swagger(fake_argo):
    from tests.fakes.swagger_validation import spec_validator

    operation, _ = spec_validator().route("GET", "/api/v1/workflows/argo")
    fake_argo.check_response(operation, 200, {"metadata": {}, "items": [{"spec": {}}]})
    fake_argo.check_response(operation, 404, {"code": "NotFound"})
    violations = fake_argo.take_violations()
    assert len(violations) == 2
    assert "'metadata' is a required property" in violations[0]


def test_an_invalid_label_value_is_rejected_with_argos_message(
    argo_engine, make_request
):
    request = make_request(labels={"team": "not a label value"})
    with pytest.raises(RunRejectedError, match="invalid label value"):
        argo_engine.submit(request)
