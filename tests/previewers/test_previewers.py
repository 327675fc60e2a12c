# SPDX-License-Identifier: MIT
"""The previewers' reading of structures and their place in the configuration.

Structures are the processors' own results on real sample outputs; the 3D
view and the summary card are checked in a browser (tests/ui/test_previewers.py).
"""

from importlib.metadata import entry_points
from pathlib import Path

import ase.io
import pytest

from invenio_compchem_processor.previewers.structure import describe
from invenio_compchem_processor.previewers.views import (
    PREVIEWERS,
    SIDEBAR_TEMPLATE,
    place_previewers,
)
from invenio_compchem_processor.processors import cclib_summary, periodic_summary

DATA = Path(__file__).resolve().parents[1] / "data" / "compchem"


def _results(tmp_path, main, sample):
    inputs, outputs = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    (inputs / sample.name).write_bytes(sample.read_bytes())
    assert main([str(inputs), str(outputs)]) == 0
    return outputs


def test_xyz_of_an_optimisation(tmp_path):
    out = _results(tmp_path, cclib_summary.main, DATA / "gaussian16-dvb_gopt.out")
    text = (out / "gaussian16-dvb_gopt.out.xyz").read_text()
    # Divinylbenzene: ten carbons, ten hydrogens, as the file lists them.
    symbols = [line.split()[0] for line in text.splitlines()[2:] if line.strip()]
    assert sorted(set(symbols)) == ["C", "H"]
    assert describe(text, "extxyz") == {
        "formula": f"C{symbols.count('C')}H{symbols.count('H')}",
        "natoms": int(text.splitlines()[0]),
        "periodic": False,
    }


def test_extxyz_and_cif_of_a_periodic_result(tmp_path):
    sample = DATA / "periodic" / "qe6-Si2-relax.out"
    out = _results(tmp_path, periodic_summary.main, sample)
    extxyz = out / "qe6-Si2-relax.out.extxyz"
    described = describe(extxyz.read_text(), "extxyz")
    assert described == {"formula": "Si2", "natoms": 2, "periodic": True}
    # The same cell written as a CIF is read back alike.
    cif = tmp_path / "Si2.cif"
    ase.io.write(cif, ase.io.read(extxyz, index=-1))
    assert describe(cif.read_text(), "cif") == described


def test_unreadable_structure_gives_the_reason():
    described = describe("3\ntruncated\nC 0.0 0.0 0.0\n", "extxyz")
    assert set(described) == {"error"}
    assert "expected 3" in described["error"]


def test_our_previewers_come_first_and_an_instance_order_is_kept():
    config = {
        "PREVIEWER_PREFERENCE": ["pdfjs", "json_prismjs", "txt"],
        "APP_RDM_DETAIL_SIDE_BAR_TEMPLATES": ["a/manage_menu.html", "b/details.html"],
    }
    place_previewers(config)
    assert config["PREVIEWER_PREFERENCE"] == [*PREVIEWERS, "pdfjs", "json_prismjs", "txt"]
    assert config["APP_RDM_DETAIL_SIDE_BAR_TEMPLATES"] == [
        "a/manage_menu.html",
        SIDEBAR_TEMPLATE,
        "b/details.html",
    ]
    place_previewers(config)  # twice changes nothing
    assert config["PREVIEWER_PREFERENCE"].count(PREVIEWERS[0]) == 1
    own = {"PREVIEWER_PREFERENCE": ["txt", "compchem_summary", "compchem_structure"]}
    place_previewers(own)
    assert own["PREVIEWER_PREFERENCE"] == ["txt", "compchem_summary", "compchem_structure"]


@pytest.mark.parametrize("name", PREVIEWERS)
def test_previewers_are_entry_points_with_the_plugin_interface(name):
    # The API app of the tests has no invenio-previewer; the UI tests use it.
    (entry,) = entry_points(group="invenio_previewer.previewers", name=name)
    module = entry.load()
    assert callable(module.can_preview) and callable(module.preview)
    assert module.previewable_extensions
