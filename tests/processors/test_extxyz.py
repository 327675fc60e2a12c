# SPDX-License-Identifier: MIT
"""The final structure's extended XYZ: the text ASE's writer gives, read back
by ASE with the cell, atoms and results the output holds."""

import io
from pathlib import Path

import numpy
import pytest
from ase.constraints import FixAtoms
from ase.io import read
from ase.io.extxyz import write_extxyz

from invenio_compchem_processor.processors._extxyz import extxyz_text
from invenio_compchem_processor.processors._periodic_formats import sniff
from invenio_compchem_processor.processors._periodic_readers import read_images

DATA = Path(__file__).parent.parent / "data" / "compchem" / "periodic"
OUTPUTS = sorted(p.name for p in DATA.iterdir() if sniff(p) is not None)


def _final(name):
    path = DATA / name
    final = read_images(path, sniff(path).reader)[-1]
    final.info.pop("not_final", None)
    return final


def _ase_text(atoms):
    text = io.StringIO()
    write_extxyz(text, [atoms])
    return text.getvalue()


@pytest.mark.parametrize("name", OUTPUTS)
def test_same_text_as_ases_writer(name):
    final = _final(name)
    assert extxyz_text(final) == _ase_text(final)


@pytest.mark.parametrize("name", OUTPUTS)
def test_read_back_with_its_results(name):
    final = _final(name)
    back = read(io.StringIO(extxyz_text(final)), format="extxyz")
    assert back.get_chemical_symbols() == final.get_chemical_symbols()
    numpy.testing.assert_allclose(back.positions, final.positions, atol=5e-9)
    numpy.testing.assert_array_equal(back.cell.array, final.cell.array)
    assert list(back.pbc) == list(final.pbc)
    for key, value in final.calc.results.items():
        got = back.calc.results[key]
        if key == "stress":
            got, value = _voigt(got), _voigt(value)
        numpy.testing.assert_allclose(got, value, atol=5e-9, err_msg=key)


def _voigt(stress):
    """xx yy zz yz xz xy of a 3x3 or Voigt stress."""
    stress = numpy.asarray(stress, dtype=float)
    return stress.reshape(-1)[[0, 4, 8, 5, 2, 1]] if stress.size == 9 else stress


def test_a_constrained_structure_is_written_by_ase():
    """Fixed atoms (a vasprun.xml's selective dynamics) need ASE's
    ``move_mask`` column, which only ASE's writer gives."""
    final = _final("vasp5-Fe2O2-relax-vasprun.xml")
    final.set_constraint(FixAtoms(indices=[0]))
    text = extxyz_text(final)
    assert "move_mask:L:1" in text.splitlines()[1]
    assert text == _ase_text(final)
