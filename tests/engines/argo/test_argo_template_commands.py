# SPDX-License-Identifier: MIT
"""The shipped WorkflowTemplates in a cluster: export, push, check, and a retry.

Against the fake Argo server, which stores each run's spec merged with its
template and rebuilds a retried run's parameters as Argo does.
"""

import json
from pathlib import Path

import yaml
from tests.fakes.argo_server import FakeArgoServer

from invenio_compchem_processor.config import COMPCHEM_PROCESSOR_WORKFLOWS
from invenio_compchem_processor.engines.argo import ArgoEngine
from invenio_compchem_processor.engines.argo import templates as argo
from invenio_compchem_processor.engines.base import RunRequest
from invenio_compchem_processor.workflows import load_workflows

TEMPLATES = argo.load_templates()
IDS = [t["metadata"]["name"] for t in TEMPLATES]
CCLIB = TEMPLATES[IDS.index("compchem-cclib-summary")]


def test_export_writes_the_manifests(tmp_path):
    written = argo.export(tmp_path / "out")
    assert [Path(p).name for p in written] == [p.name for p in argo.template_paths()]
    for path in written:
        assert (
            Path(path).read_bytes()
            == (argo.TEMPLATE_DIR / Path(path).name).read_bytes()
        )
        assert yaml.safe_load(Path(path).read_text())["kind"] == "WorkflowTemplate"


def test_push_and_check_against_argo():
    config = {
        "COMPCHEM_PROCESSOR_ENGINE": "argo",
        "COMPCHEM_PROCESSOR_WORKFLOWS": {
            **COMPCHEM_PROCESSOR_WORKFLOWS,
            "chain": {
                "title": "Chain",
                "match": {"extensions": [".out"]},
                "engines": {
                    "argo": {"templates": ["compchem-cclib-summary/main", "other/x"]}
                },
            },
        },
    }
    workflows = load_workflows(config)
    configured = {
        entry["engines"]["argo"]["template"]
        for entry in COMPCHEM_PROCESSOR_WORKFLOWS.values()
    }
    with FakeArgoServer() as server:
        server.require_token("argo-token")
        engine = ArgoEngine(url=server.url, namespace="argo", token="argo-token")
        assert "compchem-cclib-summary" in configured
        assert argo.check(engine, workflows) == sorted(configured | {"other"})

        assert argo.push(engine) == [(name, "created") for name in IDS]
        assert argo.push(engine) == [(name, "exists") for name in IDS]
        assert argo.push(engine, replace=True) == [(name, "exists") for name in IDS]
        assert argo.check(engine, workflows) == ["other"]
        assert argo.check(engine, {"cclib-summary": workflows["cclib-summary"]}) == []

        stored = engine.get_template("compchem-cclib-summary")
        assert stored["spec"] == CCLIB["spec"]
        stored["spec"]["activeDeadlineSeconds"] = 60  # changed in the cluster
        engine.update_template(stored)
        outcome = dict(argo.push(engine, replace=True))
        assert outcome.pop("compchem-cclib-summary") == "updated"
        assert set(outcome.values()) <= {"exists"}
        assert engine.get_template("compchem-cclib-summary")["spec"] == CCLIB["spec"]


def test_a_retry_with_new_parameters_keeps_every_template_parameter():
    name = "cclib-summary-abcde-12345-1"
    declared = {
        p["name"]: p.get("value") for p in CCLIB["spec"]["arguments"]["parameters"]
    }
    given = {"api-url": "https://rdm.test/api", "run-name": name, "credential": "c-1"}
    with FakeArgoServer() as server:
        engine = ArgoEngine(url=server.url, namespace="argo")
        argo.push(engine)
        engine.submit(
            RunRequest(
                name=name,
                workflow="cclib-summary",
                record_id="abcde-12345",
                sequence=1,
                file_keys=("water.out",),
                parameters=given,
                engine_options={"template": "compchem-cclib-summary"},
            )
        )
        server.set_phase(name, "Running")
        server.add_node(name, name, "Failed", template_name="main")
        server.set_phase(name, "Failed")

        engine.retry(name, parameters={"credential": "c-2"})

        pods = {t: server.state.pod_manifest(name, t) for t in ("main", "end-run")}
    values = {**declared, **given, "credential": "c-2", "files": '["water.out"]'}
    assert set(values) == set(declared)
    assert "{{workflow.parameters." not in json.dumps(pods)
    assert {pod["serviceAccountName"] for pod in pods.values()} == {"default"}
    containers = {c["name"]: c for pod in pods.values() for c in pod["containers"]}
    env = {
        (container, e["name"]): e["value"]
        for container, c in containers.items()
        for e in c.get("env") or ()
    }
    assert {c["image"] for c in containers.values()} == {values["image"]}
    assert env[("cclib-summary", "PROCESSOR_TIMEOUT")] == values["timeout"] == "300"
    assert env[("read-inputs", "RUN_CREDENTIAL")] == "c-2"
    assert env[("main", "RUN_CREDENTIAL")] == "c-2"  # the exit handler's pod
    assert env[("write-results", "API_URL")] == values["api-url"]
    assert env[("read-inputs", "RUN_FILES")] == values["files"]
