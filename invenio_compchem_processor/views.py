# SPDX-License-Identifier: MIT
"""Blueprints of the REST API, one per resource of the extension."""

from functools import partial


def _resource_blueprint(resource, app):
    """The blueprint of the extension's ``resource`` (an attribute of the extension)."""
    ext = app.extensions["invenio-compchem-processor"]
    return getattr(ext, resource).as_blueprint()


# A draft's runs, the workflow definitions, the admin API (administration
# access only) and a draft's run events (stream URL and stream).
create_runs_bp = partial(_resource_blueprint, "runs_resource")
create_workflows_bp = partial(_resource_blueprint, "workflows_resource")
create_admin_bp = partial(_resource_blueprint, "admin_resource")
create_events_bp = partial(_resource_blueprint, "events_resource")
create_proposals_bp = partial(_resource_blueprint, "proposals_resource")


def create_callback_bp(app):
    """Blueprint of the run callback API.

    Only the ``Authorization`` header authenticates there, never a cookie, so
    CSRF protection has nothing to protect and is lifted; library logs that
    see the header get the credential redacted.
    """
    from .credentials import install_log_redaction

    install_log_redaction()
    blueprint = _resource_blueprint("callback_resource", app)
    csrf = app.extensions.get("invenio-csrf")
    if hasattr(csrf, "exempt"):
        csrf.exempt(blueprint)
    return blueprint
