# SPDX-License-Identifier: MIT
"""Previews a run's summary JSON (``NAME.summary.json``) as a readable card.

The card itself is React (``components/SummaryCard.js``, the same card as in
the deposit form's panel); this page hands it the summary and, for an
optimisation, the energy of each step (:mod:`.steps`).
"""

import json

from flask import render_template
from invenio_previewer.proxies import current_previewer

from ._reading import read_text, small_enough
from .steps import optimisation_steps

previewable_extensions = ["json"]

SUFFIX = ".summary.json"


def load(file):
    """The summary, or None when the file is not one of our summaries."""
    try:
        data = json.loads(read_text(file))
    except ValueError:
        return None
    if isinstance(data, dict) and "summary_version" in data and "processor" in data:
        return data
    return None


def can_preview(file):
    """Summaries written by the package's processors."""
    return (
        file.is_local()
        and file.filename.endswith(SUFFIX)
        and small_enough(file)
        and load(file) is not None
    )


def preview(file):
    """The summary card."""
    summary = load(file)
    return render_template(
        "invenio_compchem_processor/previewers/summary.html",
        file=file,
        card={"summary": summary, "steps": optimisation_steps(file, summary)},
        js_bundles=current_previewer.js_bundles + ["invenio-compchem-processor-previewer.js"],
        css_bundles=current_previewer.css_bundles,
    )
