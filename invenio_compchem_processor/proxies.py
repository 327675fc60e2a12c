# SPDX-License-Identifier: MIT
"""Proxies to the extension and its services."""

from flask import current_app
from werkzeug.local import LocalProxy

current_compchem = LocalProxy(
    lambda: current_app.extensions["invenio-compchem-processor"]
)
"""The extension of the current application."""

current_runs_service = LocalProxy(lambda: current_compchem.runs_service)
"""The runs service."""

current_automatic_runs_service = LocalProxy(
    lambda: current_compchem.automatic_runs_service
)
"""The service that reacts to uploads and deletions."""

current_workflows_service = LocalProxy(lambda: current_compchem.workflows_service)
"""The workflow definitions service."""
