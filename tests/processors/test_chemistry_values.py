# SPDX-License-Identifier: MIT
"""Summary fields against the values the programs print in the real files.

Each case names the line of the file the expected value was copied from,
and the test first checks that the line holds it: the numbers here come from
the outputs, not from the parser.
"""

import functools
from pathlib import Path

import pytest

from invenio_compchem_processor.processors._cclib_properties import _dispersion_model
from invenio_compchem_processor.processors._programs import read_head
from invenio_compchem_processor.processors.cclib_summary import summarize

DATA = Path(__file__).parent.parent / "data" / "compchem"
KCAL_PER_HARTREE = 627.5094740631  # CODATA 2018, as cclib's convertor uses
EV_PER_HARTREE = 27.211386245988


@functools.lru_cache(maxsize=None)
def _summary(name):
    return summarize(DATA / name)


@functools.lru_cache(maxsize=None)
def _lines(name):
    return (DATA / name).read_text(errors="replace").splitlines()


def _field(summary, path):
    value = summary
    for key in path.split("."):
        value = value[int(key)] if isinstance(value, list) else value[key]
    return value


# (file, field, expected, line number, text on that line, tolerance)
# fmt: off
CASES = [
    # xtb prints hartree; cclib 1.8 leaves these in eV (issue: off by 27.2).
    ("xtb6-dvb_ir.out", "energies.enthalpy", -26.266467652754, 436, "-26.266467652754 Eh", 1e-6),
    ("xtb6-dvb_ir.out", "energies.free_energy", -26.310999637373, 437, "-26.310999637373 Eh", 1e-6),
    ("xtb6-dvb_ir.out", "thermochemistry.zpve", 0.161236858990, 429, "0.161236858990 Eh", 1e-6),
    ("xtb6-dvb_ir.out", "energies.scf", -26.438242468338, 435, "-26.438242468338 Eh", 1e-6),
    # Q-Chem prints corrections in kcal/mol; the totals add the SCF energy.
    ("qchem5-dvb_ir.out", "thermochemistry.enthalpy_correction", 117.424 / KCAL_PER_HARTREE, 950, "117.424 kcal/mol", 2e-6),
    ("qchem5-dvb_ir.out", "energies.enthalpy", -382.3082745764 + 117.424 / KCAL_PER_HARTREE, 225, "-382.3082745764", 2e-6),
    ("qchem5-dvb_ir.out", "thermochemistry.zpve", 111.254 / KCAL_PER_HARTREE, 911, "111.254 kcal/mol", 2e-6),
    ("qchem5-dvb_ir.out", "thermochemistry.entropy", 92.038e-3 / KCAL_PER_HARTREE, 951, "92.038  cal/mol.K", 1e-9),
    # Q-Chem MP4 job: MP4(SDQ) is a partial order, MP4 the full one.
    ("qchem5-water_mp4.out", "energies.mp4", -75.016143404, 467, "-75.016143404", 1e-8),
    ("qchem5-water_mp4.out", "partial_energies.mp4sdq", -75.016089019, 462, "EMP4SDQ", 1e-8),
    ("qchem5-water_mp4.out", "energies.mp3", -75.012879231, 461, "-75.012879231", 1e-8),
    ("qchem5-water_mp4sdq.out", "partial_energies.mp4sdq", -75.016089019, 462, "-75.016089019", 1e-8),
    ("qchem5-water_mp4sdq.out", "final_energy.value", -75.016089019, 462, "EMP4SDQ", 1e-8),
    ("gaussian16-water_mp4sdq.log", "partial_energies.mp4sdq", -75.016013656, 371, "UMP4(SDQ)=  -0.75016013656D+02", 1e-8),
    ("gaussian16-water_mp4sdq.log", "energies.mp3", -75.012800931, 369, "EUMP3=      -0.75012800931D+02", 1e-8),
    ("orca5-water_mp3.out", "energies.mp3", -75.009120634, 688, "E(MP3)  =    -75.009120634", 1e-8),
    # Gaussian, ORCA, NWChem, GAMESS print totals.
    ("gaussian16-dvb_ir.out", "energies.enthalpy", -382.121307, 2060, "-382.121307", 1e-6),
    ("gaussian16-dvb_ir.out", "energies.free_energy", -382.164915, 2061, "-382.164915", 1e-6),
    ("gaussian16-dvb_ir.out", "thermochemistry.zpve", 0.177132, 2054, "0.177132", 1e-6),
    ("gaussian16-dvb_ir.out", "thermochemistry.temperature", 298.15, 2006, "298.150 Kelvin", 1e-6),
    ("gaussian16-dvb_ir.out", "thermochemistry.pressure", 1.0, 2006, "1.00000 Atm", 1e-6),
    # Properties.
    ("gaussian16-water_mp2.log", "dipole.magnitude", 1.5994, 459, "Tot=              1.5994", 1e-4),
    ("gaussian16-water_mp2.log", "dipole.vector.2", -1.5994, 459, "Z=             -1.5994", 1e-4),
    ("gaussian16-dvb_gopt.out", "orbitals.homo", -0.15308, 3220, "-0.15308", 1e-5),
    ("gaussian16-dvb_gopt.out", "orbitals.lumo", 0.03742, 3221, "0.03742", 1e-5),
    ("gaussian16-dvb_gopt.out", "orbitals.gap", 0.03742 + 0.15308, 3221, "0.03742", 2e-5),
    ("gaussian16-dvb_td.out", "excited_states.lowest.energy", 5.3351, 643, "5.3351 eV", 1e-4),
    ("gaussian16-dvb_td.out", "excited_states.lowest.wavelength", 232.39, 643, "232.39 nm", 0.01),
    ("gaussian16-dvb_td.out", "excited_states.lowest.oscillator_strength", 0.1707, 643, "f=0.1707", 1e-4),
    ("gaussian16-dvb_td.out", "excited_states.strongest.oscillator_strength", 0.6779, 658, "f=0.6779", 1e-4),
    ("gaussian16-dvb_td.out", "excited_states.oscillator_strengths.3", 0.1793, 692, "f=0.1793", 1e-4),
    ("gaussian16-dvb_td.out", "nbasis", 60, 376, "60 basis functions", 0),
    ("gaussian16-dvb_dispersion_bp86_d3zero.out", "method.dispersion.energy", -0.0147199218, 281, "-0.0147199218 Hartrees", 1e-9),
    ("gaussian16-water_hf_solvent_smd.log", "method.solvent.epsilon", 2.3741, 195, "Eps=   2.374100", 1e-6),
    ("gaussian16-dvb_un_sp.log", "charge", 1, 100, "Charge =  1 Multiplicity = 2", 0),
    ("gaussian16-dvb_un_sp.log", "multiplicity", 2, 100, "Multiplicity = 2", 0),
]
# fmt: on


def test_an_unconverged_scf_printed_as_zero_is_no_energy():
    name = "gamess2018-dvb_un_sp.out"
    lines = _lines(name)
    assert "SCF IS UNCONVERGED" in lines[1967 - 1]
    assert "FINAL U-B3LYP ENERGY IS        0.0000000000" in lines[1971 - 1]
    summary = _summary(name)
    assert "scf" not in summary["energies"]
    assert summary["final_energy"] is None
    assert summary["verdicts"]["scf"]["status"] == "not converged"


@pytest.mark.parametrize(
    "name, path, expected, line, text, tolerance",
    CASES,
    ids=[f"{c[0]}:{c[1]}" for c in CASES],
)
def test_value_printed_in_file(name, path, expected, line, text, tolerance):
    assert text in _lines(name)[line - 1], "the case quotes its source line"
    assert _field(_summary(name), path) == pytest.approx(expected, abs=tolerance)


# (file, field, expected, line number, text on that line)
# fmt: off
TEXT_CASES = [
    ("gaussian16-dvb_td.out", "symmetry.detected", "c2h", 333, "Full point group                 C2H"),
    ("gaussian16-dvb_dispersion_bp86_d3zero.out", "method.dispersion.model", "D3(zero)", 81, "empiricaldispersion=gd3"),
    ("gaussian16-dvb_dispersion_bp86_d3zero.out", "method.functional", "B-P86", 81, "bp86"),
    ("gaussian16-water_hf_solvent_smd.log", "method.solvent.name", "toluene", 195, "Toluene"),
    ("gaussian16-dvb_td.out", "excited_states.method", "TD-DFT", 85, "td(nstates=5)"),
    ("orca5-dvb_ir.out", "method.functional", "B3LYP", 158, "! rks b3lyp sto-3g usesym freq"),
    ("gaussian16-water_mp2.log", "program_version", "16 Rev. A.03", 77, "G16RevA.03"),
    ("psi4-water_mp2.out", "program_version", "1.7", 4, "Psi4 1.7 release"),
    ("qchem5-dvb_ir.out", "program", "Q-Chem", 5, "Q-Chem 5.4"),
    ("qchem5-dvb_ir.out", "program_version", "5.4", 5, "Q-Chem 5.4"),
    ("xtb6-dvb_ir.out", "program", "xtb", 10, "xtb version 6.6.1"),
    ("xtb6-dvb_ir.out", "program_version", "6.6.1", 10, "xtb version 6.6.1"),
    ("gamess2018-nh3_ts_ir.out", "program", "GAMESS (US)", None, "GAMESS VERSION = 30 SEP 2018 (R3)"),
    ("gamess2018-nh3_ts_ir.out", "program_version", "30 SEP 2018 (R3)", None, "GAMESS VERSION = 30 SEP 2018 (R3)"),
    ("molpro2012-h2o_mp2.out", "program", "Molpro", 38, "PROGRAM SYSTEM MOLPRO"),
    ("molpro2012-h2o_mp2.out", "program_version", "2012.1", 41, "Version 2012.1"),
    ("nwchem7-dvb_ir.out", "program_version", "7.0.2", 6, "(NWChem) 7.0.2"),
]
# fmt: on


@pytest.mark.parametrize(
    "name, path, expected, line, text",
    TEXT_CASES,
    ids=[f"{c[0]}:{c[1]}" for c in TEXT_CASES],
)
def test_text_printed_in_file(name, path, expected, line, text):
    lines = _lines(name)
    if line is None:
        assert any(text in candidate for candidate in lines)
    else:
        assert (
            text.lower() in lines[line - 1].lower()
        ), "the case quotes its source line"
    assert _field(_summary(name), path) == expected


def test_fchk_names_the_format_not_a_program():
    summary = _summary("qchem5-water_mp2.fchk")
    assert summary["program"] is None
    assert summary["file_format"].startswith("formatted checkpoint")
    assert _lines("qchem5-water_mp2.fchk")[2].split()[-1] == "3"  # Number of atoms
    assert summary["natom"] == 3
    assert (
        summary["nbasis"] == 7
        and "Number of basis functions" in _lines("qchem5-water_mp2.fchk")[15]
    )


@pytest.mark.parametrize(
    "name, modes, first_real",
    [
        # NWChem 7 and xtb list 60 = 3N modes, six of them 0.00.
        ("nwchem7-dvb_ir.out", 54, "49.01"),
        ("xtb6-dvb_ir.out", 54, "26.15"),
        ("gaussian16-dvb_ir.out", 54, "53.1981"),
    ],
)
def test_vibrations_leave_out_translations_and_rotations(name, modes, first_real):
    summary = _summary(name)
    assert summary["vibrations"] == {"count": modes, "imaginary": 0}
    assert first_real in summary["verdicts"]["frequencies"]["evidence"][:60] or (
        f"{float(first_real):.2f}" in summary["verdicts"]["frequencies"]["evidence"]
    )
    assert any(first_real in line for line in _lines(name))


def test_xtb_without_coordinates_writes_no_geometry():
    """xtb's output holds no coordinates (they are in the .xyz beside it)."""
    from invenio_compchem_processor.processors.cclib_summary import read_output

    summary, xyz = read_output(DATA / "xtb6-dvb_ir.out")
    assert xyz is None and summary["geometry_written"] is False
    assert summary["natom"] == 20
    assert not any("CARTESIAN" in line.upper() for line in _lines("xtb6-dvb_ir.out"))


def test_orca_mp3_job_drops_the_correlation_only_column():
    """cclib's first column of an ORCA MP3 job is EC(MP2), not E(MP2)."""
    summary = _summary("orca5-water_mp3.out")
    assert "mp2" not in summary["energies"]
    assert "EC(MP2)=    -0.035800128" in _lines("orca5-water_mp3.out")[686]


def test_dispersion_read_in_the_programs_own_syntax():
    """Line 81 of the Gaussian output, its route, says empiricaldispersion=gd3:
    read as Gaussian's keyword, not looked for in the other programs' syntax."""
    head = read_head(DATA / "gaussian16-dvb_dispersion_bp86_d3zero.out")
    assert "empiricaldispersion=gd3" in head.splitlines()[80].lower()
    assert _dispersion_model(head, "Gaussian") == "D3(zero)"
    assert _dispersion_model(head, None) == "D3(zero)"  # program not named
    assert _dispersion_model(head, "ORCA") is None
    assert _dispersion_model(" disp vdw 3\n" + head, "Gaussian") == "D3(zero)"
    assert _dispersion_model(" disp vdw 3\n", "NWChem") == "D3(zero)"
