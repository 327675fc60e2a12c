# SPDX-License-Identifier: MIT
"""The MD sample files, and running the md-summary command on them (shared by test_md_*)."""

import json
import shutil
from pathlib import Path

import pytest

from invenio_compchem_processor.processors.md_summary import main

DATA = Path(__file__).parent.parent / "data" / "md"
MDA = DATA / "mdanalysis"
GENERATED = DATA / "generated"

needs_gmx = pytest.mark.skipif(
    shutil.which("gmx") is None,
    reason="GROMACS's gmx is not installed (run-tests.sh installs Debian's gromacs)",
)


def run_processor(tmp_path, files, args=()):
    """Copy ``{name in run: sample path}`` to an input dir and run the command.

    Returns ``(exit code, manifest, output dir)``.
    """
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for name, source in files.items():
        shutil.copy(source, inp / name)
    rc = main([str(inp), str(out), *args])
    return rc, json.loads((out / "results.json").read_text()), out


def entry(manifest, name):
    """The manifest entry of one input."""
    (found,) = [e for e in manifest["results"] if e["input"] == name]
    return found


def summary(out, name):
    """The MD summary written for the simulation named after ``name``."""
    return json.loads((out / f"{name}.md.json").read_text())


def test_samples_and_their_licence_notes_are_shipped():
    """The samples the MD tests name are all here, with where they come from."""
    names = {p.name for p in MDA.iterdir()} | {p.name for p in GENERATED.iterdir()}
    for name in (
        "aux_edr.tpr",
        "aux_edr.xtc",
        "test.edr",
        "ace_tip3p.parm7",
        "ace_tip3p.nc",
        "image_vf.data",
        "image_vf.lammpstrj",
        "argon_npt_compressed.tng",
        "argon_npt_compressed.gro",
        "nacl.tpr",
        "nacl.xtc",
        "nacl.edr",
        "cut.xtc",
        "cut.edr",
        "LICENSE.MDAnalysisTests",
        "make-nacl.sh",
    ):
        assert name in names
    readme = (DATA / "README.md").read_text()
    assert "LGPL" in readme and "make-nacl.sh" in readme
    total = sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file())
    assert total < 4.5 * 1024**2  # a few MB, as the repository should stay
