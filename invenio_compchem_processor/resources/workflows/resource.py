# SPDX-License-Identifier: MIT
"""REST resource of the workflow definitions."""

from flask import g
from flask_resources import Resource, response_handler, route


class WorkflowsResource(Resource):
    """Lists the deployer's workflow definitions."""

    def __init__(self, config, service):
        """Constructor."""
        super().__init__(config)
        self.service = service

    def create_url_rules(self):
        """Routes of the resource."""
        return [route("GET", self.config.routes["list"], self.search)]

    @response_handler(many=True)
    def search(self):
        """All workflow definitions."""
        return self.service.search(g.identity), 200
