# SPDX-License-Identifier: MIT
"""REST resource of the admin API."""

from flask import g
from flask_resources import resource_requestctx, response_handler
from invenio_records_resources.resources.records.resource import (
    request_data,
    request_search_args,
    request_view_args,
)

from ..base import ServiceResource, serves


class AdminResource(ServiceResource):
    """Runs of all records, bulk actions, workflow switches and engine health."""

    @property
    def _args(self):
        return resource_requestctx.view_args

    @serves("GET", "runs")
    @request_search_args
    @response_handler(many=True)
    def search(self):
        """A page of runs of all records, with facets."""
        params = dict(resource_requestctx.args)
        return self.service.search(g.identity, params).to_dict(), 200

    @serves("GET", "run")
    @request_view_args
    @response_handler()
    def read(self):
        """One run with everything an administrator needs."""
        return self.service.read(g.identity, self._args["name"]).to_dict(), 200

    @serves("POST", "run_action")
    @request_view_args
    @response_handler()
    def act(self):
        """Stop, retry or restart one run."""
        action = self._args["action"]
        item = getattr(self.service, action)(g.identity, self._args["name"])
        return item.to_dict(), 201 if action == "restart" else 202

    @serves("GET", "bulk")
    @response_handler(many=True)
    def list_bulk(self):
        """The newest bulk actions."""
        return self.service.list_bulk(g.identity), 200

    @serves("POST", "bulk")
    @request_data
    @response_handler()
    def bulk(self):
        """Preview (``dry_run``) or start a bulk retry or restart."""
        result = self.service.bulk(g.identity, resource_requestctx.data)
        return result, 200 if result.get("dry_run") else 202

    @serves("GET", "bulk_item")
    @request_view_args
    @response_handler()
    def read_bulk(self):
        """A bulk action's progress."""
        return self.service.read_bulk(g.identity, self._args["bulk_id"]), 200

    @serves("POST", "bulk_stop")
    @request_view_args
    @response_handler()
    def stop_bulk(self):
        """Stop a bulk action's roll-out."""
        return self.service.stop_bulk(g.identity, self._args["bulk_id"]), 202

    @serves("GET", "campaigns")
    @response_handler(many=True)
    def list_campaigns(self):
        """The newest reprocessing campaigns."""
        return self.service.list_campaigns(g.identity), 200

    @serves("POST", "campaigns")
    @request_data
    @response_handler()
    def start_campaign(self):
        """Preview (``dry_run``) or start a reprocessing campaign."""
        result = self.service.start_campaign(g.identity, resource_requestctx.data)
        return result, 200 if result.get("dry_run") else 202

    @serves("GET", "campaign")
    @request_view_args
    @response_handler()
    def read_campaign(self):
        """A campaign: files, proposals, roll-out."""
        return self.service.read_campaign(g.identity, self._args["bulk_id"]), 200

    @serves("POST", "campaign_switch")
    @request_view_args
    @response_handler()
    def switch_campaign(self):
        """Pause, resume or stop a campaign's roll-out."""
        method = getattr(self.service, f"{self._args['campaign_switch']}_campaign")
        return method(g.identity, self._args["bulk_id"]), 202

    @serves("GET", "workflows")
    @response_handler(many=True)
    def list_workflows(self):
        """Every workflow with counts and its switch."""
        return self.service.list_workflows(g.identity), 200

    @serves("GET", "workflow")
    @request_view_args
    @response_handler()
    def read_workflow(self):
        """One workflow with its switch's history."""
        return self.service.read_workflow(g.identity, self._args["name"]), 200

    @serves("POST", "workflow_switch")
    @request_view_args
    @request_data
    @response_handler()
    def switch(self):
        """Pause or resume a workflow."""
        method = getattr(self.service, self._args["switch"])
        return method(g.identity, self._args["name"], resource_requestctx.data), 200

    @serves("GET", "health")
    @response_handler()
    def health(self):
        """The engine's health."""
        return self.service.health(g.identity), 200
