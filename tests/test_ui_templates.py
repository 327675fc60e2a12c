# SPDX-License-Identifier: MIT
"""The UI blueprint places the panel's templates without taking over an instance's."""

import subprocess
import sys
from pathlib import Path

from flask import Flask

from invenio_compchem_processor import config
from invenio_compchem_processor.views_ui import create_ui_blueprint

RDM_SIDEBAR = [
    "invenio_app_rdm/records/details/side_bar/manage_menu.html",
    "invenio_app_rdm/records/details/side_bar/metrics.html",
]


def ui_app(**settings):
    app = Flask("ui-test")
    for key in dir(config):
        if key.startswith("COMPCHEM_PROCESSOR_UI_"):
            app.config[key] = getattr(config, key)
    app.config["THEME_JAVASCRIPT_TEMPLATE"] = "invenio_app_rdm/javascript.html"
    app.config["APP_RDM_DETAIL_SIDE_BAR_TEMPLATES"] = list(RDM_SIDEBAR)
    app.config.update(settings)
    app.register_blueprint(create_ui_blueprint(app))
    return app


def test_rdm_default_page_template_is_replaced_by_the_panel_template():
    app = ui_app()
    assert app.config["THEME_JAVASCRIPT_TEMPLATE"] == (
        "invenio_compchem_processor/javascript.html"
    )
    # Invenio's theme loader looks in the blueprint's ``semantic-ui`` folder.
    source = app.jinja_env.loader.get_source(
        app.jinja_env, "semantic-ui/invenio_compchem_processor/javascript.html"
    )[0]
    assert "{{ webpack['invenio-compchem-processor-panel.js'] }}" in source


def test_an_instance_page_template_is_left_alone():
    app = ui_app(THEME_JAVASCRIPT_TEMPLATE="my_site/javascript.html")
    assert app.config["THEME_JAVASCRIPT_TEMPLATE"] == "my_site/javascript.html"


def test_preview_panel_goes_right_under_the_manage_menu_once():
    app = ui_app()
    create_ui_blueprint(app)  # a second application factory run adds nothing
    assert app.config["APP_RDM_DETAIL_SIDE_BAR_TEMPLATES"] == [
        RDM_SIDEBAR[0],
        "invenio_compchem_processor/processing_panel.html",
        RDM_SIDEBAR[1],
    ]


def test_preview_panel_can_be_turned_off():
    app = ui_app(COMPCHEM_PROCESSOR_UI_PREVIEW_TEMPLATE=None)
    assert app.config["APP_RDM_DETAIL_SIDE_BAR_TEMPLATES"] == RDM_SIDEBAR


def test_message_catalogs_match_the_panel_strings():
    script = Path(__file__).parents[1] / "scripts" / "ui_messages.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout
