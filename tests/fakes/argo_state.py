# SPDX-License-Identifier: MIT
"""The fake Argo server's state, with Argo's and Kubernetes' semantics.

Workflows and templates by name, a global increasing resourceVersion, a log
of watch events for resuming, pod logs; label selectors, ``fields``
projection and limit/continue pagination as the real server applies them.
Everything here is plain data under one lock: the HTTP side is elsewhere.
"""

import base64
import copy
import json
import re
import threading
import uuid
from datetime import datetime, timezone

from .argo_controller import ArgoController, new_node, now
from .argo_pods import TERMINAL, PodLogs
from .argo_queries import ArgoFailure, parse_selector, selects

_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")


def not_found(kind, name):
    """Kubernetes' 404 for a missing object."""
    return ArgoFailure(404, 5, f'{kind} "{name}" not found')


class ArgoState(ArgoController, PodLogs):
    """Workflows, templates, logs and watch events of one namespace."""

    now = staticmethod(now)

    def __init__(self, namespace):
        """An empty namespace."""
        self.namespace = namespace
        self.lock = threading.Condition(threading.RLock())
        self.workflows, self.templates = {}, {}
        self.logs = {}
        self.events = []
        self._version = 1000
        self.compacted = 0
        """Versions up to this one are forgotten (etcd compaction)."""
        self._clock = datetime.now(timezone.utc)

    def _bump(self, document):
        self._version += 1
        document["metadata"]["resourceVersion"] = str(self._version)

    def _event(self, kind, workflow):
        self.events.append((self._version, kind, copy.deepcopy(workflow)))
        self.lock.notify_all()

    @property
    def version(self):
        """The namespace's current resourceVersion."""
        return str(self._version)

    def _new_metadata(self, manifest, kind):
        metadata = copy.deepcopy(manifest.get("metadata") or {})
        name = metadata.get("name")
        if not name and metadata.get("generateName"):
            name = metadata["generateName"][:58] + uuid.uuid4().hex[:5]
        if not name or len(name) > 63 or not _NAME.match(name):
            raise ArgoFailure(
                400, 3, f"{kind} name {name!r} is not a valid DNS-1123 label"
            )
        for key, value in (metadata.get("labels") or {}).items():
            if (
                not isinstance(value, str)
                or not _LABEL_VALUE.match(value)
                or len(value) > 63
            ):
                raise ArgoFailure(400, 3, f"invalid label value {value!r} of {key!r}")
        metadata.update(
            name=name,
            namespace=self.namespace,
            uid=str(uuid.uuid4()),
            generation=1,
            creationTimestamp=now(),
        )
        return metadata

    #
    # Workflows
    #
    def _check_template_refs(self, spec):
        refs = [spec["workflowTemplateRef"]] if spec.get("workflowTemplateRef") else []
        for template in spec.get("templates") or []:
            for task in (template.get("dag") or {}).get("tasks") or []:
                if task.get("templateRef"):
                    refs.append(task["templateRef"])
        for ref in refs:
            stored = self.templates.get(ref.get("name"))
            if stored is None:
                raise ArgoFailure(
                    400,
                    3,
                    f'workflowtemplates.argoproj.io "{ref.get("name")}" not found',
                )
            inner = ref.get("template")
            if inner and inner not in {
                t["name"] for t in stored["spec"].get("templates", [])
            }:
                raise ArgoFailure(
                    400,
                    3,
                    f"template {inner} not found in workflow template {ref['name']}",
                )

    def create_workflow(self, manifest):
        """Argo's create: validate references, refuse an existing name."""
        with self.lock:
            metadata = self._new_metadata(manifest, "workflow")
            if metadata["name"] in self.workflows:
                raise ArgoFailure(
                    409, 6, f'workflows.argoproj.io "{metadata["name"]}" already exists'
                )
            spec = copy.deepcopy(manifest.get("spec") or {})
            self._check_template_refs(spec)
            self.check_required_parameters(spec)
            workflow = {
                "apiVersion": "argoproj.io/v1alpha1",
                "kind": "Workflow",
                "metadata": metadata,
                "spec": spec,
                "status": {"startedAt": None, "finishedAt": None},
            }
            self._bump(workflow)
            self.workflows[metadata["name"]] = workflow
            self._event("ADDED", workflow)
            return copy.deepcopy(workflow)

    def workflow(self, name):
        """The stored workflow (not a copy: callers hold the lock)."""
        if name not in self.workflows:
            raise not_found("workflows.argoproj.io", name)
        return self.workflows[name]

    def get_workflow(self, name):
        """A copy of a workflow."""
        with self.lock:
            return copy.deepcopy(self.workflow(name))

    def list_workflows(self, selector=None, limit=None, token=None):
        """A page of matching workflows, in name order, and the next token."""
        with self.lock:
            requirements = parse_selector(selector)
            names = sorted(
                n
                for n, w in self.workflows.items()
                if selects(requirements, w["metadata"].get("labels") or {})
            )
            offset = 0
            if token:
                try:
                    offset = json.loads(base64.urlsafe_b64decode(token))["offset"]
                except (ValueError, KeyError, TypeError):
                    raise ArgoFailure(400, 3, "continue key is not valid") from None
            end = offset + int(limit) if limit and int(limit) > 0 else len(names)
            items = [copy.deepcopy(self.workflows[n]) for n in names[offset:end]]
            more = None
            if end < len(names):
                more = base64.urlsafe_b64encode(
                    json.dumps({"offset": end}).encode()
                ).decode()
            return items, more, self.version

    def delete_workflow(self, name):
        """Remove a workflow; watchers see DELETED."""
        with self.lock:
            workflow = self.workflow(name)
            del self.workflows[name]
            self.logs.pop(name, None)
            self._bump(workflow)
            self._event("DELETED", workflow)

    def _change(self, workflow):
        status = workflow["status"]
        labels = workflow["metadata"].setdefault("labels", {})
        if status.get("phase"):
            labels["workflows.argoproj.io/phase"] = status["phase"]
        labels["workflows.argoproj.io/completed"] = str(
            status.get("phase") in TERMINAL
        ).lower()
        self._bump(workflow)
        self._event("MODIFIED", workflow)
        return copy.deepcopy(workflow)

    def set_phase(self, name, phase, message=None, progress=None):
        """What the controller would do: phase, times, message, progress."""
        with self.lock:
            workflow = self.workflow(name)
            status = workflow["status"]
            if phase != "Pending":
                self.store_spec(workflow)
            status["phase"] = phase
            if phase != "Pending" and not status.get("startedAt"):
                status["startedAt"] = now()
            status["finishedAt"] = now() if phase in TERMINAL else None
            if message is None:
                status.pop("message", None)
            else:
                status["message"] = message
            if progress is not None:
                status["progress"] = progress
            return self._change(workflow)

    def add_node(
        self,
        name,
        display_name,
        phase,
        message=None,
        type="Pod",
        template_name=None,
        started_at=None,
        finished_at=None,
    ):
        """Add a node the way Argo names it (a container set's too); answers its id."""
        with self.lock:
            workflow = self.workflow(name)
            self.store_spec(workflow)
            node_name = name if display_name == name else f"{name}.{display_name}"
            node_id = new_node(
                workflow,
                node_name,
                display_name,
                phase,
                message=message,
                type=type,
                template_name=template_name or display_name,
                started_at=started_at,
                finished_at=finished_at,
            )
            if type == "Pod":
                self.container_nodes(workflow, workflow["status"]["nodes"][node_id])
            self._change(workflow)
            return node_id

    def shutdown(self, name, strategy):
        """Stop or terminate: recorded now, acted on by the controller later."""
        with self.lock:
            return self.request_shutdown(name, strategy)

    def retry(self, name, parameters=None):
        """Retry a Failed/Error workflow: its failed nodes start again.

        ``parameters`` (``name=value`` strings) replace the workflow's
        parameter list as Argo's retry does (``override_parameters``).
        """
        with self.lock:
            workflow = self.workflow(name)
            phase = workflow["status"].get("phase")
            if phase == "Succeeded":
                raise ArgoFailure(
                    400,
                    3,
                    "To retry a succeeded workflow, set the options restartSuccessful "
                    "and nodeFieldSelector",
                )
            if phase not in ("Failed", "Error"):
                raise ArgoFailure(
                    400, 3, f"Cannot retry a workflow in phase {phase or ''}"
                )
            workflow["spec"].pop("shutdown", None)
            self.override_parameters(workflow, parameters)
            nodes = workflow["status"].get("nodes") or {}
            for node_id in [
                i for i, n in nodes.items() if n["phase"] in ("Failed", "Error")
            ]:
                del nodes[node_id]
            return self.set_phase(name, "Running")

    def resubmit(self, name):
        """A new workflow from the old one's spec and labels, under a generated name."""
        with self.lock:
            old = self.workflow(name)
            spec = copy.deepcopy(old["spec"])
            spec.pop("shutdown", None)
            labels = {
                k: v
                for k, v in (old["metadata"].get("labels") or {}).items()
                if not k.startswith("workflows.argoproj.io/")
            }
            labels["workflows.argoproj.io/resubmitted-from-workflow"] = name
            manifest = {
                "metadata": {
                    "generateName": f"{name}-",
                    "labels": labels,
                    "annotations": copy.deepcopy(
                        old["metadata"].get("annotations") or {}
                    ),
                },
                "spec": spec,
            }
            return self.create_workflow(manifest)

    #
    # WorkflowTemplates
    #
    def create_template(self, manifest):
        """Store a WorkflowTemplate; 409 if the name exists."""
        with self.lock:
            metadata = self._new_metadata(manifest, "workflow template")
            if metadata["name"] in self.templates:
                raise ArgoFailure(
                    409,
                    6,
                    f'workflowtemplates.argoproj.io "{metadata["name"]}" already exists',
                )
            template = {
                "apiVersion": "argoproj.io/v1alpha1",
                "kind": "WorkflowTemplate",
                "metadata": metadata,
                "spec": copy.deepcopy(manifest.get("spec") or {}),
            }
            self._bump(template)
            self.templates[metadata["name"]] = template
            return copy.deepcopy(template)

    def get_template(self, name):
        """A copy of a WorkflowTemplate."""
        with self.lock:
            if name not in self.templates:
                raise not_found("workflowtemplates.argoproj.io", name)
            return copy.deepcopy(self.templates[name])

    def update_template(self, name, manifest):
        """Replace a template's spec; a stale resourceVersion is a conflict."""
        with self.lock:
            current = self.templates.get(name)
            if current is None:
                raise not_found("workflowtemplates.argoproj.io", name)
            version = (manifest.get("metadata") or {}).get("resourceVersion")
            if version != current["metadata"]["resourceVersion"]:
                raise ArgoFailure(
                    409,
                    10,
                    f'Operation cannot be fulfilled on workflowtemplates.argoproj.io "{name}": '
                    "the object has been modified; please apply your changes to the latest "
                    "version and try again",
                )
            current["spec"] = copy.deepcopy(manifest.get("spec") or {})
            current["metadata"]["generation"] += 1
            self._bump(current)
            return copy.deepcopy(current)

    def list_templates(self):
        """Copies of all templates, in name order."""
        with self.lock:
            return [copy.deepcopy(self.templates[n]) for n in sorted(self.templates)]

    def compact(self):
        """Forget the watch events so far, as etcd's compaction does."""
        with self.lock:
            self.compacted = self._version
            self.events = []

    def events_after(self, version, requirements):
        """Watch events after ``version``; without one, ADDED for what exists."""
        with self.lock:
            if version is None:
                current = sorted(
                    self.workflows.values(),
                    key=lambda w: int(w["metadata"]["resourceVersion"]),
                )
                events = [
                    (int(w["metadata"]["resourceVersion"]), "ADDED", copy.deepcopy(w))
                    for w in current
                ]
            else:
                events = [e for e in self.events if e[0] > int(version)]
            return [
                e
                for e in events
                if selects(requirements, e[2]["metadata"].get("labels") or {})
            ], self._version
