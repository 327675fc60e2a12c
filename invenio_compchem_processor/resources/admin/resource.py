# SPDX-License-Identifier: MIT
"""REST resource of the admin API."""

from flask import g
from flask_resources import Resource, resource_requestctx, response_handler, route
from invenio_records_resources.resources.records.resource import (
    request_data,
    request_search_args,
    request_view_args,
)


class AdminResource(Resource):
    """Runs of all records, bulk actions, workflow switches and engine health."""

    def __init__(self, config, service):
        """Constructor."""
        super().__init__(config)
        self.service = service

    def create_url_rules(self):
        """Routes of the resource."""
        routes = self.config.routes
        return [
            route("GET", routes["runs"], self.search),
            route("GET", routes["run"], self.read),
            route("POST", routes["run_action"], self.act),
            route("GET", routes["bulk"], self.list_bulk),
            route("POST", routes["bulk"], self.bulk),
            route("GET", routes["bulk_item"], self.read_bulk),
            route("POST", routes["bulk_stop"], self.stop_bulk),
            route("GET", routes["workflows"], self.list_workflows),
            route("GET", routes["workflow"], self.read_workflow),
            route("POST", routes["workflow_switch"], self.switch),
            route("GET", routes["health"], self.health),
        ]

    @property
    def _args(self):
        return resource_requestctx.view_args

    @request_search_args
    @response_handler(many=True)
    def search(self):
        """A page of runs of all records, with facets."""
        params = dict(resource_requestctx.args)
        return self.service.search(g.identity, params).to_dict(), 200

    @request_view_args
    @response_handler()
    def read(self):
        """One run with everything an administrator needs."""
        return self.service.read(g.identity, self._args["name"]).to_dict(), 200

    @request_view_args
    @response_handler()
    def act(self):
        """Stop, retry or restart one run."""
        action = self._args["action"]
        item = getattr(self.service, action)(g.identity, self._args["name"])
        return item.to_dict(), 201 if action == "restart" else 202

    @response_handler(many=True)
    def list_bulk(self):
        """The newest bulk actions."""
        return self.service.list_bulk(g.identity), 200

    @request_data
    @response_handler()
    def bulk(self):
        """Preview (``dry_run``) or start a bulk retry or restart."""
        result = self.service.bulk(g.identity, resource_requestctx.data)
        return result, 200 if result.get("dry_run") else 202

    @request_view_args
    @response_handler()
    def read_bulk(self):
        """A bulk action's progress."""
        return self.service.read_bulk(g.identity, self._args["bulk_id"]), 200

    @request_view_args
    @response_handler()
    def stop_bulk(self):
        """Stop a bulk action's roll-out."""
        return self.service.stop_bulk(g.identity, self._args["bulk_id"]), 202

    @response_handler(many=True)
    def list_workflows(self):
        """Every workflow with counts and its switch."""
        return self.service.list_workflows(g.identity), 200

    @request_view_args
    @response_handler()
    def read_workflow(self):
        """One workflow with its switch's history."""
        return self.service.read_workflow(g.identity, self._args["name"]), 200

    @request_view_args
    @request_data
    @response_handler()
    def switch(self):
        """Pause or resume a workflow."""
        method = getattr(self.service, self._args["switch"])
        return method(g.identity, self._args["name"], resource_requestctx.data), 200

    @response_handler()
    def health(self):
        """The engine's health."""
        return self.service.health(g.identity), 200
