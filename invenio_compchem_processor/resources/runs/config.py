# SPDX-License-Identifier: MIT
"""Routes and request arguments of a draft's runs."""

import json

import marshmallow as ma
from flask_resources import (
    JSONDeserializer,
    MultiDictSchema,
    RequestBodyParser,
    ResourceConfig,
)
from invenio_records_resources.services.base.config import ConfiguratorMixin

from ...services.runs.schemas import printable
from ..errors import error_handlers

MAX_PAGE = 100_000
"""Deepest page a list serves: far past any record's runs, well inside SQL's integers."""


class BoundedJSONDeserializer(JSONDeserializer):
    """JSON bodies, with too deep a nesting refused like any malformed body."""

    def deserialize(self, data):
        """The body's value; ``JSONDecodeError`` (a 400) when it cannot be read."""
        try:
            return super().deserialize(data)
        except RecursionError:
            raise json.JSONDecodeError("The JSON body is nested too deeply", "", 0)


class RunsSearchArgsSchema(MultiDictSchema):
    """Query arguments of a record's run list."""

    file = ma.fields.String(validate=printable)
    workflow = ma.fields.String(validate=printable)
    page = ma.fields.Integer(
        load_default=1, validate=ma.validate.Range(min=1, max=MAX_PAGE)
    )
    size = ma.fields.Integer(
        load_default=25, validate=ma.validate.Range(min=1, max=100)
    )


class LogsArgsSchema(MultiDictSchema):
    """Query arguments of a run's log."""

    step = ma.fields.String(validate=printable)
    tail = ma.fields.Integer(validate=ma.validate.Range(min=1))


class RunsResourceConfig(ResourceConfig, ConfiguratorMixin):
    """A draft's runs, under RDM's record paths."""

    blueprint_name = "compchem_runs"
    url_prefix = "/records/<pid_value>/draft/compchem"
    routes = {
        "workflows": "/workflows",
        "list": "/runs",
        "item": "/runs/<name>",
        "logs": "/runs/<name>/logs",
        "stop": "/runs/<name>/actions/stop",
        "retry": "/runs/<name>/actions/retry",
        "resubmit": "/runs/<name>/actions/resubmit",
    }
    request_view_args = {
        "pid_value": ma.fields.String(validate=printable),
        "name": ma.fields.String(validate=printable),
    }
    request_body_parsers = {
        "application/json": RequestBodyParser(BoundedJSONDeserializer())
    }
    request_search_args = RunsSearchArgsSchema
    request_logs_args = LogsArgsSchema
    error_handlers = error_handlers
