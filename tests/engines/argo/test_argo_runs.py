# SPDX-License-Identifier: MIT
"""The Argo engine's run operations against the fake Argo server."""

import json

import pytest

from tests.fakes.argo_server import example_template
from tests.fakes.swagger_validation import spec_validator
from invenio_compchem_processor.engines.argo import ArgoEngine
from invenio_compchem_processor.engines.argo.manifests import (
    ANNOTATION_FILES,
    LABEL_NAME,
    LABEL_RECORD,
    LABEL_SEQUENCE,
    LABEL_WORKFLOW,
    build_workflow,
)
from invenio_compchem_processor.engines.argo.runs import LIST_FIELDS
from invenio_compchem_processor.engines.argo.statuses import pod_name
from invenio_compchem_processor.engines.base import Phase
from invenio_compchem_processor.engines.errors import (
    EngineRunNotFoundError,
    RunAlreadyExistsError,
    RunRejectedError,
)

TEMPLATE = "compchem-cclib-summary"


def test_submit_creates_a_labelled_workflow_from_the_template(
    fake_argo, argo_engine, make_request
):
    request = make_request(
        file_keys=("water.out", "a" * 80 + ".log"),
        engine_options={
            "template": TEMPLATE,
            "parameters": {"grid": "fine", "api-url": "x"},
        },
    )
    status = argo_engine.submit(request)

    assert status.name == "cclib-summary-abcde-12345-1"
    assert status.phase is Phase.PENDING
    assert (status.record_id, status.workflow, status.sequence) == (
        "abcde-12345",
        "cclib-summary",
        1,
    )
    assert status.file_keys == ("water.out", "a" * 80 + ".log")
    stored = fake_argo.state.get_workflow(status.name)
    assert stored["spec"]["workflowTemplateRef"] == {
        "name": TEMPLATE,
        "clusterScope": False,
    }
    parameters = {
        p["name"]: p["value"] for p in stored["spec"]["arguments"]["parameters"]
    }
    assert parameters == {
        "grid": "fine",
        "api-url": "https://rdm.test/api",  # the run's own value wins
        "run-name": "cclib-summary-abcde-12345-1",
        "credential": "c-1",
        "files": json.dumps(["water.out", "a" * 80 + ".log"]),
    }
    assert stored["metadata"]["labels"][LABEL_SEQUENCE] == "1"
    assert json.loads(stored["metadata"]["annotations"][ANNOTATION_FILES])[1].endswith(
        ".log"
    )


def test_a_submit_without_a_required_parameter_is_refused(
    fake_argo, argo_engine, make_request
):
    parameters = {"api-url": "https://rdm.test/api", "credential": "c-1"}
    with pytest.raises(RunRejectedError) as error:
        argo_engine.submit(make_request(parameters=parameters))
    assert error.value.status == 400
    assert error.value.message == (
        "spec.arguments.run-name.value or spec.arguments.run-name.valueFrom "
        "is required"
    )
    assert fake_argo.state.workflows == {}


def test_submit_builds_a_dag_of_template_refs(fake_argo, argo_engine, make_request):
    fake_argo.add_template(example_template("extract", templates=("main", "geometry")))
    request = make_request(engine_options={"templates": [TEMPLATE, "extract/geometry"]})
    argo_engine.submit(request)

    spec = fake_argo.state.get_workflow(request.name)["spec"]
    tasks = spec["templates"][0]["dag"]["tasks"]
    assert spec["entrypoint"] == "main"
    assert [t["templateRef"]["template"] for t in tasks] == ["main", "geometry"]
    assert tasks[1]["dependencies"] == [TEMPLATE]


@pytest.mark.parametrize(
    "options",
    [{"template": TEMPLATE, "cluster_scope": True}, {"templates": ["a", "b/c", "a"]}],
)
def test_every_built_manifest_validates_against_the_json_schema(options, make_request):
    manifest = build_workflow(make_request(engine_options=options), "argo")
    assert spec_validator().check_manifest("Workflow", manifest) == []


def test_submit_needs_a_template(argo_engine, make_request):
    with pytest.raises(ValueError, match="no Argo 'template'"):
        argo_engine.submit(make_request(engine_options={}))


def test_submit_of_a_taken_name_raises_already_exists(argo_engine, make_request):
    argo_engine.submit(make_request())
    with pytest.raises(RunAlreadyExistsError, match="already exists") as error:
        argo_engine.submit(make_request())
    assert error.value.status == 409


def test_submit_with_an_unknown_template_is_rejected_with_argos_message(
    argo_engine, make_request
):
    with pytest.raises(RunRejectedError) as error:
        argo_engine.submit(make_request(engine_options={"template": "missing"}))
    assert error.value.message == 'workflowtemplates.argoproj.io "missing" not found'
    assert error.value.status == 400


def test_list_runs_selects_by_record_and_workflow(fake_argo, argo_engine, make_request):
    argo_engine.submit(make_request(sequence=1))
    argo_engine.submit(make_request(sequence=2, workflow="other"))
    argo_engine.submit(make_request(record_id="zzzzz-99999", sequence=1))
    fake_argo.set_phase("cclib-summary-abcde-12345-1", "Running", progress="1/3")

    runs = argo_engine.list_runs("abcde-12345")
    assert sorted(r.name for r in runs) == [
        "cclib-summary-abcde-12345-1",
        "other-abcde-12345-2",
    ]
    running = next(r for r in runs if r.sequence == 1)
    assert running.phase is Phase.RUNNING and running.progress == (1, 3)
    assert running.started_at is not None and running.steps == ()
    only = argo_engine.list_runs("abcde-12345", workflow="other")
    assert [r.name for r in only] == ["other-abcde-12345-2"]
    selector = fake_argo.requests[-1]["query"]["listOptions.labelSelector"]
    assert selector == [f"{LABEL_RECORD}=abcde-12345,{LABEL_WORKFLOW}=other"]


def test_list_runs_of_named_runs_only(fake_argo, argo_engine, make_request):
    for sequence in (1, 2, 3):
        argo_engine.submit(make_request(sequence=sequence))
    names = ["cclib-summary-abcde-12345-3", "cclib-summary-abcde-12345-1"]

    runs = argo_engine.list_runs("abcde-12345", names=names)

    assert sorted(r.name for r in runs) == sorted(names)
    selector = fake_argo.requests[-1]["query"]["listOptions.labelSelector"][0]
    assert selector.endswith(f"{LABEL_NAME} in ({','.join(sorted(names))})")
    before = len(fake_argo.requests)
    assert argo_engine.list_runs("abcde-12345", names=[]) == []
    assert len(fake_argo.requests) == before


def test_list_runs_pages_through_continue_tokens(fake_argo, argo_engine, make_request):
    for sequence in range(1, 9):
        argo_engine.submit(make_request(sequence=sequence))
    before = len(fake_argo.requests)

    runs = argo_engine.list_runs("abcde-12345")

    assert sorted(r.sequence for r in runs) == list(range(1, 9))
    pages = fake_argo.requests[before:]
    assert len(pages) == 3  # page size 3
    assert "listOptions.continue" not in pages[0]["query"]
    assert all(p["query"]["listOptions.limit"] == ["3"] for p in pages)
    assert all("listOptions.continue" in p["query"] for p in pages[1:])


def test_list_runs_asks_for_a_projection_and_gets_no_spec(
    fake_argo, argo_engine, make_request
):
    argo_engine.submit(make_request())
    fake_argo.add_node("cclib-summary-abcde-12345-1", "main", "Running")
    argo_engine.list_runs("abcde-12345")
    assert fake_argo.requests[-1]["query"]["fields"] == [LIST_FIELDS]

    raw = argo_engine.client.request(
        "GET",
        "/api/v1/workflows/argo",
        params={
            "listOptions.labelSelector": f"{LABEL_RECORD}=abcde-12345",
            "fields": LIST_FIELDS,
        },
    ).json()
    [item] = raw["items"]
    assert item["spec"] == {}  # kept by Go's re-marshalling, emptied by the projection
    assert "nodes" not in item["status"] and "uid" not in item["metadata"]
    assert item["metadata"]["labels"][LABEL_RECORD] == "abcde-12345"


def test_list_runs_refuses_a_record_id_that_would_change_the_selector(argo_engine):
    with pytest.raises(ValueError):
        argo_engine.list_runs("abcde-12345,foo=bar")


def test_get_run_has_steps_with_pod_names(fake_argo, argo_engine, make_request):
    name = argo_engine.submit(make_request()).name
    fake_argo.set_phase(name, "Failed", message="child failed", progress="0/1")
    fake_argo.add_node(name, name, "Failed", type="DAG", template_name="main")
    node_id = fake_argo.add_node(
        name, "summary", "Failed", message="exit code 1", template_name="main"
    )

    run = argo_engine.get_run(name)

    assert run.phase is Phase.FAILED and run.message == "child failed"
    assert run.finished_at >= run.started_at
    step = next(s for s in run.steps if s.type == "Pod")
    assert (step.name, step.display_name, step.phase) == (
        node_id,
        "summary",
        Phase.FAILED,
    )
    assert step.message == "exit code 1" and step.template_name == "main"
    nodes = fake_argo.state.get_workflow(name)["status"]["nodes"]
    assert pod_name(name, nodes[node_id]) == f"{name}-main-{node_id.rsplit('-', 1)[1]}"
    assert pod_name(name, nodes[name]) is None  # the DAG node has no pod
    assert "status.nodes" in fake_argo.requests[-1]["query"]["fields"][0].split(",")


def test_get_run_of_an_unknown_run_raises_not_found(argo_engine):
    with pytest.raises(EngineRunNotFoundError, match="not found"):
        argo_engine.get_run("nope-abcde-12345-1")


@pytest.mark.parametrize(
    "action, strategy", [("stop", "Stop"), ("terminate", "Terminate")]
)
def test_a_stop_shows_stopping_until_the_controller_ends_the_run(
    fake_argo, argo_engine, action, strategy, make_request
):
    name = argo_engine.submit(make_request()).name
    fake_argo.set_phase(name, "Running")
    fake_argo.add_node(name, "summary", "Running")

    run = getattr(argo_engine, action)(name)

    # Argo answers before its controller acts: still Running, stop recorded.
    assert (run.phase, run.stopping) == (Phase.RUNNING, True)
    assert fake_argo.state.get_workflow(name)["spec"]["shutdown"] == strategy
    [listed] = argo_engine.list_runs("abcde-12345")
    assert (listed.phase, listed.stopping) == (Phase.RUNNING, True)
    assert argo_engine.get_run(name).stopping

    fake_argo.state.apply_shutdown(name)  # the controller's turn

    run = argo_engine.get_run(name)
    assert (run.phase, run.stopping) == (Phase.FAILED, False)
    assert run.message == f"Stopped with strategy '{strategy}'"
    assert [s.phase for s in run.steps] == [Phase.FAILED]


def test_the_controller_ends_a_stopped_run_by_itself(
    fake_argo, argo_engine, make_request
):
    name = argo_engine.submit(make_request()).name
    fake_argo.set_phase(name, "Running")
    fake_argo.state.shutdown_delay = 0.05
    argo_engine.stop(name)
    events = argo_engine.watch("abcde-12345", version=fake_argo.state.version)
    ended = next(e for e in events if e.run.phase.is_terminal)
    events.close()
    assert (ended.run.name, ended.run.phase, ended.run.stopping) == (
        name,
        Phase.FAILED,
        False,
    )


def test_stop_sends_the_message_and_is_a_no_op_on_a_finished_run(
    fake_argo, argo_engine, make_request
):
    name = argo_engine.submit(make_request()).name
    fake_argo.set_phase(name, "Succeeded")

    run = argo_engine.stop(name, message="superseded by the repository")

    assert run.phase is Phase.SUCCEEDED  # Argo's 500 "cannot shutdown" is absorbed
    stops = [r for r in fake_argo.requests if r["path"].endswith("/stop")]
    assert len(stops) == 1


def test_retry_restarts_a_failed_run_under_its_name(
    fake_argo, argo_engine, make_request
):
    name = argo_engine.submit(make_request()).name
    fake_argo.set_phase(name, "Failed", message="boom")
    fake_argo.add_node(name, "summary", "Failed")

    run = argo_engine.retry(name)

    assert (run.name, run.phase, run.message, run.steps) == (
        name,
        Phase.RUNNING,
        None,
        (),
    )


@pytest.mark.parametrize("phase", ["Running", "Succeeded"])
def test_retry_of_a_run_that_did_not_fail_is_rejected(
    fake_argo, argo_engine, phase, make_request
):
    name = argo_engine.submit(make_request()).name
    fake_argo.set_phase(name, phase)
    with pytest.raises(RunRejectedError, match="retry"):
        argo_engine.retry(name)


def test_delete_removes_the_run(fake_argo, argo_engine, make_request):
    name = argo_engine.submit(make_request()).name
    assert argo_engine.delete(name) is None
    assert argo_engine.list_runs("abcde-12345") == []
    with pytest.raises(EngineRunNotFoundError):
        argo_engine.delete(name)


def test_max_sequence_reads_the_labels_of_the_records_runs(argo_engine, make_request):
    assert argo_engine.max_sequence("abcde-12345", "cclib-summary") == 0
    for sequence in (1, 7, 3):
        argo_engine.submit(make_request(sequence=sequence))
    argo_engine.submit(make_request(sequence=9, workflow="other"))
    argo_engine.submit(make_request(record_id="zzzzz-99999", sequence=12))
    assert argo_engine.max_sequence("abcde-12345", "cclib-summary") == 7


def test_health_answers_the_server_version(argo_engine):
    assert argo_engine.health()["version"] == "v3.7.18"


def test_templates_list_get_create_update(fake_argo, argo_engine):
    assert TEMPLATE in [t["metadata"]["name"] for t in argo_engine.list_templates()]
    created = argo_engine.create_template(example_template("extract"))
    assert "extract" in [t["metadata"]["name"] for t in argo_engine.list_templates()]
    assert created["metadata"]["resourceVersion"]
    with pytest.raises(RunAlreadyExistsError):
        argo_engine.create_template(example_template("extract"))
    changed = example_template("extract", templates=("main", "geometry"))
    updated = argo_engine.update_template(changed)
    assert [t["name"] for t in updated["spec"]["templates"]] == ["main", "geometry"]
    assert argo_engine.get_template("extract")["metadata"]["generation"] == 2
    with pytest.raises(EngineRunNotFoundError):
        argo_engine.get_template("missing")


def test_from_config_reads_the_prefixed_settings(tmp_path):
    token_file = tmp_path / "token"
    engine = ArgoEngine.from_config(
        {
            "COMPCHEM_PROCESSOR_ARGO_URL": "https://argo.test:2746/",
            "COMPCHEM_PROCESSOR_ARGO_NAMESPACE": "compchem",
            "COMPCHEM_PROCESSOR_ARGO_TOKEN_FILE": str(token_file),
            "COMPCHEM_PROCESSOR_ARGO_VERIFY": "/etc/ssl/argo-ca.pem",
            "COMPCHEM_PROCESSOR_ARGO_CONNECT_TIMEOUT": 1,
            "COMPCHEM_PROCESSOR_ARGO_READ_TIMEOUT": 2,
        }
    )
    client = engine.client
    assert (client.url, client.namespace, client.token_file) == (
        "https://argo.test:2746",
        "compchem",
        str(token_file),
    )
    assert client.verify == "/etc/ssl/argo-ca.pem" and client.timeout == (1.0, 2.0)
    assert (
        ArgoEngine.from_config(
            {
                "COMPCHEM_PROCESSOR_ARGO_VERIFY": "false",
                "COMPCHEM_PROCESSOR_ARGO_URL": "x",
            }
        ).client.verify
        is False
    )


def test_a_step_s_termination_message_is_the_run_s_message(
    fake_argo, argo_engine, make_request
):
    name = argo_engine.submit(make_request()).name
    fake_argo.set_phase(name, "Running")
    pod = fake_argo.add_node(name, "main", "Running", template_name="main")
    reason = "water.out: Gaussian 16 output: the file ends before the calculation finished"
    fake_argo.fail_container(name, pod, "write-results", 1, reason)

    run = argo_engine.get_run(name)
    [listed] = argo_engine.list_runs("abcde-12345")

    assert run.phase is Phase.FAILED and run.message == reason == listed.message
    step = next(s for s in run.steps if s.name == pod)
    assert step.message == f"write-results: Error (exit code 1): {reason}"


def test_a_step_without_a_termination_message_keeps_argo_s_words(
    fake_argo, argo_engine, make_request
):
    name = argo_engine.submit(make_request()).name
    pod = fake_argo.add_node(name, "main", "Running", template_name="main")
    fake_argo.fail_container(name, pod, "cclib-summary", 3)

    assert argo_engine.get_run(name).message == "cclib-summary: Error (exit code 3)"
