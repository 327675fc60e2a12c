# SPDX-License-Identifier: MIT
"""Argo Workflows, as the Argo Server sends them, read as the engine's value types."""

import json
import re
from datetime import datetime, timezone

from ..base import Phase, RunStatus, StepStatus
from .manifests import ANNOTATION_FILES, LABEL_RECORD, LABEL_SEQUENCE, LABEL_WORKFLOW

_TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?$")
_STEP_REASON = re.compile(
    r"^[a-z0-9][-a-z0-9.]*: \w+ \(exit code \d+\): (?P<reason>\S.*)$", re.S
)


def phase(value):
    """Argo's phase; Argo leaves it empty until the controller picks a run up."""
    return Phase(value) if value else Phase.PENDING


def parse_time(value):
    """An RFC 3339 timestamp (Argo sends nanoseconds, or null) as a datetime."""
    match = _TIME.match(value or "")
    if not match:
        return None
    base, fraction, zone = match.groups()
    micro = (fraction or ".0")[1:7].ljust(6, "0")
    parsed = datetime.strptime(f"{base}.{micro}", "%Y-%m-%dT%H:%M:%S.%f")
    if zone in (None, "Z"):
        return parsed.replace(tzinfo=timezone.utc)
    offset = datetime.strptime(zone.replace(":", ""), "%z").tzinfo
    return parsed.replace(tzinfo=offset)


def run_message(message):
    """The message of a run as Argo gives it, or the reason alone of the step
    that failed it.

    A step that fails writes its reason, in the depositor's words, as its
    termination message (:func:`~invenio_compchem_processor.run_steps.report_termination`),
    which Argo words "{step}: Error (exit code 1): {reason}"; the run's
    message is then the reason, as the local engine gives it. A step that
    left none keeps Argo's words ("cclib-summary: Error (exit code 3)").
    """
    match = _STEP_REASON.match(message or "")
    return match["reason"] if match else message or None


def parse_progress(value):
    """Argo's ``"done/total"`` as a tuple."""
    done, slash, total = (value or "").partition("/")
    if not slash or not done.isdigit() or not total.isdigit():
        return None
    return int(done), int(total)


def _template(node):
    return (node.get("templateRef") or {}).get("template") or node.get("templateName")


def pod_name(workflow_name, node):
    """The pod of a Pod node under Argo's default (v2) pod naming.

    A node's id is ``{workflow}-{hash of its name}`` and its pod is
    ``{workflow}-{template}-{same hash}``; the root node's pod is the workflow.
    """
    if node.get("type") != "Pod":
        return None
    node_id = node.get("id") or ""
    if node_id == workflow_name or node.get("name") == workflow_name:
        return workflow_name
    template = _template(node)
    prefix = f"{workflow_name}-"
    if not template or not node_id.startswith(prefix):
        return node_id or None
    if ".inline" in (node.get("name") or ""):
        return node_id
    return f"{workflow_name}-{template}-{node_id[len(prefix):]}"


def step_status(node):
    """One Argo node as a step."""
    return StepStatus(
        name=node.get("id") or node.get("name"),
        display_name=node.get("displayName") or node.get("name"),
        type=node.get("type"),
        phase=phase(node.get("phase")),
        started_at=parse_time(node.get("startedAt")),
        finished_at=parse_time(node.get("finishedAt")),
        message=node.get("message") or None,
        template_name=_template(node),
    )


def _file_keys(annotations):
    try:
        keys = json.loads(annotations.get(ANNOTATION_FILES) or "[]")
    except ValueError:
        return ()
    return tuple(keys) if isinstance(keys, list) else ()


def _sequence(labels):
    value = labels.get(LABEL_SEQUENCE)
    return int(value) if value and str(value).isdigit() else None


def run_status(workflow, with_steps=True):
    """An Argo Workflow (possibly projected to a few fields) as a run status."""
    metadata = workflow.get("metadata") or {}
    status = workflow.get("status") or {}
    labels = metadata.get("labels") or {}
    steps = ()
    if with_steps:
        nodes = (status.get("nodes") or {}).values()
        steps = tuple(
            sorted(
                map(step_status, nodes),
                key=lambda s: (s.started_at is None, s.started_at or 0, s.name),
            )
        )
    run_phase = phase(status.get("phase"))
    return RunStatus(
        name=metadata.get("name"),
        phase=run_phase,
        record_id=labels.get(LABEL_RECORD),
        workflow=labels.get(LABEL_WORKFLOW),
        sequence=_sequence(labels),
        file_keys=_file_keys(metadata.get("annotations") or {}),
        progress=parse_progress(status.get("progress")),
        started_at=parse_time(status.get("startedAt")),
        finished_at=parse_time(status.get("finishedAt")),
        message=run_message(status.get("message")),
        steps=steps,
        version=metadata.get("resourceVersion"),
        stopping=bool((workflow.get("spec") or {}).get("shutdown"))
        and not run_phase.is_terminal,
    )


def log_sources(workflow, step=None):
    """``(pod, container, step id)`` of each log of a run, or of one of its steps.

    A container set runs in one pod, whose containers are nodes of type
    ``Container`` named ``{pod node}.{container}``, with no pod of their own;
    any other pod's program is its container ``main``. ``step`` is a node id;
    a step that runs no pod (a DAG) has no log. ``None`` for an unknown step.
    """
    name = (workflow.get("metadata") or {}).get("name")
    nodes = ((workflow.get("status") or {}).get("nodes") or {}).values()
    containers = {}
    for node in nodes:
        if node.get("type") == "Container":
            parent = (node.get("name") or "").rpartition(".")[0]
            containers.setdefault(parent, []).append(node)
    sources, found = [], step is None
    for node in nodes:
        found = found or node.get("id") == step
        if node.get("type") != "Pod":
            continue
        pod = pod_name(name, node)
        for child in containers.get(node.get("name")) or [None]:
            owners = {node.get("id"), child and child.get("id")}
            if step is None or step in owners:
                sources.append(
                    (pod, child["displayName"], child["id"])
                    if child
                    else (pod, "main", node.get("id"))
                )
    return sources if found else None
