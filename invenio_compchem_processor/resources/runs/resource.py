# SPDX-License-Identifier: MIT
"""REST resource of a draft's runs."""

from flask import g
from flask_resources import (
    Resource,
    from_conf,
    request_parser,
    resource_requestctx,
    response_handler,
    route,
)
from invenio_records_resources.resources.records.resource import (
    request_data,
    request_search_args,
    request_view_args,
)

request_logs_args = request_parser(from_conf("request_logs_args"), location="args")


class RunsResource(Resource):
    """Start, list, read, stop, retry and resubmit runs of a draft."""

    def __init__(self, config, service):
        """Constructor."""
        super().__init__(config)
        self.service = service

    def create_url_rules(self):
        """Routes of the resource."""
        routes = self.config.routes
        return [
            route("GET", routes["workflows"], self.available_workflows),
            route("GET", routes["list"], self.search),
            route("POST", routes["list"], self.start),
            route("GET", routes["item"], self.read),
            route("GET", routes["logs"], self.read_logs),
            route("POST", routes["stop"], self.stop),
            route("POST", routes["retry"], self.retry),
            route("POST", routes["resubmit"], self.resubmit),
        ]

    @property
    def _pid(self):
        return resource_requestctx.view_args["pid_value"]

    @property
    def _name(self):
        return resource_requestctx.view_args["name"]

    @request_view_args
    @response_handler()
    def available_workflows(self):
        """Workflows that can process the draft's files."""
        return self.service.available_workflows(g.identity, self._pid), 200

    @request_view_args
    @request_search_args
    @response_handler(many=True)
    def search(self):
        """The draft's runs with their status."""
        return (
            self.service.search(
                g.identity, self._pid, resource_requestctx.args
            ).to_dict(),
            200,
        )

    @request_view_args
    @request_data
    @response_handler()
    def start(self):
        """Start a workflow on files of the draft."""
        return (
            self.service.start(
                g.identity, self._pid, resource_requestctx.data
            ).to_dict(),
            201,
        )

    @request_view_args
    @response_handler()
    def read(self):
        """One run with its steps."""
        item = self.service.read(g.identity, self._pid, self._name)
        return item.to_dict(), 200

    @request_view_args
    @request_logs_args
    @response_handler()
    def read_logs(self):
        """The tail of a run's log."""
        args = resource_requestctx.args
        return (
            self.service.read_logs(
                g.identity,
                self._pid,
                self._name,
                step=args.get("step"),
                tail=args.get("tail"),
            ),
            200,
        )

    @request_view_args
    @response_handler()
    def stop(self):
        """Stop an active run."""
        item = self.service.stop(g.identity, self._pid, self._name)
        return item.to_dict(), 202

    @request_view_args
    @response_handler()
    def retry(self):
        """Retry a failed run."""
        item = self.service.retry(g.identity, self._pid, self._name)
        return item.to_dict(), 202

    @request_view_args
    @response_handler()
    def resubmit(self):
        """Start the run again as a new run."""
        item = self.service.resubmit(g.identity, self._pid, self._name)
        return item.to_dict(), 201
