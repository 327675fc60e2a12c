# SPDX-License-Identifier: MIT
"""Previews a structure (XYZ, extended XYZ, CIF) in 3D with 3Dmol.js.

The page gets the file's text and what ASE reads from it (Hill formula,
atom count, whether the cell is periodic); the browser draws it. A file ASE
cannot read still gets the viewer, with the reason instead of the formula.
"""

import io

from flask import render_template
from invenio_previewer.proxies import current_previewer

from ._reading import read_text, small_enough

previewable_extensions = ["xyz", "extxyz", "cif"]

FORMATS = {".xyz": ("extxyz", "xyz"), ".extxyz": ("extxyz", "xyz"), ".cif": ("cif", "cif")}
"""Extension: (ASE's format, 3Dmol.js's format). ASE's extxyz reads plain XYZ too."""


def _extension(file):
    return next((ext for ext in FORMATS if file.has_extensions(ext)), None)


def can_preview(file):
    """XYZ, extended XYZ and CIF files small enough to send to the browser."""
    return file.is_local() and _extension(file) is not None and small_enough(file)


def describe(text, ase_format):
    """Formula, atom count and periodicity of the (last) structure in ``text``."""
    import ase.io

    try:
        atoms = ase.io.read(io.StringIO(text), format=ase_format, index=-1)
    except Exception as error:  # ASE raises many kinds on a malformed file
        return {"error": f"{type(error).__name__}: {error}"[:300]}
    return {
        "formula": atoms.get_chemical_formula("hill"),
        "natoms": len(atoms),
        "periodic": bool(atoms.pbc.any()),
    }


def preview(file):
    """The 3D view, with formula and atom count."""
    ase_format, viewer_format = FORMATS[_extension(file)]
    text = read_text(file)
    return render_template(
        "invenio_compchem_processor/previewers/structure.html",
        file=file,
        structure={"text": text, "format": viewer_format, **describe(text, ase_format)},
        js_bundles=current_previewer.js_bundles + ["invenio-compchem-processor-previewer.js"],
        css_bundles=current_previewer.css_bundles,
    )
