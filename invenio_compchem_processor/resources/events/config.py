# SPDX-License-Identifier: MIT
"""Routes of a draft's run events."""

import marshmallow as ma
from flask_resources import JSONSerializer, ResourceConfig, ResponseHandler
from invenio_records_resources.services.base.config import ConfiguratorMixin

from ..errors import error_handlers


class RunEventsResourceConfig(ResourceConfig, ConfiguratorMixin):
    """A draft's run events: a stream URL, and the stream it opens."""

    blueprint_name = "compchem_events"
    url_prefix = "/records/<pid_value>/draft/compchem/events"
    routes = {"url": "", "stream": "/stream"}
    request_view_args = {"pid_value": ma.fields.String()}
    error_handlers = error_handlers
    # A browser's EventSource asks for ``text/event-stream`` only; errors
    # before the stream starts are JSON all the same.
    response_handlers = {
        "application/json": ResponseHandler(JSONSerializer()),
        "text/event-stream": ResponseHandler(JSONSerializer()),
    }
