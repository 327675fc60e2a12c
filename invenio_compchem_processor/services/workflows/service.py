# SPDX-License-Identifier: MIT
"""The workflow definitions service."""

from invenio_records_resources.services.base import Service

from ...proxies import current_compchem


class WorkflowsService(Service):
    """Serves the deployer's workflow definitions to authenticated users."""

    def search(self, identity):
        """All workflow definitions."""
        self.require_permission(identity, "list_workflows")
        hits = [w.dump() for w in current_compchem.workflows.values()]
        return {"hits": {"hits": hits, "total": len(hits)}}
