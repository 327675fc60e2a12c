# SPDX-License-Identifier: MIT
"""REST resource of the workflow definitions."""

from flask import g
from flask_resources import response_handler

from ..base import ServiceResource, serves


class WorkflowsResource(ServiceResource):
    """Lists the deployer's workflow definitions."""

    @serves("GET", "list")
    @response_handler(many=True)
    def search(self):
        """All workflow definitions."""
        return self.service.search(g.identity), 200
