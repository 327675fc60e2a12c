# SPDX-License-Identifier: MIT
"""The shipped WorkflowTemplates: schema, safety of the credential, behaviour.

Argo needs Kubernetes, which tests do not have, so the templates are checked
against Argo's JSON schema, and their containers' commands (the package's
``run_client`` and the processor), read from the YAML, are run for real
against a small stand-in of the run callback API on loopback.
"""

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tests.fakes.callback_api import CallbackApiServer
from tests.fakes.swagger_validation import contract_dir
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from invenio_compchem_processor import run_client
from invenio_compchem_processor.config import (
    COMPCHEM_PROCESSOR_CREDENTIAL_TTL,
    COMPCHEM_PROCESSOR_WORKFLOWS,
)
from invenio_compchem_processor.engines.argo import templates as argo

SAMPLES = Path(__file__).parents[2] / "data" / "compchem"
DEFINITION = "io.argoproj.workflow.v1alpha1.WorkflowTemplate"
CREDENTIAL = "s3cret-run-credential"
TEMPLATES = argo.load_templates()
IDS = [t["metadata"]["name"] for t in TEMPLATES]
CCLIB = TEMPLATES[IDS.index("compchem-cclib-summary")]
"""The template of the default workflow, whose containers run below."""
RUN_CLIENT = ["python3", "-m", "invenio_compchem_processor.run_client"]
SUMMARY_SCHEMA = json.loads(
    (Path(run_client.__file__).parent / "schemas" / "summary-v1.0.0.json").read_text()
)


def _validator(strict=False):
    """WorkflowTemplate validator with the schema file as the registry root.

    ``strict`` forbids properties the schema does not define: Argo's schema
    allows any, so a misspelt field (``retrystrategy``) would pass unnoticed.
    """
    schema = json.loads((Path(contract_dir()) / "jsonschema-v3.7.18.json").read_text())
    if strict:
        schema = copy.deepcopy(schema)
        for definition in schema["definitions"].values():
            if "properties" in definition:
                definition["additionalProperties"] = False
    registry = Registry().with_resource(schema["$id"], Resource.from_contents(schema))
    root = {"$ref": f"{schema['$id']}#/definitions/{DEFINITION}"}
    return Draft202012Validator(root, registry=registry)


def _errors(validator, manifest):
    return [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(manifest)
    ]


def _strings(node):
    """Every string in a manifest."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _containers(manifest):
    """``(template, container)`` of every container, container sets included."""
    for template in manifest["spec"]["templates"]:
        if template.get("container"):
            yield template, template["container"]
        for container in (template.get("containerSet") or {}).get("containers", []):
            yield template, container


def _callers(manifest):
    """The containers that call Invenio: those running ``run_client``."""
    return [c for _, c in _containers(manifest) if c.get("command") == RUN_CLIENT]


def _by_name(manifest):
    """Containers by name; a plain container template's by the template's."""
    return {
        container.get("name") or template["name"]: container
        for template, container in _containers(manifest)
    }


#
# Schema
#
def test_there_is_a_template_for_the_default_workflow():
    argo_options = COMPCHEM_PROCESSOR_WORKFLOWS["cclib-summary"]["engines"]["argo"]
    assert argo_options["template"] in IDS


@pytest.mark.parametrize("manifest", TEMPLATES, ids=IDS)
@pytest.mark.parametrize("strict", [False, True], ids=["schema", "strict"])
def test_templates_validate_against_argo_schema(manifest, strict):
    assert _errors(_validator(strict), manifest) == []


@pytest.mark.parametrize(
    "breakage, strict",
    [
        (lambda m: m.pop("spec"), False),
        (lambda m: m.update(kind="Workflow"), False),
        (lambda m: m["spec"].update(templates={"main": {}}), False),
        (lambda m: m["spec"].update(activeDeadlineSeconds="soon"), False),
        (lambda m: m["spec"]["templates"][0].update(retrystrategy={}), True),
    ],
    ids=["no-spec", "wrong-kind", "templates-not-a-list", "deadline-not-int", "typo"],
)
def test_broken_templates_are_refused(breakage, strict):
    manifest = copy.deepcopy(CCLIB)
    breakage(manifest)
    assert _errors(_validator(strict), manifest)


#
# Structure and safety
#
@pytest.mark.parametrize("manifest", TEMPLATES, ids=IDS)
def test_variables_are_declared(manifest):
    """Only declared parameters are used, and no script trips Argo's ``{{``."""
    spec = manifest["spec"]
    declared = {p["name"]: p.get("value") for p in spec["arguments"]["parameters"]}
    assert {"api-url", "run-name", "credential", "files", "image"} <= set(declared)
    used = re.findall(r"\{\{([^}]*)\}\}", json.dumps(manifest))
    allowed = {f"workflow.parameters.{name}" for name in declared} | {"workflow.status"}
    assert set(used) <= allowed
    assert spec["entrypoint"] == "main"  # what generated DAGs reference
    image = "ghcr.io/inveniosoftware-contrib/compchem-processor:0.1.0"
    assert declared["image"] == image


@pytest.mark.parametrize("manifest", TEMPLATES, ids=IDS)
def test_credential_is_never_echoed(manifest):
    reference = "{{workflow.parameters.credential}}"
    holders = [
        env
        for _, container in _containers(manifest)
        for env in container.get("env") or []
        if reference in env.get("value", "")
    ]
    assert holders and all(
        e == {"name": "RUN_CREDENTIAL", "value": reference} for e in holders
    )
    assert json.dumps(manifest).count(reference) == len(holders)  # nowhere else
    for text in _strings(manifest):
        assert "set -x" not in text and "xtrace" not in text
        for line in text.splitlines():
            if re.search(r"\b(echo|printf|print)\b", line):
                assert "CREDENTIAL" not in line.upper(), line
    # Only run_client's containers get it (processors do not) ...
    assert len(holders) == len(_callers(manifest))
    for container in _callers(manifest):
        assert container["args"] in (["download"], ["upload"], ["end"])
    # ... and run_client only puts it in the Authorization header.
    source = Path(run_client.__file__).read_text().splitlines()
    for line in source:
        if "self._credential" in line:
            assert "= credential" in line or "Authorization" in line, line


def test_run_client_uses_the_containers_volume():
    """``WORK_DIR`` is the shared volume; the processor writes where upload reads."""
    container_set = CCLIB["spec"]["templates"][0]["containerSet"]
    mounts = {m["name"]: m["mountPath"] for m in container_set["volumeMounts"]}
    for container in container_set["containers"]:
        env = {e["name"]: e.get("value") for e in container.get("env") or []}
        if container.get("command") == RUN_CLIENT:
            assert env["WORK_DIR"] == mounts["work"]
        else:  # a processor: <command> WORK_DIR/in WORK_DIR/out/<its name>
            work = mounts["work"]
            assert f" {work}/in {work}/out/{container['name']}" in " ".join(
                container["command"] + container["args"]
            )


@pytest.mark.parametrize("manifest", TEMPLATES, ids=IDS)
def test_exit_handler_ends_the_run(manifest):
    spec = manifest["spec"]
    handler = {t["name"]: t for t in spec["templates"]}[spec["onExit"]]
    container = handler["container"]
    assert container["command"] == RUN_CLIENT and container["args"] == ["end"]
    assert {"name": "RUN_PHASE", "value": "{{workflow.status}}"} in container["env"]
    assert handler["retryStrategy"]["limit"]


@pytest.mark.parametrize("manifest", TEMPLATES, ids=IDS)
def test_pods_are_bounded_and_unprivileged(manifest):
    spec = manifest["spec"]
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["runAsUser"] != 0
    assert spec["activeDeadlineSeconds"] > 0
    for template in spec["templates"]:
        assert int(template["activeDeadlineSeconds"]) < spec["activeDeadlineSeconds"]
    for _, container in _containers(manifest):
        assert container["image"] == "{{workflow.parameters.image}}"
        assert {"requests", "limits"} <= set(container["resources"])
        assert container["securityContext"]["allowPrivilegeEscalation"] is False
    names = {c.get("name") for _, c in _containers(manifest)}
    for _, container in _containers(manifest):
        assert set(container.get("dependencies") or []) <= names


def _seconds(text):
    """An Argo duration ("30s", "5m", "2h" or plain seconds) in seconds."""
    number, unit = re.fullmatch(r"(\d+)([smh]?)", str(text)).groups()
    return int(number) * {"": 1, "s": 1, "m": 60, "h": 3600}[unit]


def _worst_case(template):
    """Seconds a template may take: every attempt to its deadline, every backoff."""
    retry = template.get("retryStrategy") or {}
    limit, backoff = int(retry.get("limit", 0)), retry.get("backoff") or {}
    waits = sum(
        _seconds(backoff["duration"]) * int(backoff.get("factor", 1)) ** attempt
        for attempt in range(limit if backoff else 0)
    )
    if backoff.get("maxDuration"):
        waits = min(waits, _seconds(backoff["maxDuration"]))
    return (limit + 1) * int(template["activeDeadlineSeconds"]) + waits


def test_every_retry_and_the_exit_handler_fit_in_the_workflow_deadline():
    spec = CCLIB["spec"]
    templates = {t["name"]: t for t in spec["templates"]}
    processing = _worst_case(templates[spec["entrypoint"]])
    ending = _worst_case(templates[spec["onExit"]])
    assert (processing, ending) == (3 * 3000 + 30 + 60, 4 * 300 + 10 + 20 + 40)
    deadline = spec["activeDeadlineSeconds"]
    assert processing + ending <= deadline <= COMPCHEM_PROCESSOR_CREDENTIAL_TTL


def test_pods_and_runs_are_deleted_after_the_run():
    """Pods hold the credential in their environment until they are deleted."""
    spec = CCLIB["spec"]
    assert spec["podGC"]["strategy"] in ("OnPodCompletion", "OnWorkflowCompletion")
    assert _seconds(spec["podGC"].get("deleteDelayDuration", "0")) <= 3600
    assert spec["ttlStrategy"]["secondsAfterCompletion"] == 7 * 24 * 3600


def test_run_pods_use_the_named_service_account():
    parameters = {p["name"]: p for p in CCLIB["spec"]["arguments"]["parameters"]}
    assert parameters["service-account"]["value"] == "default"
    for template in CCLIB["spec"]["templates"]:
        assert (
            template["serviceAccountName"] == "{{workflow.parameters.service-account}}"
        )


#
# The containers' commands, run for real
#
@pytest.fixture()
def callback_api():
    """The run callback API's stand-in, accepting the test's credential."""
    with CallbackApiServer(CREDENTIAL) as stub:
        yield stub


def _container_run(name, work, stub, status="Succeeded", **parameters):
    """Run the template's container ``name`` as Argo would, ``/work`` at ``work``.

    Its command, arguments and environment come from the YAML, with the
    workflow's parameters (defaults, the stand-in's URL, the credential,
    ``parameters``) and ``{{workflow.status}}`` filled in.
    """
    manifest = CCLIB
    container = _by_name(manifest)[name]
    values = {
        p["name"]: p["value"]
        for p in manifest["spec"]["arguments"]["parameters"]
        if "value" in p
    }
    values.update({"api-url": stub.url, "credential": CREDENTIAL, "run-name": "r1"})
    values.update(parameters)

    def fill(text):
        text = re.sub(
            r"\{\{workflow\.parameters\.([^}]+)\}\}", lambda m: values[m[1]], text
        )
        text = text.replace("{{workflow.status}}", status)
        return re.sub(r"(?<![\w./])/work\b", lambda m: str(work), text)

    declared = {e["name"]: fill(e["value"]) for e in container.get("env") or []}
    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in ("API_URL", "RUN_CREDENTIAL", "RUN_FILES", "RUN_PHASE", "WORK_DIR")
    }
    environment = {
        **inherited,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HTTP_RETRY_DELAY": "0.01",
        **declared,
    }
    argv = [fill(a) for a in container["command"] + container.get("args", [])]
    if argv[0] == "python3":
        argv[0] = sys.executable
    done = subprocess.run(
        argv, env=environment, capture_output=True, text=True, timeout=300
    )
    assert CREDENTIAL not in done.stdout + done.stderr
    return done


def test_run_downloads_processes_and_uploads(callback_api, tmp_path):
    stub = callback_api
    stub.files = {
        "water mp2.log": (SAMPLES / "gaussian16-water_mp2.log").read_bytes(),
        "notes.out": b"not the output of any quantum chemistry program\n",
    }
    stub.redirect = {"water mp2.log"}
    stub.failures = {("GET", "files"): 1, ("POST", "results"): 2}  # transient 503s
    files = json.dumps(list(stub.files))

    done = _container_run("read-inputs", tmp_path, stub, files=files)
    assert done.returncode == 0, done.stderr
    assert "retrying" in done.stdout + done.stderr
    # Inputs are named by their position and extension, never by their key.
    inputs = sorted(p.name for p in (tmp_path / "in").iterdir())
    assert inputs == ["input-1.log", "input-2.out"]
    storage = [c for c in stub.calls if c[1][0] == "storage"]
    assert storage and all(c[2] is None for c in storage)  # not sent to storage
    assert stub.progress == [
        {"message": "Downloaded 2 files", "progress": {"done": 0, "total": 2}}
    ]

    done = _container_run("cclib-summary", tmp_path, stub, timeout="120")
    assert done.returncode == 0, done.stderr  # one failed input is not a crash
    assert (tmp_path / "out" / "cclib-summary" / "results.json").is_file()

    done = _container_run("write-results", tmp_path, stub, files=files)
    assert done.returncode == 1  # the run reports the failed input
    assert "notes.out" in done.stdout
    assert set(stub.results) == {
        ("water mp2.log", "water mp2.log.summary.json"),
        ("water mp2.log", "water mp2.log.xyz"),
    }
    summary, processor = stub.metadata.pop("water mp2.log")
    assert stub.metadata == {}  # nothing for the failed input
    assert list(Draft202012Validator(SUMMARY_SCHEMA).iter_errors(summary)) == []
    assert summary["formula"] == "H2O" and summary["source"]["filename"]
    assert processor == ("cclib-summary", summary["processor"]["version"])
    assert all(p == processor for _, p in stub.results.values())
    body, _ = stub.results[("water mp2.log", "water mp2.log.summary.json")]
    assert json.loads(body) == summary
    # One request per input with results, its progress report with it.
    assert stub.batches == ["water mp2.log"]
    assert not [c for c in stub.calls if c[0] == "PUT"]
    assert [p["progress"] for p in stub.progress[1:]] == [
        {"done": 1, "total": 2},
        {"done": 2, "total": 2},
    ]
    assert "notes.out" in stub.progress[-1]["message"]
    api_calls = [c for c in stub.calls if c[1][0] == "api"]
    assert all(c[2] == f"Bearer {CREDENTIAL}" for c in api_calls)


def test_exit_handler_container_ends_the_run(callback_api, tmp_path):
    done = _container_run("end-run", tmp_path, callback_api, status="Failed")
    assert done.returncode == 0, done.stderr
    assert callback_api.ended == [{"phase": "Failed"}]
    callback_api.end_status = 401  # stopped from Invenio: already revoked
    done = _container_run("end-run", tmp_path, callback_api, status="Failed")
    assert done.returncode == 0 and "already closed" in done.stdout


def test_refusals_fail_without_showing_the_credential(callback_api, tmp_path):
    callback_api.end_status = 400
    done = _container_run("end-run", tmp_path, callback_api)
    assert done.returncode == 1 and "HTTP 400" in done.stderr
    done = _container_run("read-inputs", tmp_path, callback_api, files='["x.log"]')
    assert done.returncode == 1 and "HTTP 404" in done.stderr  # not retried
    assert "retrying" not in done.stdout + done.stderr
    # _container_run checked that the credential was in no output


def test_run_refuses_an_empty_file_list(callback_api, tmp_path):
    done = _container_run("read-inputs", tmp_path, callback_api, files="[]")
    assert done.returncode != 0 and callback_api.calls == []
