# SPDX-License-Identifier: MIT
"""Routes and arguments of the run callback API."""

import marshmallow as ma
from flask_resources import HTTPJSONException, ResourceConfig, create_error_handler
from invenio_records_resources.services.base.config import ConfiguratorMixin
from werkzeug.exceptions import RequestEntityTooLarge

from ..errors import error_handlers

MAX_BATCH_PARTS = 64
"""Parts of one multipart results request (result files, metadata, progress)."""

MULTIPART_ALLOWANCE = 64 * 1024
"""Bytes of a multipart body beyond its files: boundaries and part headers."""


class RunCallbacksResourceConfig(ResourceConfig, ConfiguratorMixin):
    """What a run may call, under the API's ``/compchem/run``."""

    blueprint_name = "compchem_run_callbacks"
    url_prefix = "/compchem/run"
    routes = {
        "file_content": "/files/<path:key>/content",
        "result": "/results/<path:source_key>/<name>",
        "results": "/results/<path:source_key>",
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
    batch_parts = MAX_BATCH_PARTS
    batch_allowance = MULTIPART_ALLOWANCE
    error_handlers = {
        **error_handlers,
        # A multipart body over its limit, found while Werkzeug parses it.
        RequestEntityTooLarge: create_error_handler(
            lambda e: HTTPJSONException(
                code=413,
                description="The request is larger than results may be, "
                "or has too many parts.",
            )
        ),
    }
