# SPDX-License-Identifier: MIT
"""REST resource of a draft's runs."""

from flask import g, request
from flask_resources import (
    from_conf,
    request_parser,
    resource_requestctx,
    response_handler,
)
from invenio_records_resources.resources.records.resource import (
    request_data,
    request_search_args,
    request_view_args,
)

from ..base import ServiceResource, serves

request_logs_args = request_parser(from_conf("request_logs_args"), location="args")


class RunsResource(ServiceResource):
    """Start, list, read, stop, retry and resubmit runs of a draft."""

    @property
    def _pid(self):
        return resource_requestctx.view_args["pid_value"]

    @property
    def _name(self):
        return resource_requestctx.view_args["name"]

    @serves("GET", "workflows")
    @request_view_args
    @response_handler()
    def available_workflows(self):
        """Workflows that can process the draft's files."""
        return self.service.available_workflows(g.identity, self._pid), 200

    @serves("GET", "list")
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

    @serves("POST", "list")
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

    @serves("GET", "item")
    @request_view_args
    @response_handler()
    def read(self):
        """One run with its steps."""
        item = self.service.read(g.identity, self._pid, self._name)
        return item.to_dict(), 200

    @serves("GET", "logs")
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

    ACTION_STATUS = {"stop": 202, "retry": 202, "resubmit": 201}
    """The answer's code for each action: a resubmit creates a new run."""

    @serves("POST", "stop", endpoint="stop")
    @serves("POST", "retry", endpoint="retry")
    @serves("POST", "resubmit", endpoint="resubmit")
    @request_view_args
    @response_handler()
    def act(self):
        """Stop an active run, retry a failed one, or start it again as a new run."""
        action = request.url_rule.rule.rsplit("/", 1)[-1]
        item = getattr(self.service, action)(g.identity, self._pid, self._name)
        return item.to_dict(), self.ACTION_STATUS[action]
