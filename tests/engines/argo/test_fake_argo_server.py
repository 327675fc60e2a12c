# SPDX-License-Identifier: MIT
"""The fake Argo server's own semantics, which the engine tests rely on."""

import json

import pytest
import requests

from tests.fakes.argo_queries import ArgoFailure, parse_selector, project, selects
from invenio_compchem_processor.engines.errors import RunAlreadyExistsError

LABELS = {"app": "compchem", "tier": "gpu", "record": "abcde-12345"}


@pytest.mark.parametrize(
    "selector, selected",
    [
        ("app=compchem", True),
        ("app==compchem,tier=gpu", True),
        ("app=compchem,tier=cpu", False),
        ("tier in (cpu, gpu)", True),
        ("tier notin (cpu,gpu)", False),
        ("record,app!=other", True),
        ("!record", False),
        ("missing!=x", True),
        ("", True),
    ],
)
def test_label_selectors(selector, selected):
    assert selects(parse_selector(selector), LABELS) is selected


def test_a_malformed_selector_is_invalid_argument():
    with pytest.raises(ArgoFailure) as error:
        parse_selector("app=(x")
    assert (error.value.status, error.value.code) == (400, 3)


def test_fields_keep_listed_paths_through_lists_or_drop_them():
    document = {
        "metadata": {"continue": "t", "resourceVersion": "9"},
        "items": [
            {"metadata": {"name": "a", "uid": "1"}, "status": {"phase": "Running"}},
            {"metadata": {"name": "b", "uid": "2"}},
        ],
    }
    kept = project(document, "metadata.continue,items.metadata.name,items.status.phase")
    assert kept == {
        "metadata": {"continue": "t"},
        "items": [
            {"metadata": {"name": "a"}, "status": {"phase": "Running"}},
            {"metadata": {"name": "b"}},
        ],
    }
    dropped = project(document, "-items.metadata.uid,items.status")
    assert dropped["items"][0] == {"metadata": {"name": "a"}}
    assert document["items"][0]["metadata"]["uid"] == "1"


def test_get_honours_excluding_fields(fake_argo, argo_engine, make_request):
    name = argo_engine.submit(make_request()).name
    fake_argo.add_node(name, "summary", "Running")
    answer = argo_engine.client.request(
        "GET", f"/api/v1/workflows/argo/{name}", params={"fields": "-status.nodes"}
    ).json()
    assert "nodes" not in answer["status"] and answer["spec"]["workflowTemplateRef"]


def test_a_foreign_continue_token_is_refused(fake_argo):
    answer = requests.get(
        f"{fake_argo.url}/api/v1/workflows/argo",
        params={"listOptions.continue": "not-a-token"},
        headers={"Authorization": "Bearer test-token"},
    )
    assert answer.status_code == 400 and "continue" in answer.json()["message"]


def test_update_with_a_stale_resource_version_conflicts(fake_argo, argo_engine):
    template = argo_engine.get_template("compchem-cclib-summary")
    argo_engine.update_template(template)
    with pytest.raises(RunAlreadyExistsError) as error:
        argo_engine.update_template(template)
    assert error.value.status == 409 and "modified" in error.value.message


def test_counters_and_request_log(fake_argo, argo_engine):
    before = (fake_argo.validated_requests, fake_argo.validated_responses)
    argo_engine.health()
    assert (fake_argo.validated_requests, fake_argo.validated_responses) == (
        before[0] + 1,
        before[1] + 1,
    )
    assert fake_argo.requests[-1] == {
        "method": "GET",
        "path": "/api/v1/version",
        "query": {},
        "accept": "application/json",
    }


def _log_lines(fake_argo, path, container):
    answer = requests.get(
        f"{fake_argo.url}{path}",
        params={"logOptions.container": container},
        headers={"Authorization": "Bearer test-token"},
    )
    assert answer.status_code == 200  # Argo refuses a pod's log only on its side
    return [json.loads(line)["result"]["content"] for line in answer.text.splitlines()]


def test_a_container_set_is_one_pod_of_named_containers(
    fake_argo, argo_engine, make_request
):
    name = argo_engine.submit(make_request()).name
    fake_argo.set_phase(name, "Running")
    fake_argo.add_node(name, name, "Running", template_name="main")
    nodes = fake_argo.state.get_workflow(name)["status"]["nodes"]
    containers = sorted(
        (n["name"], n["displayName"])
        for n in nodes.values()
        if n["type"] == "Container"
    )
    assert containers == [
        (f"{name}.cclib-summary", "cclib-summary"),
        (f"{name}.read-inputs", "read-inputs"),
        (f"{name}.write-results", "write-results"),
    ]  # the names the shipped template's containerSet gives
    fake_argo.add_log(name, name, ["ok"], container="cclib-summary")
    pod_log = f"/api/v1/workflows/argo/{name}/{name}/log"
    assert _log_lines(fake_argo, pod_log, "cclib-summary") == ["ok"]
    assert _log_lines(fake_argo, pod_log, "main") == []  # no such container
    assert _log_lines(fake_argo, f"/api/v1/workflows/argo/{name}/log", "main") == []
    assert _log_lines(fake_argo, f"/api/v1/workflows/argo/{name}/no-pod/log", "x") == []
