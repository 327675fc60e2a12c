# SPDX-License-Identifier: MIT
"""The UI blueprint: the panel's templates, placed on RDM's pages.

It has no routes. Registering it (``invenio_base.blueprints``) exposes the
package's templates and puts the panel's bundle on every page by setting
``THEME_JAVASCRIPT_TEMPLATE``, only while that setting is still RDM's
default, so that an instance's own choice is left alone (docs/ui.rst gives
the line such an instance adds). The draft preview page gets the panel as
one more sidebar template.
"""

from flask import Blueprint


def _place_templates(app):
    config = app.config
    if config.get("THEME_JAVASCRIPT_TEMPLATE") == config.get(
        "COMPCHEM_PROCESSOR_UI_BASE_JAVASCRIPT_TEMPLATE"
    ):
        config["THEME_JAVASCRIPT_TEMPLATE"] = config[
            "COMPCHEM_PROCESSOR_UI_JAVASCRIPT_TEMPLATE"
        ]
    sidebar = config.get("APP_RDM_DETAIL_SIDE_BAR_TEMPLATES")
    panel = config.get("COMPCHEM_PROCESSOR_UI_PREVIEW_TEMPLATE")
    if panel and isinstance(sidebar, list) and panel not in sidebar:
        # Right under the manage menu (edit, publish), above the metadata boxes.
        after = [i for i, name in enumerate(sidebar) if name.endswith("manage_menu.html")]
        at = after[0] + 1 if after else 0
        config["APP_RDM_DETAIL_SIDE_BAR_TEMPLATES"] = [*sidebar[:at], panel, *sidebar[at:]]


def create_ui_blueprint(app):
    """Blueprint of the panel's templates."""
    _place_templates(app)
    return Blueprint(
        "invenio_compchem_processor_ui", __name__, template_folder="templates"
    )
