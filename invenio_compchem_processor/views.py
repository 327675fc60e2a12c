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


def create_callback_bp(app):
    """Blueprint of the run callback API.

    Only the ``Authorization`` header authenticates there, never a cookie, so
    CSRF protection has nothing to protect and is lifted; library logs that
    see the header get the credential redacted.
    """
    from .credentials import install_log_redaction

    install_log_redaction()
    ext = app.extensions["invenio-compchem-processor"]
    blueprint = ext.callback_resource.as_blueprint()
    csrf = app.extensions.get("invenio-csrf")
    if hasattr(csrf, "exempt"):
        csrf.exempt(blueprint)
    return blueprint


def create_admin_bp(app):
    """Blueprint of the admin API (administration access only)."""
    ext = app.extensions["invenio-compchem-processor"]
    return ext.admin_resource.as_blueprint()


def create_events_bp(app):
    """Blueprint of a draft's run events (stream URL and stream)."""
    ext = app.extensions["invenio-compchem-processor"]
    return ext.events_resource.as_blueprint()
