# SPDX-License-Identifier: MIT
"""A fake Argo Server: real HTTP on 127.0.0.1, Argo's semantics, checked traffic.

Every request is checked against swagger-v3.7.18.json (route, query
parameters, body) and every Workflow/WorkflowTemplate it receives against
jsonschema-v3.7.18.json; an invalid request is answered 400 and recorded as a
violation. Every response body, and every line of a stream, is checked against
the operation's response schema. Tests drive the "controller" through Python
methods (``set_phase``, ``add_node``, ``add_log``) and break things with
``inject``.
"""

import threading
from collections import Counter
from http.server import ThreadingHTTPServer
from urllib.parse import unquote

from .argo_http import ArgoHandler
from .argo_queries import ArgoFailure, parse_selector, project
from .argo_state import ArgoState
from .argo_streams import StreamMessages
from .swagger_validation import spec_validator

VERSION = {
    "version": "v3.7.18",
    "buildDate": "2025-01-01T00:00:00Z",
    "gitCommit": "0000000000000000000000000000000000000000",
    "gitTag": "v3.7.18",
    "gitTreeState": "clean",
    "goVersion": "go1.24.0",
    "compiler": "gc",
    "platform": "linux/amd64",
}
STREAM_FAULTS = ("stream_error", "stall", "drop")
MANIFESTS = {
    "WorkflowService_CreateWorkflow": ("workflow", "Workflow"),
    "WorkflowTemplateService_CreateWorkflowTemplate": ("template", "WorkflowTemplate"),
    "WorkflowTemplateService_UpdateWorkflowTemplate": ("template", "WorkflowTemplate"),
}


def example_template(name, templates=("main",)):
    """A small WorkflowTemplate whose steps read the workflow's parameters."""
    return {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "WorkflowTemplate",
        "metadata": {"name": name},
        "spec": {
            "entrypoint": templates[0],
            "arguments": {"parameters": [{"name": "files"}]},
            "templates": [
                {
                    "name": template,
                    "container": {
                        "image": "ghcr.io/example/compchem:1",
                        "args": ["{{workflow.parameters.files}}"],
                    },
                }
                for template in templates
            ],
        },
    }


class FakeArgoServer(StreamMessages):
    """A stateful Argo Server for one namespace, on a free loopback port."""

    totals = Counter()
    """Checked requests, responses, stream lines and manifests of all instances."""

    def __init__(self, namespace="argo", validate=True, strict=True, keepalive=0.25):
        """``validate=False`` skips the checks (benchmarks measure the client)."""
        self.namespace = namespace
        self.state = ArgoState(namespace)
        self.validate = validate
        self.strict = strict
        self.keepalive = keepalive
        self.stream_format = None
        """Force "ndjson" or "sse" whatever the Accept header says (a proxy)."""
        self.requests = []
        self.violations = []
        self.counts = Counter()
        self._faults = []
        self._token = None
        self._stopping = threading.Event()
        self._httpd = None

    @property
    def validated_requests(self):
        """Requests checked against the swagger."""
        return self.counts["requests"]

    @property
    def validated_responses(self):
        """Responses (and stream lines) checked against the swagger."""
        return self.counts["responses"] + self.counts["stream lines"]

    #
    # Life cycle
    #
    def start(self):
        """Listen on a free port in a daemon thread."""
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), ArgoHandler)
        self._httpd.daemon_threads = True
        self._httpd.fake = self
        threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        ).start()
        return self

    @property
    def url(self):
        """Base URL of the server."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self):
        """Stop listening and end open streams."""
        if self._httpd is None:
            return
        self._stopping.set()
        with self.state.lock:
            self.state.lock.notify_all()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._httpd = None
        FakeArgoServer.totals.update(self.counts)

    def __enter__(self):
        """Start."""
        return self.start()

    def __exit__(self, kind, value, traceback):
        """Stop; a strict server fails the block on any recorded violation."""
        self.stop()
        if self.strict and kind is None:
            self.assert_valid()

    def take_violations(self):
        """The recorded violations, forgotten (for tests that cause them)."""
        found, self.violations = self.violations, []
        return found

    def assert_valid(self):
        """Fail when a request or response broke the contract."""
        assert not self.violations, "Argo contract violations:\n" + "\n".join(
            self.violations
        )

    #
    # Test controls
    #
    def set_phase(self, name, phase, message=None, progress=None):
        """Move a workflow to a phase, as the controller would."""
        return self.state.set_phase(name, phase, message, progress)

    def add_node(self, name, display_name, phase, message=None, **kw):
        """Add a node to a workflow; answers its id."""
        return self.state.add_node(name, display_name, phase, message, **kw)

    def fail_container(self, name, pod_node_id, container, exit_code, message=""):
        """A container of a run's pod fails; the run fails as Argo words it."""
        return self.state.fail_container(name, pod_node_id, container, exit_code, message)

    def add_log(self, name, pod, lines, container="main"):
        """Append lines to a pod's log (open follow streams see them)."""
        self.state.add_log(name, pod, list(lines), container)

    def parameter(self, name, parameter):
        """A workflow parameter as the engine holds it (e.g. a run's credential)."""
        workflow = self.state.get_workflow(name)
        parameters = workflow["spec"].get("arguments", {}).get("parameters") or ()
        return next(p.get("value") for p in parameters if p["name"] == parameter)

    def add_template(self, manifest):
        """Store a WorkflowTemplate directly; an invalid one is refused at once."""
        problems = self._check_manifest("WorkflowTemplate", manifest)
        if problems:
            raise ValueError("invalid WorkflowTemplate: " + "; ".join(problems))
        return self.state.create_template(manifest)

    def require_token(self, token):
        """Answer 401 to calls without ``Bearer token`` (``None``: no check)."""
        self._token = token

    def inject(self, fault, count=1, **kw):
        """Break the next ``count`` matching calls.

        ``fault``: "latency" (``seconds``), "status" or an HTTP status (500,
        503 with ``retry_after``, 409, 401, ...), "reset" (TCP reset), and on
        streams "stream_error" (``status``), "stall" (``seconds``) and "drop"
        (connection cut), each after ``after`` lines. ``path`` (a substring)
        and ``method`` restrict which calls match.
        """
        if isinstance(fault, int):
            fault, kw = "status", {**kw, "status": fault}
        self._faults.append({"fault": fault, "count": count, **kw})

    def pending_faults(self):
        """Injected faults that no call has met yet."""
        return list(self._faults)

    def _take_fault(self, method, path, streaming):
        for fault in self._faults:
            if (
                fault.get("method", method) != method
                or fault.get("path", "") not in path
            ):
                continue
            if fault["fault"] in STREAM_FAULTS and not streaming:
                continue
            fault["count"] -= 1
            if fault["count"] <= 0:
                self._faults.remove(fault)
            return fault
        return None

    def pause(self, seconds):
        """Sleep, but wake up when the server stops."""
        self._stopping.wait(seconds)

    #
    # Contract checks
    #
    def _violation(self, text):
        self.violations.append(text)

    def _check_manifest(self, kind, manifest):
        if not self.validate:
            return []
        self.counts["manifests"] += 1
        return [f"{kind}: {p}" for p in spec_validator().check_manifest(kind, manifest)]

    def check_request(self, method, path, query, body, content_type):
        """Route and problems of a request, counting it."""
        validator = spec_validator()
        route = validator.route(method, path)
        if route is None:
            return None, {}, [f"{method} {path}: no such path in the swagger"]
        operation, params = route
        params = {k: unquote(v) for k, v in params.items()}
        if not self.validate:
            return operation, params, []
        self.counts["requests"] += 1
        problems = validator.check_query(operation, query) + validator.check_body(
            operation, body
        )
        if body is not None and not (content_type or "").startswith("application/json"):
            problems.append(f"body sent as {content_type!r}, the API consumes JSON")
        if operation["operationId"] in MANIFESTS and isinstance(body, dict):
            key, kind = MANIFESTS[operation["operationId"]]
            if isinstance(body.get(key), dict):
                problems += self._check_manifest(kind, body[key])
        return operation, params, [f"{method} {path}: {p}" for p in problems]

    def check_response(self, operation, status, body, line=False):
        """Record problems of a response body or stream line."""
        if not self.validate or operation is None:
            return
        self.counts["stream lines" if line else "responses"] += 1
        for problem in spec_validator().check_response(operation, status, body):
            self._violation(
                f"response of {operation['operationId']} ({status}): {problem}"
            )

    #
    # Operations: (status, body) or a stream of messages
    #
    def run(self, operation_id, params, query, body):
        """Serve one checked call."""
        if params.get("namespace", self.namespace) != self.namespace:
            raise ArgoFailure(403, 7, f"namespace {params['namespace']!r} is forbidden")
        state, first = self.state, (
            lambda key, default=None: query.get(key, [default])[0]
        )
        if operation_id == "WorkflowService_CreateWorkflow":
            return state.create_workflow(body.get("workflow") or {})
        if operation_id == "WorkflowService_ListWorkflows":
            items, more, version = state.list_workflows(
                first("listOptions.labelSelector"),
                first("listOptions.limit"),
                first("listOptions.continue"),
            )
            metadata = {
                "resourceVersion": version,
                **({"continue": more} if more else {}),
            }
            listed = project({"metadata": metadata, "items": items}, first("fields"))
            # What Go's re-marshalling of a cleaned list always emits.
            listed.setdefault("metadata", {})
            listed.setdefault("items", [])
            for item in listed["items"]:
                item.setdefault("metadata", {})
                item.setdefault("spec", {})
            return listed
        if operation_id == "WorkflowService_GetWorkflow":
            workflow = project(state.get_workflow(params["name"]), first("fields"))
            workflow.setdefault("metadata", {})
            workflow.setdefault("spec", {})
            return workflow
        if operation_id == "WorkflowService_DeleteWorkflow":
            state.delete_workflow(params["name"])
            return {}
        if operation_id == "WorkflowService_StopWorkflow":
            return state.shutdown(params["name"], "Stop")
        if operation_id == "WorkflowService_TerminateWorkflow":
            return state.shutdown(params["name"], "Terminate")
        if operation_id == "WorkflowService_RetryWorkflow":
            return state.retry(params["name"], body.get("parameters"))
        if operation_id == "WorkflowService_ResubmitWorkflow":
            return state.resubmit(params["name"])
        if operation_id in ("WorkflowService_WorkflowLogs", "WorkflowService_PodLogs"):
            # Argo: util/logs/workflow-logger.go, WorkflowLogs: the workflow
            # must exist; pods are chosen by a field selector on their name
            # (none match: no lines), and a container a pod does not have
            # makes Kubernetes refuse that pod's log, which Argo only logs on
            # its side: the stream stays empty, HTTP 200.
            state.get_workflow(params["name"])
            pod = params.get("podName") or first("podName")
            return self._log_messages(params["name"], pod, first)
        if operation_id == "WorkflowService_WatchWorkflows":
            requirements = parse_selector(first("listOptions.labelSelector"))
            return self._watch_messages(
                requirements, first("listOptions.resourceVersion")
            )
        if operation_id == "InfoService_GetVersion":
            return dict(VERSION)
        if operation_id == "WorkflowTemplateService_ListWorkflowTemplates":
            return {
                "metadata": {"resourceVersion": state.version},
                "items": state.list_templates(),
            }
        if operation_id == "WorkflowTemplateService_CreateWorkflowTemplate":
            return state.create_template(body.get("template") or {})
        if operation_id == "WorkflowTemplateService_GetWorkflowTemplate":
            return state.get_template(params["name"])
        if operation_id == "WorkflowTemplateService_UpdateWorkflowTemplate":
            return state.update_template(params["name"], body.get("template") or {})
        raise ArgoFailure(501, 12, f"{operation_id} is not implemented by the fake")
