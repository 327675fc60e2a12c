# SPDX-License-Identifier: MIT
"""REST resource a run calls back to, with its credential as its only identity.

Sessions, cookies and OAuth tokens grant nothing here: the resource never
looks at ``g.identity``; it reads ``Authorization: Bearer <credential>`` and
hands the credential to the service, which verifies it.
"""

from urllib.parse import unquote

from flask import request
from flask_resources import resource_requestctx, response_handler
from invenio_records_resources.resources.records.resource import request_view_args

from ...services.errors import InvalidCallbackError
from ..base import ServiceResource, serves


class RunCallbacksResource(ServiceResource):
    """Input content, results, metadata, progress and end of one run."""

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

    @serves("GET", "file_content")
    @request_view_args
    def read_file(self):
        """Stream an input file; storage may answer with a redirect."""
        item = self.service.read_file(self._credential(), self._view_args["key"])
        return item.send_file()

    @serves("PUT", "result")
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

    def _batch_body(self):
        """``(results, metadata, progress)`` of a multipart results request.

        Result parts are named ``result`` and carry their result name,
        percent-encoded, as the part's file name; ``metadata`` is a part with
        the summary; ``progress`` a field with a ``/progress`` body. Werkzeug
        parses the body into temporary files, within the batch's size limit.
        """
        config = self.service.config
        request.max_content_length = (
            config.max_result_size
            + config.max_metadata_size
            + self.config.batch_allowance
        )
        request.max_form_parts = self.config.batch_parts
        if request.mimetype != "multipart/form-data":
            raise InvalidCallbackError("The body must be multipart/form-data.")
        files = request.files
        results = [
            (unquote(part.filename or "", errors="replace"), part.stream)
            for part in files.getlist("result")
        ]
        metadata = files["metadata"].stream if "metadata" in files else None
        return results, metadata, request.form.get("progress")

    @serves("POST", "results")
    @request_view_args
    @response_handler()
    def write_results(self):
        """Store the results of one source, its metadata and progress, in one commit."""
        return (
            self.service.write_results(
                self._credential(),
                self._view_args["source_key"],
                self._batch_body,
                self._processor(),
            ),
            201,
        )

    @serves("PUT", "metadata")
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

    @serves("POST", "progress")
    @response_handler()
    def report_progress(self):
        """Keep the run's latest progress report."""
        data = request.get_json(silent=True, force=True)
        return self.service.report_progress(self._credential(), data), 200

    @serves("POST", "end")
    @response_handler()
    def end(self):
        """End the run's context; its credential stops working."""
        data = request.get_json(silent=True, force=True)
        return self.service.end(self._credential(), data), 200
