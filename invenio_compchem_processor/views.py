# SPDX-License-Identifier: MIT
"""Blueprints of the REST API."""


def create_runs_bp(app):
    """Blueprint of a draft's runs."""
    ext = app.extensions["invenio-compchem-processor"]
    return ext.runs_resource.as_blueprint()


def create_workflows_bp(app):
    """Blueprint of the workflow definitions."""
    ext = app.extensions["invenio-compchem-processor"]
    return ext.workflows_resource.as_blueprint()

