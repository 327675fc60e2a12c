# SPDX-License-Identifier: MIT
"""REST resource of campaign proposals."""

from flask import g
from flask_resources import resource_requestctx, response_handler
from invenio_records_resources.resources.records.resource import request_view_args

from ..base import ServiceResource, serves


class ProposalsResource(ServiceResource):
    """List a record's proposals; its owner accepts or declines them."""

    @property
    def _args(self):
        return resource_requestctx.view_args

    @serves("GET", "list")
    @request_view_args
    @response_handler(many=True)
    def search(self):
        """The record's proposals."""
        return self.service.search(g.identity, self._args["pid_value"]), 200

    @serves("GET", "item")
    @request_view_args
    @response_handler()
    def read(self):
        """One campaign's proposal."""
        args = self._args
        return self.service.read(g.identity, args["pid_value"], args["campaign_id"]), 200

    @serves("POST", "accept")
    @request_view_args
    @response_handler()
    def accept(self):
        """Reprocess into a new version draft."""
        args = self._args
        return self.service.accept(g.identity, args["pid_value"], args["campaign_id"]), 201

    @serves("POST", "decline")
    @request_view_args
    @response_handler()
    def decline(self):
        """Keep the record as it is."""
        args = self._args
        return self.service.decline(g.identity, args["pid_value"], args["campaign_id"]), 200
