# SPDX-License-Identifier: MIT
"""Sphinx configuration."""

from importlib.metadata import version as _version

project = "invenio-compchem-processor"
copyright = "2026, the invenio-compchem-processor authors"
author = "the invenio-compchem-processor authors"
release = _version("invenio-compchem-processor")
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
]
autodoc_member_order = "bysource"
autodoc_mock_imports = []
nitpicky = False
exclude_patterns = ["_build"]
html_theme = "alabaster"
master_doc = "index"
suppress_warnings = ["autodoc.import_object"]
