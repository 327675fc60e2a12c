# SPDX-License-Identifier: MIT
"""The Argo engine: runs are Argo Workflows, driven over the Argo Server REST API."""

from ..base import Engine, Phase
from .client import ArgoClient, verify_setting
from .manifests import LABEL_NAME, label_value
from .runs import LIST_FIELDS, ArgoRuns
from .statuses import run_status
from .streams import ArgoStreams
from .templates import ArgoTemplates


PHASE_LABEL = "workflows.argoproj.io/phase"
"""The label Argo's controller keeps equal to a Workflow's phase."""


class ArgoEngine(ArgoRuns, ArgoStreams, ArgoTemplates, Engine):
    """Runs as Argo Workflows in one namespace."""

    name = "argo"

    def __init__(
        self,
        url,
        namespace,
        page_size=200,
        watch_attempts=3,
        watch_backoff=0.5,
        **client_options,
    ):
        """An engine over an ``ArgoClient(url, namespace, **client_options)``."""
        self.client = ArgoClient(url, namespace, **client_options)
        self.page_size = page_size
        self.watch_attempts = watch_attempts
        self.watch_backoff = watch_backoff

    @classmethod
    def from_config(cls, app_config):
        """An engine from the ``COMPCHEM_PROCESSOR_ARGO_*`` settings."""

        def setting(key, default=None):
            return app_config.get(f"COMPCHEM_PROCESSOR_ARGO_{key}", default)

        return cls(
            url=setting("URL"),
            namespace=setting("NAMESPACE", "argo"),
            token=setting("TOKEN"),
            token_file=setting("TOKEN_FILE"),
            verify=verify_setting(setting("VERIFY", True)),
            connect_timeout=setting("CONNECT_TIMEOUT", 3.05),
            read_timeout=setting("READ_TIMEOUT", 30),
        )

    def __repr__(self):
        """Never shows the token."""
        return f"<ArgoEngine {self.client.url} namespace={self.client.namespace}>"

    def health(self):
        """The server's version information."""
        return self.client.json("GET", "/api/v1/version")

    def list_runs_named(self, names):
        """The runs of ``names`` across records: one labelled list."""
        if not names:
            return []
        values = ",".join(sorted(label_value(name) for name in names))
        params = {
            "listOptions.labelSelector": f"{LABEL_NAME} in ({values})",
            "fields": LIST_FIELDS,
        }
        page = self.client.json("GET", self.client.path("workflows"), params=params)
        return [run_status(w, with_steps=False) for w in page.get("items") or ()]

    def run_phases(self):
        """Every run's phase from its labels; a run without one is Pending."""
        params = {
            "listOptions.labelSelector": LABEL_NAME,
            "listOptions.limit": str(self.page_size),
            "fields": "metadata.continue,items.metadata.name,items.metadata.labels",
        }
        phases = {}
        while True:
            page = self.client.json("GET", self.client.path("workflows"), params=params)
            for item in page.get("items") or ():
                labels = item["metadata"].get("labels") or {}
                value = labels.get(PHASE_LABEL) or Phase.PENDING.value
                phases[item["metadata"]["name"]] = Phase(value)
            token = (page.get("metadata") or {}).get("continue")
            if not token:
                return phases
            params["listOptions.continue"] = token
