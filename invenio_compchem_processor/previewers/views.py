# SPDX-License-Identifier: MIT
"""Previews of a record's media files, and the previewers' place in the config.

RDM's record page previews ``files`` only: its preview route reads file
metadata through the files service, and it lists media files ("System
files") with download links and ``with_preview=false``. Runs write their
results as media files, so this blueprint serves
``/records/<pid>/compchem/preview/<key>`` (``?preview=1`` for a draft, as
RDM's routes do; not under ``media-files/``, whose download route takes any
path) through the media files service, with the same previewers,
and adds a sidebar box listing the results that have a preview.
"""

from flask import Blueprint, g, jsonify, url_for
from invenio_app_rdm.records_ui.views.decorators import (
    pass_is_preview,
    pass_record_or_draft,
)
from invenio_app_rdm.records_ui.views.records import PreviewFile
from invenio_previewer.extensions import default as default_previewer
from invenio_previewer.proxies import current_previewer
from sqlalchemy.orm.exc import NoResultFound

PREVIEWERS = ["compchem_structure", "compchem_summary"]
"""Our previewers, put first in ``PREVIEWER_PREFERENCE`` unless already listed."""

SIDEBAR_TEMPLATE = "invenio_compchem_processor/previewers/results_sidebar.html"
"""The record page's box of result previews (``APP_RDM_DETAIL_SIDE_BAR_TEMPLATES``)."""


def _media_files_service(is_preview):
    from invenio_rdm_records.proxies import current_rdm_records

    service = current_rdm_records.records_media_files_service
    return service.draft_files if is_preview else service.files


def read_media_file(pid_value, key, is_preview):
    """A media file's metadata: the draft's when previewing a draft, else the record's."""
    read = {"identity": g.identity, "id_": pid_value, "file_key": key}
    if is_preview:
        try:
            return _media_files_service(True).read_file_metadata(**read)
        except NoResultFound:
            pass
    return _media_files_service(False).read_file_metadata(**read)


@pass_is_preview
@pass_record_or_draft(expand=False)
def media_file_preview(pid_value, filename, record=None, is_preview=False, **kwargs):
    """The first previewer that can show the media file, RDM's default otherwise."""
    metadata = read_media_file(pid_value, filename, is_preview)
    url = url_for(
        "invenio_app_rdm_records.record_media_file_download",
        pid_value=pid_value,
        filename=filename,
        preview=1 if is_preview else 0,
    )
    file = PreviewFile(metadata, pid_value, record, url)
    for plugin in current_previewer.iter_previewers():
        if plugin.can_preview(file):
            return plugin.preview(file)
    return default_previewer.preview(file)


@pass_is_preview
@pass_record_or_draft(expand=False)
def media_file_steps(pid_value, filename, record=None, is_preview=False, **kwargs):
    """``{"steps": [...]}``: energies per optimisation step of a summary result.

    What the summary preview's chart shows, for the deposit form's card of a
    finished run; ``[]`` for anything that is not an optimisation's summary.
    """
    from . import summary as summary_previewer
    from .steps import optimisation_steps

    metadata = read_media_file(pid_value, filename, is_preview)
    file = PreviewFile(metadata, pid_value, record, url=None)
    summary = (
        summary_previewer.load(file) if summary_previewer.can_preview(file) else None
    )
    return jsonify({"steps": optimisation_steps(file, summary) if summary else []})


def place_previewers(config):
    """Our previewers first, our box in the record page's sidebar."""
    preference = list(config.get("PREVIEWER_PREFERENCE") or [])
    config["PREVIEWER_PREFERENCE"] = [
        *[name for name in PREVIEWERS if name not in preference],
        *preference,
    ]
    sidebar = config.get("APP_RDM_DETAIL_SIDE_BAR_TEMPLATES")
    if isinstance(sidebar, list) and SIDEBAR_TEMPLATE not in sidebar:
        # Under the manage menu, where the results of the record are looked for.
        after = [i for i, name in enumerate(sidebar) if name.endswith("manage_menu.html")]
        at = after[0] + 1 if after else 0
        config["APP_RDM_DETAIL_SIDE_BAR_TEMPLATES"] = [*sidebar[:at], SIDEBAR_TEMPLATE, *sidebar[at:]]


def create_previewers_blueprint(app):
    """Blueprint of the media files' previews."""
    place_previewers(app.config)
    blueprint = Blueprint("invenio_compchem_processor_previewers", __name__)
    blueprint.add_url_rule(
        "/records/<pid_value>/compchem/preview/<path:filename>",
        view_func=media_file_preview,
    )
    blueprint.add_url_rule(
        "/records/<pid_value>/compchem/steps/<path:filename>",
        view_func=media_file_steps,
    )
    return blueprint
