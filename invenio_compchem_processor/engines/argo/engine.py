# SPDX-License-Identifier: MIT
"""The Argo engine: runs are Argo Workflows, driven over the Argo Server REST API."""

from ..base import Engine
from .client import ArgoClient, verify_setting
from .runs import ArgoRuns
from .streams import ArgoStreams
from .templates import ArgoTemplates


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
