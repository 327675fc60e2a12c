# SPDX-License-Identifier: MIT
"""ORCA 6 outputs, which cclib 1.8.1 cannot read, through the ASE reader.

Expected values are those ORCA printed: its version banner, its last
``FINAL SINGLE POINT ENERGY`` and its last ``CARTESIAN COORDINATES`` block.
"""

import logging
import re
from pathlib import Path

import cclib
import pytest

from invenio_compchem_processor.processors.cclib_summary import (
    ParseFailure,
    read_output,
)

DATA = Path(__file__).parent.parent / "data" / "compchem"
ORCA6 = sorted(p.name for p in DATA.glob("orca6-*.out"))


def _printed(name):
    """Version, final energy, last geometry and charge/mult as printed."""
    text = (DATA / name).read_text()
    version = re.search(r"Program Version (\d+\.\d+\.\d+)", text).group(1)
    energy = float(re.findall(r"^FINAL SINGLE POINT ENERGY\s+(\S+)", text, re.M)[-1])
    block = text.rsplit("CARTESIAN COORDINATES (ANGSTROEM)", 1)[1].split("\n\n")[0]
    atoms = [line.split() for line in block.splitlines()[2:] if line.strip()]
    charge = int(
        re.search(r"Total Charge\s+Charge\s+\.\.\.\.\s+(-?\d+)", text).group(1)
    )
    mult = int(re.search(r"Multiplicity\s+Mult\s+\.\.\.\.\s+(\d+)", text).group(1))
    return version, energy, atoms, charge, mult


def test_four_orca6_samples():
    assert ORCA6 == [
        "orca6-NH3_freq.out",
        "orca6-Trp_polar.out",
        "orca6-dvb_gopt.out",
        "orca6-dvb_ir.out",
    ]


@pytest.mark.parametrize("name", ORCA6)
def test_cclib_181_cannot_read_it(name):
    """Why the fallback exists: if cclib learns ORCA 6, this test says so."""
    with pytest.raises(Exception):
        cclib.io.ccread(str(DATA / name), loglevel=logging.CRITICAL)


@pytest.mark.parametrize("name", ORCA6)
def test_fallback_reads_what_orca_printed(name):
    version, energy, atoms, charge, mult = _printed(name)
    summary, xyz = read_output(DATA / name)
    assert summary["reader"]["name"] == "ase"
    assert summary["reader"]["format"] == "orca-output"
    assert (summary["program"], summary["program_version"]) == ("ORCA", version)
    assert summary["final_energy"]["value"] == pytest.approx(energy, abs=1e-9)
    assert summary["final_energy"]["method"] == "FINAL SINGLE POINT ENERGY"
    assert (summary["charge"], summary["multiplicity"]) == (charge, mult)
    assert summary["natom"] == len(atoms)
    assert summary["verdicts"]["termination"]["status"] == "normal"
    assert summary["success"] is True
    assert summary["scf_converged"] is True
    lines = xyz.splitlines()
    assert int(lines[0]) == len(atoms)
    assert "read by ASE" in lines[1]
    for written, printed in zip(lines[2:], atoms):
        assert written.split()[0] == printed[0]
        assert [float(v) for v in written.split()[1:]] == pytest.approx(
            [float(v) for v in printed[1:]], abs=1e-6
        )


def test_formula_of_tryptophan():
    """Trp_polar is tryptophan, C11H12N2O2, 27 atoms."""
    summary, _ = read_output(DATA / "orca6-Trp_polar.out")
    assert (summary["formula"], summary["natom"]) == ("C11H12N2O2", 27)


def test_optimisation_verdict_from_orca_lines():
    summary, xyz = read_output(DATA / "orca6-dvb_gopt.out")
    assert summary["optimisation_done"] is True
    assert summary["verdicts"]["optimisation"]["evidence"] == (
        "line 4392: THE OPTIMIZATION HAS CONVERGED"
    )
    printed = (DATA / "orca6-dvb_gopt.out").read_text().splitlines()[4391]
    assert printed.split() == ["***", "THE", "OPTIMIZATION", "HAS", "CONVERGED", "***"]
    assert "optimised geometry" in xyz.splitlines()[1]


def test_truncated_orca6_output_says_so(tmp_path):
    """Cut before ORCA's first energy: neither reader has anything to give."""
    lines = (DATA / "orca6-dvb_ir.out").read_text().splitlines()
    cut = tmp_path / "cut.out"
    cut.write_text("\n".join(lines[:200]) + "\n")
    with pytest.raises(ParseFailure) as failure:
        read_output(cut)
    assert str(failure.value) == (
        "ORCA 6.0.1 output: the file ends before the calculation finished; "
        "upload the complete output once the job has ended"
    )


# (file, line number, printed line) of each value of the THERMOCHEMISTRY AT
# block, as ORCA printed them (grep -n in the file).
THERMO_LINES = {
    "orca6-NH3_freq.out": {
        "temperature": (1005, "Temperature         ...   298.15 K"),
        "pressure": (1006, "Pressure            ...     1.00 atm"),
        "zpve": (1043, "Zero point energy                ...      0.03359661 Eh"),
        "enthalpy": (1068, "Total Enthalpy                    ...    -56.47543895 Eh"),
        "ts": (1097, "Final entropy term                ...      0.02187601 Eh"),
        "free_energy": (1131, "Final Gibbs free energy         ...    -56.49731496 Eh"),
    },
    "orca6-dvb_ir.out": {
        "temperature": (1953, "Temperature         ...   298.15 K"),
        "pressure": (1954, "Pressure            ...     1.00 atm"),
        "zpve": (2039, "Zero point energy                ...      0.17701463 Eh"),
        "enthalpy": (2064, "Total Enthalpy                    ...   -381.86823509 Eh"),
        "ts": (2093, "Final entropy term                ...      0.04291036 Eh"),
        "free_energy": (2127, "Final Gibbs free energy         ...   -381.91114546 Eh"),
    },
}  # fmt: skip


def _value(line):
    """The number a printed line gives, before its unit."""
    return float(line.split("...")[1].split()[0])


@pytest.mark.parametrize("name", sorted(THERMO_LINES))
def test_thermochemistry_of_orca6_as_printed(name):
    """ZPE, enthalpy, entropy, Gibbs free energy and conditions from ORCA's
    own THERMOCHEMISTRY AT block, which ASE does not read."""
    lines = (DATA / name).read_text().splitlines()
    printed = {}
    for key, (number, line) in THERMO_LINES[name].items():
        assert lines[number - 1].startswith(line)  # the sample is as quoted
        printed[key] = _value(line)
    summary, _ = read_output(DATA / name)
    assert summary["reader"]["name"] == "ase"
    thermo = summary["thermochemistry"]
    assert thermo["temperature"] == printed["temperature"] == 298.15
    assert thermo["pressure"] == printed["pressure"] == 1.0
    assert thermo["zpve"] == printed["zpve"]
    # ORCA prints T*S in Eh; the summary's entropy is in Eh/K.
    assert thermo["entropy"] * 298.15 == pytest.approx(printed["ts"], abs=1e-12)
    assert summary["energies"]["enthalpy"] == printed["enthalpy"]
    assert summary["energies"]["free_energy"] == printed["free_energy"]
    # G = H - T*S, to the printed digits (each rounded to 1e-8).
    assert printed["enthalpy"] - printed["ts"] == pytest.approx(
        printed["free_energy"], abs=2.5e-8
    )


@pytest.mark.parametrize("name", ["orca6-dvb_gopt.out", "orca6-Trp_polar.out"])
def test_no_thermochemistry_without_its_block(name):
    assert "THERMOCHEMISTRY AT" not in (DATA / name).read_text()
    summary, _ = read_output(DATA / name)
    assert summary["thermochemistry"] == {}
    assert set(summary["energies"]) == {"unit"}


def test_a_temperature_line_before_the_block_is_not_taken(tmp_path):
    """Only lines after the last THERMOCHEMISTRY AT heading count."""
    text = (DATA / "orca6-dvb_gopt.out").read_text()
    head, rest = text.split("\n", 1)
    path = tmp_path / "gopt.out"
    path.write_text(f"{head}\nTemperature         ...   500.00 K\n{rest}")
    summary, _ = read_output(path)
    assert summary["thermochemistry"] == {}
