# SPDX-License-Identifier: MIT
"""The Workflow manifest of a run, and the labels that find it again.

Kept apart from the HTTP client so that manifests can be built and checked
against Argo's JSON schema without a server. A run's record, workflow and
sequence travel as labels, so that one labelled query answers for a record.
"""

import json

LABEL_RECORD = "compchem.inveniordm.org/record"
LABEL_WORKFLOW = "compchem.inveniordm.org/workflow"
LABEL_SEQUENCE = "compchem.inveniordm.org/sequence"
LABEL_NAME = "compchem.inveniordm.org/name"
"""The run's own name as a label: Kubernetes selects names only one at a time."""
ANNOTATION_FILES = "compchem.inveniordm.org/files"
"""JSON list of the run's file keys: keys may exceed the 63-character label limit."""

API_VERSION = "argoproj.io/v1alpha1"

FILES_PARAMETER = "files"
"""Workflow parameter holding the JSON list of the run's file keys."""

DAG_ENTRYPOINT = "main"
"""Entrypoint of a generated DAG."""

DEFAULT_TEMPLATE = "main"
"""Template used inside a WorkflowTemplate named without ``/template``."""

_LABEL_VALUE_CHARS = set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."
)


def label_value(value):
    """Refuse values that would change the meaning of a label selector."""
    if not value or len(value) > 63 or set(value) - _LABEL_VALUE_CHARS:
        raise ValueError(f"{value!r} is not a valid label value.")
    return value


def selector(record_id, workflow=None, names=None):
    """The label selector of a record's runs (of a workflow, of some names)."""
    text = f"{LABEL_RECORD}={label_value(record_id)}"
    if workflow:
        text += f",{LABEL_WORKFLOW}={label_value(workflow)}"
    if names is not None:
        values = ",".join(sorted(label_value(name) for name in names))
        text += f",{LABEL_NAME} in ({values})"
    return text


def parameter_value(value):
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
    return {
        "parameters": [
            {"name": k, "value": parameter_value(v)} for k, v in values.items()
        ]
    }


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
