# SPDX-License-Identifier: MIT
"""Argo objects to and from the engine's value types.

Kept apart from the HTTP client so that manifests can be built and checked
against Argo's JSON schema without a server.
"""

import json
import re
from datetime import datetime, timezone

from .base import (
    ANNOTATION_FILES,
    LABEL_NAME,
    LABEL_RECORD,
    LABEL_SEQUENCE,
    LABEL_WORKFLOW,
    Phase,
    RunStatus,
    StepStatus,
)

API_VERSION = "argoproj.io/v1alpha1"

FILES_PARAMETER = "files"
"""Workflow parameter holding the JSON list of the run's file keys."""

DAG_ENTRYPOINT = "main"
"""Entrypoint of a generated DAG."""

DEFAULT_TEMPLATE = "main"
"""Template used inside a WorkflowTemplate named without ``/template``."""

_TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)?$")


_LABEL_VALUE_CHARS = set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."
)


def label_value(value):
    """Refuse values that would change the meaning of a label selector."""
    if not value or len(value) > 63 or set(value) - _LABEL_VALUE_CHARS:
        raise ValueError(f"{value!r} is not a valid label value.")
    return value


def _value(value):
    """Argo parameter values are strings; structured values travel as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value)


def _arguments(request):
    options = request.engine_options or {}
    values = {
        **(options.get("parameters") or {}),
        **(request.parameters or {}),
        FILES_PARAMETER: list(request.file_keys),
    }
    return {"parameters": [{"name": k, "value": _value(v)} for k, v in values.items()]}


def _dag(templates, cluster_scope):
    """A chain of ``templateRef`` tasks, each waiting for the previous one.

    Tasks pass no arguments: templates read ``{{workflow.parameters.*}}``, so
    the same template runs alone (``workflowTemplateRef``) or in a chain.
    """
    tasks, seen = [], {}
    for entry in templates:
        template_name, _, template = entry.partition("/")
        seen[template_name] = seen.get(template_name, 0) + 1
        task_name = template_name
        if seen[template_name] > 1:
            task_name = f"{template_name}-{seen[template_name]}"
        task = {
            "name": task_name,
            "templateRef": {
                "name": template_name,
                "template": template or DEFAULT_TEMPLATE,
                "clusterScope": cluster_scope,
            },
        }
        if tasks:
            task["dependencies"] = [tasks[-1]["name"]]
        tasks.append(task)
    return [{"name": DAG_ENTRYPOINT, "dag": {"tasks": tasks}}]


def build_workflow(request, namespace=None):
    """The Workflow manifest that starts ``request``.

    The name is explicit (never ``generateName``) so that a retried submit
    cannot start a second copy: Argo answers 409 instead.
    """
    options = request.engine_options or {}
    cluster_scope = bool(options.get("cluster_scope", False))
    metadata = {
        "name": request.name,
        "labels": {
            **(request.labels or {}),
            LABEL_RECORD: request.record_id,
            LABEL_WORKFLOW: request.workflow,
            LABEL_SEQUENCE: str(request.sequence),
            LABEL_NAME: request.name,
        },
        "annotations": {
            **(request.annotations or {}),
            ANNOTATION_FILES: json.dumps(list(request.file_keys)),
        },
    }
    if namespace:
        metadata["namespace"] = namespace
    spec = {"arguments": _arguments(request)}
    if options.get("template"):
        spec["workflowTemplateRef"] = {
            "name": options["template"],
            "clusterScope": cluster_scope,
        }
    elif options.get("templates"):
        spec["entrypoint"] = DAG_ENTRYPOINT
        spec["templates"] = _dag(options["templates"], cluster_scope)
    else:
        raise ValueError(
            f"Workflow {request.workflow!r} has no Argo 'template' or 'templates'."
        )
    return {
        "apiVersion": API_VERSION,
        "kind": "Workflow",
        "metadata": metadata,
        "spec": spec,
    }


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


def parse_progress(value):
    """Argo's ``"done/total"`` as a tuple."""
    done, slash, total = (value or "").partition("/")
    if not slash or not done.isdigit() or not total.isdigit():
        return None
    return int(done), int(total)


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
    template = (node.get("templateRef") or {}).get("template") or node.get(
        "templateName"
    )
    prefix = f"{workflow_name}-"
    if not template or not node_id.startswith(prefix):
        return node_id or None
    if ".inline" in (node.get("name") or ""):
        return node_id
    return f"{workflow_name}-{template}-{node_id[len(prefix):]}"


def step_status(workflow_name, node):
    """One Argo node as a step."""
    template = (node.get("templateRef") or {}).get("template") or node.get(
        "templateName"
    )
    return StepStatus(
        name=node.get("id") or node.get("name"),
        display_name=node.get("displayName") or node.get("name"),
        type=node.get("type"),
        phase=Phase.from_argo(node.get("phase")),
        started_at=parse_time(node.get("startedAt")),
        finished_at=parse_time(node.get("finishedAt")),
        message=node.get("message") or None,
        template_name=template,
        pod_name=pod_name(workflow_name, node),
    )


def run_status(workflow, with_steps=True):
    """An Argo Workflow (possibly projected to a few fields) as a run status."""
    metadata = workflow.get("metadata") or {}
    status = workflow.get("status") or {}
    name = metadata.get("name")
    steps = ()
    if with_steps:
        nodes = (status.get("nodes") or {}).values()
        steps = tuple(
            sorted(
                (step_status(name, node) for node in nodes),
                key=lambda s: (s.started_at is None, s.started_at or 0, s.name),
            )
        )
    return RunStatus(
        name=name,
        phase=Phase.from_argo(status.get("phase")),
        progress=parse_progress(status.get("progress")),
        started_at=parse_time(status.get("startedAt")),
        finished_at=parse_time(status.get("finishedAt")),
        message=status.get("message") or None,
        labels=dict(metadata.get("labels") or {}),
        annotations=dict(metadata.get("annotations") or {}),
        steps=steps,
        resource_version=metadata.get("resourceVersion"),
    )
