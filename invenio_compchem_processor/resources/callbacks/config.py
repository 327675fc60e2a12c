# SPDX-License-Identifier: MIT
"""Routes and arguments of the run callback API."""

import marshmallow as ma
from flask_resources import ResourceConfig
from invenio_records_resources.services.base.config import ConfiguratorMixin

from ..errors import error_handlers


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
    error_handlers = error_handlers
