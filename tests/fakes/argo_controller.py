# SPDX-License-Identifier: MIT
"""What the fake Argo server does as Argo's controller and validator would.

Each behaviour names the Argo v3.7.18 source it follows (argoproj/argo-workflows
at tag v3.7.18): the spec stored when the controller picks a workflow up,
stops that take effect later, retries that rebuild the parameter list,
container-set nodes, the parameters a create requires, and the pods the
controller would create from the stored spec.
"""

import copy
import re
import threading
from datetime import datetime, timezone

from .argo_pods import TERMINAL
from .argo_queries import ArgoFailure

_PARAMETER = re.compile(r"\{\{workflow\.parameters\.([^}]+)\}\}")


def merge_parameters(first, second):
    """``util.MergeParameters``: ``first`` wins by name, ``second`` fills in."""
    names = {p["name"] for p in first}
    return [copy.deepcopy(p) for p in first] + [
        copy.deepcopy(p) for p in second if p["name"] not in names
    ]


def _substitute(node, values):
    if isinstance(node, str):
        return _PARAMETER.sub(lambda m: values.get(m[1]) or m[0], node)
    if isinstance(node, dict):
        return {k: _substitute(v, values) for k, v in node.items()}
    if isinstance(node, list):
        return [_substitute(v, values) for v in node]
    return node


def now():
    """The current time, as Kubernetes writes it."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def fnv32a(text):
    """Argo's node-id hash."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def new_node(workflow, node_name, display_name, phase, message=None, **kw):
    """Add a node named as Argo names it (id: the workflow, a hash); answer its id."""
    name = workflow["metadata"]["name"]
    node_id = name if node_name == name else f"{name}-{fnv32a(node_name)}"
    node = {
        "id": node_id,
        "name": node_name,
        "displayName": display_name,
        "type": kw["type"],
        "phase": phase,
        "templateName": kw["template_name"],
        "startedAt": kw.get("started_at") or now(),
        "finishedAt": kw.get("finished_at"),
    }
    if message:
        node["message"] = message
    workflow["status"].setdefault("nodes", {})[node_id] = node
    return node_id


class ArgoController:
    """Controller behaviours of ``ArgoState``; expects its lock, workflows, templates."""

    shutdown_delay = 0.3
    """Seconds between a stop's answer and the controller acting on it."""

    def _template_spec(self, spec):
        ref = spec.get("workflowTemplateRef")
        stored = self.templates.get((ref or {}).get("name")) if ref else None
        return copy.deepcopy(stored["spec"]) if stored else {}

    def check_required_parameters(self, spec):
        """Refuse a create whose parameters lack a value.

        Argo: workflow/validate/validate.go, ``ValidateWorkflow`` merges the
        Workflow's parameters with its WorkflowTemplate's
        (``util.MergeParameters``) and ``validateArgumentsValues`` refuses a
        parameter with neither ``value`` nor ``valueFrom`` (HTTP 400, from
        server/workflow/workflow_server.go ``CreateWorkflow``).
        """
        if not spec.get("workflowTemplateRef"):
            return
        own = (spec.get("arguments") or {}).get("parameters") or []
        declared = (self._template_spec(spec).get("arguments") or {}).get(
            "parameters"
        ) or []
        for parameter in merge_parameters(own, declared):
            if "value" not in parameter and "valueFrom" not in parameter:
                name = parameter["name"]
                raise ArgoFailure(
                    400,
                    3,
                    f"spec.arguments.{name}.value or spec.arguments.{name}.valueFrom "
                    "is required",
                )

    def store_spec(self, workflow):
        """The spec the controller runs, stored on first pick-up.

        Argo: workflow/controller/operator.go ``setStoredWfSpec`` joins the
        Workflow's spec with its WorkflowTemplate's (``JoinWorkflowSpec``)
        into ``status.storedWorkflowSpec`` once; later runs of the operator
        (a retry included) start from the stored spec, not the template.
        """
        status = workflow["status"]
        if status.get("storedWorkflowSpec") is not None:
            return
        own = copy.deepcopy(workflow["spec"])
        merged = {**self._template_spec(own), **own}
        merged.pop("workflowTemplateRef", None)
        merged["arguments"] = {
            "parameters": merge_parameters(
                (own.get("arguments") or {}).get("parameters") or [],
                (self._template_spec(own).get("arguments") or {}).get("parameters")
                or [],
            )
        }
        status["storedWorkflowSpec"] = merged

    def override_parameters(self, workflow, parameters):
        """A retry's ``name=value`` parameters replace the workflow's list.

        Argo: workflow/util/util.go ``createNewRetryWorkflow`` calls
        ``overrideParameters``: the new list is the overrides followed by the
        Workflow's own ``spec.arguments.parameters`` not overridden, and it
        replaces ``status.storedWorkflowSpec.arguments.parameters`` too, so a
        parameter known only from the template's defaults is lost (Argo issue
        12923).
        """
        if not parameters:
            return
        overrides = []
        for text in parameters:
            name, equals, value = text.partition("=")
            if not equals:
                raise ArgoFailure(
                    500,
                    13,
                    f"expected parameter of the form: NAME=VALUE. Received: {text}",
                )
            overrides.append({"name": name, "value": value})
        arguments = workflow["spec"].setdefault("arguments", {})
        new = merge_parameters(overrides, arguments.get("parameters") or [])
        arguments["parameters"] = new
        stored = workflow["status"].get("storedWorkflowSpec")
        if stored is not None:
            stored.setdefault("arguments", {})["parameters"] = copy.deepcopy(new)

    def pod_manifest(self, name, template_name):
        """The pod (account, containers) the controller would create for a template.

        Argo: workflow/controller/operator.go ``setGlobalParameters`` fills
        ``workflow.parameters.*`` from the stored spec's arguments; a name
        missing there stays as written in the pod.
        """
        with self.lock:
            stored = self.workflow(name)["status"].get("storedWorkflowSpec") or {}
            values = {
                p["name"]: p.get("value")
                for p in (stored.get("arguments") or {}).get("parameters") or []
            }
            template = next(
                t for t in stored.get("templates") or [] if t["name"] == template_name
            )
            containers = (template.get("containerSet") or {}).get("containers") or [
                {**template["container"], "name": "main"}
            ]
            pod = {
                "serviceAccountName": template.get("serviceAccountName")
                or stored.get("serviceAccountName"),
                "containers": containers,
            }
            return _substitute(copy.deepcopy(pod), values)

    def containers_of(self, workflow, template_name):
        """The container names of a template's pod (``main`` for a plain container)."""
        stored = workflow["status"].get("storedWorkflowSpec") or {}
        for template in stored.get("templates") or []:
            if template["name"] == template_name and template.get("containerSet"):
                return [c["name"] for c in template["containerSet"]["containers"]]
        return ["main"]

    def container_nodes(self, workflow, pod_node):
        """Container nodes of a container-set pod, each depending on its own.

        Argo: workflow/controller/container_set_template.go
        ``executeContainerSet`` adds one node of type ``Container`` per
        container, named ``{pod node}.{container}``, children of the pod node
        (or of the containers they depend on); they have no pod of their own.
        """
        names = self.containers_of(workflow, pod_node["templateName"])
        if names == ["main"]:
            return
        stored = workflow["status"]["storedWorkflowSpec"]
        template = next(
            t for t in stored["templates"] if t["name"] == pod_node["templateName"]
        )
        ids = {}
        for container in template["containerSet"]["containers"]:
            ids[container["name"]] = new_node(
                workflow,
                f"{pod_node['name']}.{container['name']}",
                container["name"],
                pod_node["phase"],
                type="Container",
                template_name=pod_node["templateName"],
            )
        for container in template["containerSet"]["containers"]:
            parents = [ids[d] for d in container.get("dependencies") or []]
            for parent in parents or [pod_node["id"]]:
                nodes = workflow["status"]["nodes"]
                nodes[parent].setdefault("children", []).append(ids[container["name"]])

    def fail_container(self, name, pod_node_id, container, exit_code, message=""):
        """A container of a run's container-set pod exits with ``exit_code``,
        having written ``message`` as its termination message; the pod and
        the run fail, with the messages Argo gives them.

        Argo: workflow/controller/operator.go ``assessNodeStatus`` words the
        container's node "{container}: Error (exit code N): {message}";
        ``inferFailedReason`` the pod's "{container}: Error (exit code N)",
        with ": {message}" when there is one; ``processNodeRetries`` passes a
        retry node's last child's message up, and ``operate`` gives the run
        its entry node's.
        """
        with self.lock:
            workflow = self.workflow(name)
            nodes = workflow["status"]["nodes"]
            pod = nodes[pod_node_id]
            failure = f"{container}: Error (exit code {exit_code})"
            for node in nodes.values():
                if node["name"] == f"{pod['name']}.{container}":
                    node.update(
                        phase="Failed",
                        message=f"{failure}: {message}",
                        finishedAt=now(),
                    )
            pod_message = f"{failure}: {message}" if message else failure
            pod.update(phase="Failed", message=pod_message, finishedAt=now())
            return self.set_phase(name, "Failed", message=pod_message)

    def request_shutdown(self, name, strategy):
        """Record the stop; the controller fails the run ``shutdown_delay`` later.

        Argo: workflow/util/util.go ``patchShutdownStrategy`` only patches
        ``spec.shutdown`` (refusing a fulfilled workflow with
        ``AlreadyShutdownError``, HTTP 500), and server/workflow/
        workflow_server.go ``StopWorkflow`` answers the workflow as it is
        then, still Running; workflow/controller/operator.go ``operate`` later
        fails its nodes and the workflow, "Stopped with strategy '...'".
        """
        workflow = self.workflow(name)
        if workflow["status"].get("phase") in TERMINAL:
            raise ArgoFailure(
                500,
                13,
                f'cannot shutdown a completed workflow: workflow: "{name}", '
                f'namespace: "{self.namespace}"',
            )
        workflow["spec"]["shutdown"] = strategy
        self._bump(workflow)
        self._event("MODIFIED", workflow)
        timer = threading.Timer(self.shutdown_delay, self.apply_shutdown, (name,))
        timer.daemon = True
        timer.start()
        return copy.deepcopy(workflow)

    def apply_shutdown(self, name):
        """What the controller does with a stopped workflow: nodes and run Failed."""
        with self.lock:
            workflow = self.workflows.get(name)
            strategy = (workflow or {}).get("spec", {}).get("shutdown")
            if not strategy or workflow["status"].get("phase") in TERMINAL:
                return
            message = f"Stopped with strategy '{strategy}'"
            for node in (workflow["status"].get("nodes") or {}).values():
                if node.get("phase") in ("Pending", "Running"):
                    node.update(phase="Failed", message=message, finishedAt=now())
            self.set_phase(name, "Failed", message=message)
