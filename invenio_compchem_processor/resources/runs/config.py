# SPDX-License-Identifier: MIT
"""Routes and request arguments of a draft's runs."""

import marshmallow as ma
from flask_resources import MultiDictSchema, ResourceConfig
from invenio_records_resources.services.base.config import ConfiguratorMixin

from ..errors import error_handlers


class RunsSearchArgsSchema(MultiDictSchema):
    """Query arguments of a record's run list."""

    file = ma.fields.String()
    workflow = ma.fields.String()
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1))
    size = ma.fields.Integer(
        load_default=25, validate=ma.validate.Range(min=1, max=100)
    )


class LogsArgsSchema(MultiDictSchema):
    """Query arguments of a run's log."""

    step = ma.fields.String()
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
    request_view_args = {"pid_value": ma.fields.String(), "name": ma.fields.String()}
    request_search_args = RunsSearchArgsSchema
    request_logs_args = LogsArgsSchema
    error_handlers = error_handlers
