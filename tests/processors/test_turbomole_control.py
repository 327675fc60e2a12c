# SPDX-License-Identifier: MIT
"""The multiplicity of a TURBOMOLE job from its ``control`` file.

No ROHF job is among the shipped TURBOMOLE folders (cclib's regression data
has none), so the ROHF files here are the shipped UHF doublet's ``control``
with its occupation written as ROHF, in the form of TURBOMOLE's manual
(``$open shells type=1``, ``$roothaan``).
"""

import json
import re
import shutil
from pathlib import Path

import pytest

from invenio_compchem_processor.processors import cclib_summary
from invenio_compchem_processor.processors._turbomole_control import (
    control_multiplicity,
)

FOLDER = Path(__file__).parent.parent / "data" / "compchem" / "turbomole" / "dvb_un_sp"
UHF_SHELLS = re.compile(r"^\$alpha shells\n(?:[ \t][^\n]*\n)+\$beta shells\n(?:[ \t][^\n]*\n)+", re.M)


def _control(tmp_path, occupation):
    """The shipped ``control`` with ``occupation`` in place of its UHF shells."""
    text = (FOLDER / "control").read_text()
    assert UHF_SHELLS.search(text)
    path = tmp_path / "control"
    path.write_text(UHF_SHELLS.sub(lambda _: occupation, text, count=1))
    return path


ROHF_DOUBLET = (
    "$closed shells\n a       1-34                                   ( 2 )\n"
    "$open shells type=1\n a       35                                     ( 1 )\n"
    "$roothaan   1\n  a = 0    b = 0\n"
)


def test_the_shipped_uhf_and_rhf_controls():
    assert control_multiplicity(FOLDER / "control") == (
        2,
        "$alpha shells: 35 orbitals, $beta shells: 34",
    )
    water = FOLDER.parent / "water_mp2" / "control"
    assert control_multiplicity(water) == (1, "$closed shells only (5 orbitals)")


def test_rohf_doublet_read_with_its_output(tmp_path):
    """The job folder read as a run reads it: the output and its control."""
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(FOLDER / "dscf.out", inp / "input-1.out")
    shutil.copy(_control(tmp_path, ROHF_DOUBLET), inp / "input-2")
    assert cclib_summary.main([str(inp), str(tmp_path / "out")]) == 0
    summary = json.loads((tmp_path / "out" / "input-1.out.summary.json").read_text())
    assert (summary["charge"], summary["multiplicity"]) == (1, 2)
    assert summary["sources"]["fields"]["multiplicity"] == {
        "file": "input-2",
        "evidence": "$open shells: 1 electron in singly occupied orbitals, "
        "$roothaan a = 0, b = 0 (one unpaired electron)",
    }


@pytest.mark.parametrize(
    "open_shells, roothaan, expected",
    [
        # Two singly occupied orbitals, high spin: a triplet.
        (" a       34-35    ( 1 )\n", "a = 1  b = 2", 3),
        # The manual's example: triplet e_g^2, one degenerate pair.
        ("  eg     1               (1)\n", "a=1  b=2", 3),
        # Three singly occupied orbitals on two lines, high spin: a quartet.
        (" a       33-34    ( 1 )\n a       36    ( 1 )\n", "a = 1  b = 2", 4),
    ],
)
def test_rohf_high_spin(tmp_path, open_shells, roothaan, expected):
    path = _control(
        tmp_path,
        "$closed shells\n a       1-33   ( 2 )\n"
        f"$open shells type=1\n{open_shells}$roothaan 1\n  {roothaan}\n",
    )
    multiplicity, evidence = control_multiplicity(path)
    assert multiplicity == expected
    assert evidence.endswith("(high spin)")
    assert f"{expected - 1} electrons" in evidence


@pytest.mark.parametrize(
    "open_shells, roothaan",
    [
        # Open-shell singlet (the manual's e^2 1E case): not one determinant.
        ("  eg     1               (1/2)\n", "a = 1/2  b = 0"),
        # Two open electrons with the single-electron parameters.
        (" a       34-35    ( 1 )\n", "a = 0  b = 0"),
        # An average of states ("val" in define): fractional parameters.
        (" a       34-35    ( 1 )\n", "a = 8/9  b = 8/9"),
        # Damaged numbers: no multiplicity, and no failure of the job.
        (" a       34-35    ( 1/0 )\n", "a = 1  b = 2"),
        (" a       34-35    ( 1 )\n", "a = 1/0  b = 2"),
    ],
)
def test_rohf_states_the_file_does_not_fix(tmp_path, open_shells, roothaan):
    path = _control(
        tmp_path,
        "$closed shells\n a       1-33   ( 2 )\n"
        f"$open shells type=1\n{open_shells}$roothaan 1\n  {roothaan}\n",
    )
    assert control_multiplicity(path) == (None, None)


def test_open_shells_without_roothaan_parameters(tmp_path):
    path = _control(
        tmp_path, "$closed shells\n a 1-33 ( 2 )\n$open shells type=1\n a 34-35 ( 1 )\n"
    )
    assert control_multiplicity(path) == (None, None)
