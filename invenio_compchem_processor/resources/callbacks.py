# SPDX-License-Identifier: MIT
"""REST resource a run calls back to, with its credential as its only identity.

Sessions, cookies and OAuth tokens grant nothing here: the resource never
looks at ``g.identity``; it reads ``Authorization: Bearer <credential>`` and
hands the credential to the service, which verifies it.
"""

import marshmallow as ma
from flask import request
from flask_resources import (
    HTTPJSONException,
    Resource,
    ResourceConfig,
    create_error_handler,
    resource_requestctx,
    response_handler,
    route,
)
from invenio_records_resources.resources.records.resource import request_view_args
from invenio_records_resources.services.base.config import ConfiguratorMixin

from ..services import callback_errors as errors
from .errors import error_handlers as runs_error_handlers


class CredentialJSONException(HTTPJSONException):
    """A 401 that says which scheme to use."""

    def get_headers(self, environ=None, scope=None):
        """Add ``WWW-Authenticate``."""
        headers = super().get_headers(environ, scope)
        headers.append(("WWW-Authenticate", 'Bearer realm="compchem-run"'))
        return headers


def _json(code, cls=HTTPJSONException):
    return create_error_handler(lambda e: cls(code=code, description=e.description))


callback_error_handlers = {
    **runs_error_handlers,
    errors.CredentialError: _json(401, CredentialJSONException),
    errors.CallbackForbiddenError: _json(403),
    errors.RunWithdrawnError: _json(409),
    errors.DraftChangedError: _json(409),
    errors.ResultConflictError: _json(409),
    errors.InvalidResultNameError: _json(400),
    errors.InvalidCallbackError: _json(400),
    errors.ResultTooLargeError: _json(413),
    errors.InvalidMetadataError: _json(422),
}
"""Every refusal of the callback API, in one place (see ``docs/callbacks.rst``)."""


class RunCallbacksResourceConfig(ResourceConfig, ConfiguratorMixin):
    """What a run may call, under the API's ``/compchem/run``."""

    blueprint_name = "compchem_run_callbacks"
    url_prefix = "/compchem/run"
    routes = {
        "file_content": "/files/<path:key>/content",
        "result": "/results/<path:source_key>/<name>",
        "metadata": "/metadata/<path:source_key>",
        "progress": "/progress",
        "end": "/end",
    }
    request_view_args = {
        "key": ma.fields.String(),
        "source_key": ma.fields.String(),
        "name": ma.fields.String(),
    }
    processor_headers = ("X-Compchem-Processor", "X-Compchem-Processor-Version")
    processor_args = ("processor", "processor_version")
    error_handlers = callback_error_handlers


class RunCallbacksResource(Resource):
    """Input content, results, metadata, progress and end of one run."""

    def __init__(self, config, service):
        """Constructor."""
        super().__init__(config)
        self.service = service

    def create_url_rules(self):
        """Routes of the resource."""
        routes = self.config.routes
        return [
            route("GET", routes["file_content"], self.read_file),
            route("PUT", routes["result"], self.write_result),
            route("PUT", routes["metadata"], self.write_metadata),
            route("POST", routes["progress"], self.report_progress),
            route("POST", routes["end"], self.end),
        ]

    @staticmethod
    def _credential():
        """The bearer credential, or None; nothing else authenticates here."""
        scheme, _, value = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return value.strip() or None

    def _processor(self):
        """``(name, version)`` from the headers, else from the query arguments."""
        return tuple(
            request.headers.get(header) or request.args.get(arg)
            for header, arg in zip(
                self.config.processor_headers, self.config.processor_args
            )
        )

    @property
    def _view_args(self):
        return resource_requestctx.view_args

    @request_view_args
    def read_file(self):
        """Stream an input file; storage may answer with a redirect."""
        item = self.service.read_file(self._credential(), self._view_args["key"])
        return item.send_file()

    @request_view_args
    @response_handler()
    def write_result(self):
        """Store a result file, streamed from the request body."""
        return (
            self.service.write_result(
                self._credential(),
                self._view_args["source_key"],
                self._view_args["name"],
                request.stream,
                request.content_length,
                self._processor(),
            ),
            201,
        )

    @request_view_args
    @response_handler()
    def write_metadata(self):
        """Store a source's extracted metadata, validated against its schema."""
        return (
            self.service.write_metadata(
                self._credential(),
                self._view_args["source_key"],
                request.stream,
                request.content_length,
                self._processor(),
            ),
            201,
        )

    @response_handler()
    def report_progress(self):
        """Keep the run's latest progress report."""
        data = request.get_json(silent=True, force=True)
        return self.service.report_progress(self._credential(), data), 200

    @response_handler()
    def end(self):
        """End the run's context; its credential stops working."""
        return self.service.end(self._credential()), 200
