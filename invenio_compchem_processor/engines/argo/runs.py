# SPDX-License-Identifier: MIT
"""Runs as Argo Workflows: create, list, read, stop, retry, delete."""

from ..errors import EngineUnavailableError
from .manifests import build_workflow, parameter_value, selector
from .statuses import run_status

LIST_FIELDS = (
    "metadata.continue,metadata.resourceVersion,items.metadata.name,"
    "items.metadata.labels,items.metadata.annotations,items.metadata.resourceVersion,"
    "items.status.phase,items.status.progress,items.status.startedAt,"
    "items.status.finishedAt,items.status.message,items.spec.shutdown"
)
"""What a list needs: without it Argo sends every run's spec and nodes.

``spec.shutdown`` tells a run being stopped: Argo answers a stop at once and
its controller ends the run later, so until then the phase is still Running.
"""

GET_FIELDS = (
    "metadata.name,metadata.labels,metadata.annotations,metadata.resourceVersion,"
    "status.phase,status.progress,status.startedAt,status.finishedAt,status.message,"
    "status.nodes,spec.shutdown"
)
"""What a run's detail needs: status, nodes and stop, not the rest of its spec."""

PARAMETER_FIELDS = "spec.arguments.parameters,status.storedWorkflowSpec.arguments"
"""A run's parameters: its own, and those its controller runs with."""


class ArgoRuns:
    """The run operations of the Argo engine; ``self.client`` is its ``ArgoClient``."""

    page_size = 200

    def submit(self, request, uow=None):
        """Create the run's Workflow under its explicit name."""
        client = self.client
        body = {
            "namespace": client.namespace,
            "workflow": build_workflow(request, client.namespace),
        }
        return run_status(client.json("POST", client.path("workflows"), body=body))

    def list_runs(self, record_id, workflow=None, names=None):
        """A record's runs, projected to the status fields, page by page."""
        if names is not None and not names:
            return []
        params = {
            "listOptions.labelSelector": selector(record_id, workflow, names),
            "listOptions.limit": str(self.page_size),
            "fields": LIST_FIELDS,
        }
        runs = []
        while True:
            page = self.client.json("GET", self.client.path("workflows"), params=params)
            runs.extend(
                run_status(w, with_steps=False) for w in page.get("items") or ()
            )
            token = (page.get("metadata") or {}).get("continue")
            if not token:
                return runs
            params["listOptions.continue"] = token

    def get_run(self, name):
        """A run with its steps."""
        path = self.client.path("workflows", name)
        return run_status(self.client.json("GET", path, params={"fields": GET_FIELDS}))

    def _action(self, name, action, **extra):
        client = self.client
        body = {"name": name, "namespace": client.namespace, **extra}
        return run_status(
            client.json("PUT", client.path("workflows", name, action), body=body)
        )

    def _shutdown(self, name, action, **extra):
        """Stop or terminate; a run that already ended is left as it is.

        Argo answers that case with HTTP 500 ("cannot shutdown a completed
        workflow"), which would otherwise read as "engine unavailable".
        """
        try:
            return self._action(name, action, **extra)
        except EngineUnavailableError as error:
            if "cannot shutdown a completed workflow" not in error.message:
                raise
        return self.get_run(name)

    def stop(self, name, message=None):
        """Stop a run; its exit handlers still run.

        Argo only records ``message`` on suspended nodes; it is sent anyway.
        """
        extra = {"message": message} if message else {}
        return self._shutdown(name, "stop", **extra)

    def terminate(self, name):
        """Terminate a run at once, skipping exit handlers."""
        return self._shutdown(name, "terminate")

    def retry(self, name, parameters=None, uow=None):
        """Retry a Failed or Error run from its failed steps, with new parameters.

        Argo's retry replaces the run's whole parameter list by the one it is
        sent, in the spec its controller runs with too, so a parameter that
        only the WorkflowTemplate set (``image``, ``timeout``) would reach the
        retried pods as a literal ``{{workflow.parameters.image}}`` (Argo
        issue 12923): every parameter the run has is sent, the new values
        over them.
        """
        if not parameters:
            return self._action(name, "retry")
        values = {**self._parameters(name), **parameters}
        sent = [f"{key}={parameter_value(value)}" for key, value in values.items()]
        return self._action(name, "retry", parameters=sent)

    def _parameters(self, name):
        """The parameters a run runs with: the stored spec's, else its own."""
        path = self.client.path("workflows", name)
        workflow = self.client.json("GET", path, params={"fields": PARAMETER_FIELDS})
        stored = (workflow.get("status") or {}).get("storedWorkflowSpec") or {}
        own = (workflow.get("spec") or {}).get("arguments") or {}
        listed = (stored.get("arguments") or {}).get("parameters") or own.get(
            "parameters"
        )
        return {p["name"]: p["value"] for p in listed or () if "value" in p}

    def delete(self, name):
        """Delete a run's Workflow (and with it its pods)."""
        self.client.json("DELETE", self.client.path("workflows", name))

    def max_sequence(self, record_id, workflow):
        """The highest sequence label of the record's runs of a workflow."""
        runs = self.list_runs(record_id, workflow)
        return max((run.sequence or 0 for run in runs), default=0)
