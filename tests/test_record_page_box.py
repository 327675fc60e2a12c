# SPDX-License-Identifier: MIT
"""The sidebar template's places: the panel on a draft's preview, the proposals on a record."""

import pytest
from flask import render_template_string

from tests.test_ui_templates import ui_app

TEMPLATE = "{% include 'semantic-ui/invenio_compchem_processor/processing_panel.html' %}"


def render(is_preview, is_draft, can_manage):
    app = ui_app()
    with app.test_request_context():
        return render_template_string(
            TEMPLATE,
            is_preview=is_preview,
            record_ui={"id": "abcde-12345", "is_draft": is_draft},
            permissions={"can_manage": can_manage},
        )


@pytest.mark.parametrize("can_manage", [True, False])
def test_a_draft_preview_gets_the_panel(can_manage):
    html = render(is_preview=True, is_draft=True, can_manage=can_manage)
    assert 'id="invenio-compchem-processor-panel"' in html
    assert 'data-record-id="abcde-12345"' in html
    assert "proposals" not in html


def test_a_published_record_gets_the_proposals_place_for_who_may_manage_it():
    html = render(is_preview=False, is_draft=False, can_manage=True)
    assert 'id="invenio-compchem-processor-proposals"' in html
    assert 'data-record-id="abcde-12345"' in html
    assert "processor-panel" not in html


@pytest.mark.parametrize(
    "is_preview, is_draft, can_manage",
    [
        (False, False, False),  # a record's page, for a reader
        (True, False, True),  # a published record's preview
        (False, True, True),  # a draft, not previewed
    ],
)
def test_nothing_elsewhere(is_preview, is_draft, can_manage):
    html = render(is_preview=is_preview, is_draft=is_draft, can_manage=can_manage)
    assert html.strip() == ""
