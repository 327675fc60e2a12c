# SPDX-License-Identifier: MIT
"""The UI blueprint places the panel's templates without taking over an instance's."""

import subprocess
import sys
from pathlib import Path

from flask import Flask

from invenio_compchem_processor import config
from invenio_compchem_processor.administration.display import HELPERS
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


def admin_page(name, **context):
    """An administration page rendered from the package's templates alone.

    The panel's base template is a stand-in with the blocks the pages fill.
    """
    import invenio_administration
    from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader
    from jinja2.filters import do_filesizeformat as filesizeformat

    package = Path(config.__file__).parent / "templates" / "semantic-ui"
    panel = Path(invenio_administration.__file__).parent / "templates" / "semantic-ui"
    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader([str(package), str(panel)]),
                DictLoader(
                    {
                        "admin_base.html": "{% block page_title %}{% endblock %}"
                        "{% block admin_page_content %}{% endblock %}"
                        "{% block javascript %}<script src='panel.js'></script>"
                        "{% endblock %}"
                    }
                ),
            ]
        )
    )
    env.globals.update(_=lambda text, **values: text % values, request=None)
    env.filters["filesizeformat"] = filesizeformat
    return env.get_template(f"invenio_compchem_processor/administration/{name}").render(
        admin_base_template="admin_base.html",
        webpack={"invenio-compchem-processor-admin.js": "<script src='admin.js'>"},
        **context,
    )


def test_run_details_page_lists_files_steps_and_results_after_the_panel_scripts(app):
    run = {
        "name": "cclib-summary-abc-1",
        "workflow": "cclib-summary",
        "phase": "Failed",
        "created": "2026-12-01T13:21:34.504649+00:00",
        "links": {"actions": {}, "record": "/uploads/abc"},
        "status": {
            "started": "2026-12-01T13:21:34.527645+00:00",
            "finished": "2026-12-01T13:23:39.927364+00:00",
        },
        "credential": {"state": "revoked", "expires": "2026-12-01T19:21:34.507347"},
        "files": [{"key": "a.log", "mimetype": "text/plain", "size": 3, "checksum": "md5:x"}],
        "steps": [],
        "results": [{"key": "a.log.summary.json", "source": "a.log", "processor": "p"}],
        "log_tail": ["line one"],
    }
    with app.test_request_context():
        html = admin_page("run_details.html", run=run, **HELPERS)
    assert (
        '<td>a.log</td><td>text/plain</td><td title="3 bytes">3 Bytes</td>'
        "<td>md5:x</td>" in html
    )
    assert 'data-phase="Failed"' in html and "times circle icon" in html
    # In the reader's zone: RDM's BABEL_DEFAULT_TIMEZONE, Europe/Zurich.
    assert (
        '<time datetime="2026-12-01T13:21:34.504649+00:00" '
        'title="2026-12-01T13:21:34.504649+00:00">'
        "December 1, 2026, 2:21:34\u202fPM +0100</time>"
    ) in html
    assert "(took 2 minutes)" in html  # 2 min 5 s, as Babel words it
    # The credential's expiry, kept without an offset: UTC.
    assert ">December 1, 2026, 8:21:34\u202fPM +0100</time>)" in html
    assert "T13:2" not in html.replace('"2026-12-01T13:2', "")  # no raw ISO on screen
    assert '<td colspan="5">The engine reports no steps.</td>' in html
    assert "<td>a.log.summary.json</td><td>a.log</td><td>p </td>" in html
    assert "No results." not in html
    assert html.index("panel.js") < html.index("admin.js")
    assert html.count("admin.js") == 1


def test_run_details_page_shows_each_step_s_phase_start_and_duration(app):
    step = {
        "name": "write-results",
        "phase": "Failed",
        "started": "2026-12-01T13:21:39.256296+00:00",
        "finished": "2026-12-01T13:21:44.281604+00:00",
        "message": "a.log: the file ends before the calculation finished",
    }
    run = {
        "name": "cclib-summary-abc-1",
        "links": {"actions": {}},
        "status": {},
        "credential": {"state": "ended"},
        "files": [],
        "steps": [step, {"name": "end-run", "phase": "NotStarted"}],
        "results": [],
        "log_tail": [],
    }
    with app.test_request_context():
        html = admin_page("run_details.html", run=run, **HELPERS)
    row = html[html.index("<td>write-results</td>") :]
    row = row[: row.index("</tr>")]
    assert 'class="ui red label compchem-phase" data-phase="Failed"' in row
    assert ">2:21:39\u202fPM</time>" in row  # Europe/Zurich, as above
    assert 'title="finished 2026-12-01T13:21:44.281604+00:00">5 seconds</span>' in row
    assert f"<td>{step['message']}</td>" in row
    assert 'data-phase="NotStarted"' in html and "ban icon" in html
    assert ">Not started</span>" in html


def test_workflows_page_loads_the_admin_bundle_once():
    html = admin_page("workflows.html")
    assert 'id="compchem-admin-workflows"' in html
    assert html.index("panel.js") < html.index("admin.js")
    assert html.count("admin.js") == 1
