# SPDX-License-Identifier: MIT
"""periodic-summary on real VASP, Quantum ESPRESSO and CP2K outputs.

Expected values are those the programs printed, each with the line it was
copied from; the test checks the line first.
"""

import functools
import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from invenio_compchem_processor.processors._evidence import cited_text
from invenio_compchem_processor.processors._periodic_formats import sniff
from invenio_compchem_processor.processors.periodic_summary import (
    NOT_PERIODIC,
    main,
    read_output,
)

DATA = Path(__file__).parent.parent / "data" / "compchem" / "periodic"
SCHEMA = (
    Path(__file__).parents[2]
    / "invenio_compchem_processor"
    / "schemas"
    / "periodic-summary-v1.0.0.json"
)
BOHR = 0.529177210903
RY_EV = 13.60569193  # ASE reads pw.x with CODATA 2006 units; 2018 differs by 2 ppm
HARTREE_EV = 27.211386245988
OUTPUTS = sorted(
    p.name for p in DATA.iterdir() if not p.name.startswith(("LICENSE", "README"))
)


@functools.lru_cache(maxsize=None)
def _read(name):
    return read_output(DATA / name)


@functools.lru_cache(maxsize=None)
def _lines(name):
    return (DATA / name).read_text(errors="replace").splitlines()


# (file, field, expected, line, text on that line, tolerance)
CASES = [
    (
        "vasp6-CO-OUTCAR",
        "energy",
        -14.79281714,
        1391,
        "energy(sigma->0) =      -14.79281714",
        1e-8,
    ),
    (
        "vasp6-CO-OUTCAR",
        "free_energy",
        -14.78895187,
        1389,
        "TOTEN  =       -14.78895187 eV",
        1e-8,
    ),
    ("vasp6-CO-OUTCAR", "kpoints", 1, 291, "NKPTS =      1", 0),
    ("vasp6-CO-OUTCAR", "stress.voigt.0", 0.014257, 1349, "in kB      -0.14257", 1e-6),
    (
        "vasp5-Fe2O2-relax-OUTCAR",
        "energy",
        -28.21851457,
        22018,
        "energy(sigma->0) =      -28.21851457",
        1e-8,
    ),
    (
        "vasp5-Fe2O2-relax-OUTCAR",
        "cell.lengths.2",
        6.247327742,
        21986,
        "6.247327742",
        1e-6,
    ),
    ("vasp5-Fe2O2-relax-OUTCAR", "kpoints", 1, 295, "NKPTS =      1", 0),
    (
        "vasp5-Fe2O2-relax-vasprun.xml",
        "energy",
        -28.21851457,
        4964,
        "-28.21851457",
        1e-8,
    ),
    ("qe6-Si2-relax.out", "energy", -22.65170508 * RY_EV, 770, "-22.65170508 Ry", 1e-5),
    ("qe6-Si2-relax.out", "kpoints", 3, 630, "number of k points=     3", 0),
    (
        "cp2k7-Si2-scf_unconverged.out",
        "energy",
        -7.096336535944440 * HARTREE_EV,
        516,
        "-7.096336535944440",
        1e-6,
    ),
    (
        "cp2k7-Si2-scf_unconverged.out",
        "cell.lengths.0",
        3.867,
        114,
        "|a| =       3.867",
        1e-3,
    ),
    # CP2K 6.1, Fe12O18 (hematite cell): forces and the stress tensor.
    (
        "cp2k6-Fe12O18-energy_force.out",
        "energy",
        -1766.225653832774242 * HARTREE_EV,
        1292,
        "-1766.225653832774242",
        1e-6,
    ),
    (
        "cp2k6-Fe12O18-energy_force.out",
        "max_force",
        (0.00713118**2 + 0.01235320**2 + 0.00000748**2) ** 0.5 * HARTREE_EV / BOHR,
        1312,
        "15      3      O          -0.00713118     0.01235320     0.00000748",
        1e-6,
    ),
    # CP2K prints compression as positive, the summary (as ASE) as negative.
    ("cp2k6-Fe12O18-energy_force.out", "stress.voigt.0", 7.95728223, 1333,
     "X      -7.95728223     -0.07686533      0.00049141", 1e-8),
    ("cp2k6-Fe12O18-energy_force.out", "stress.voigt.5", 0.07686533, 1333,
     "X      -7.95728223     -0.07686533      0.00049141", 1e-8),
    ("cp2k6-Fe12O18-energy_force.out", "stress.pressure", -8.06617027, 1337,
     "1/3 Trace(stress tensor):  -8.06617027E+00", 1e-7),
    ("cp2k6-Fe12O18-energy_force.out", "cell.lengths.2", 13.772, 120,
     "|c| =      13.772", 1e-9),
    # CP2K 8.1, Si: 125 k-points, forces zero by symmetry.
    ("cp2k8-Si2-bands.out", "kpoints", 125, 167,
     "BRILLOUIN| List of Kpoints [2 Pi/Bohr]                                      125", 0),
    ("cp2k8-Si2-bands.out", "max_force", 0.0, 1187,
     "1      1      Si         -0.00000000    -0.00000000    -0.00000000", 0),
    ("cp2k8-Si2-bands.out", "cell.lengths.0", 3.811960, 138, "|a| =     3.811960", 1e-6),
    ("cp2k8-Si2-bands.out", "cell.volume", 39.167875, 137, "39.167875", 1e-6),
    (
        "cp2k8-Si2-bands.out",
        "energy",
        -7.944253454478329 * HARTREE_EV,
        1182,
        "-7.944253454478329",
        1e-6,
    ),
    # CP2K 2024.3, C2H4 geometry optimisation: the energy after the last step.
    ("cp2k2024-C2H4-geo_opt.out", "energy", -13.726193434833586 * HARTREE_EV, 1488,
     "-13.726193434833586", 1e-6),
    ("cp2k2024-C2H4-geo_opt.out", "kpoints", None, None, None, 0),
    ("cp2k2024-C2H4-geo_opt.out", "stress", None, None, None, 0),
]


def _field(summary, path):
    value = summary
    for key in path.split("."):
        value = value[int(key)] if isinstance(value, list) else value[key]
    return value


@pytest.mark.parametrize(
    "name, path, expected, line, text, tolerance",
    CASES,
    ids=[f"{c[0]}:{c[1]}" for c in CASES],
)
def test_value_printed_in_file(name, path, expected, line, text, tolerance):
    if line is not None:
        assert text in _lines(name)[line - 1], "the case quotes its source line"
    value = _field(_read(name)[0], path)
    if expected is None:
        assert value is None
    else:
        assert value == pytest.approx(expected, abs=tolerance)


# (file, verdict, status, line)
VERDICTS = [
    ("vasp5-Fe2O2-relax-OUTCAR", "termination", "normal", 22082),
    ("vasp5-Fe2O2-relax-OUTCAR", "optimisation", "converged", 22039),
    # Below "Iteration   28(   6)" (line 21722), the last electronic loop's end.
    ("vasp5-Fe2O2-relax-OUTCAR", "scf", "converged", 21919),
    ("vasp6-CO-OUTCAR", "scf", "converged", 1323),
    ("qe6-Si2-relax.out", "termination", "normal", 890),
    ("qe6-Si2-relax.out", "optimisation", "converged", 811),
    ("qe6-Si2-relax.out", "scf", "converged", None),
    ("cp2k7-Si2-scf_unconverged.out", "scf", "not converged", 464),
    ("cp2k7-Si2-scf_unconverged.out", "termination", "normal", 684),
    ("cp2k6-Fe12O18-energy_force.out", "scf", "converged", 1200),
    ("cp2k2024-C2H4-geo_opt.out", "optimisation", "converged", 1374),
    ("cp2k2024-C2H4-geo_opt.out", "termination", "normal", 1836),
]


@pytest.mark.parametrize(
    "name, kind, status, line", VERDICTS, ids=[f"{v[0]}:{v[1]}" for v in VERDICTS]
)
def test_verdicts(name, kind, status, line):
    verdict = _read(name)[0]["verdicts"][kind]
    assert verdict["status"] == status
    if line is not None:
        assert verdict["evidence"].startswith(f"line {line}: ")
        text = verdict["evidence"].split(": ", 1)[1]
        assert cited_text(_lines(name)[line - 1]) == text


def test_vasp_loop_stopped_at_nelm_is_not_converged(tmp_path):
    """VASP prints nothing when an electronic loop runs to NELM steps: the
    OUTCAR without the line that ended its last loop reads as such a run."""
    lines = _lines("vasp5-Fe2O2-relax-OUTCAR")
    last_step = max(i for i, line in enumerate(lines) if "Iteration   28(" in line)
    ended = next(
        i for i in range(last_step, len(lines)) if "aborting loop because EDIFF" in lines[i]
    )
    assert "NELM   =    100" in lines[328]
    path = tmp_path / "OUTCAR"
    path.write_text("".join(line + "\n" for line in lines[:ended] + lines[ended + 1 :]))
    verdict = read_output(path)[0]["verdicts"]["scf"]
    assert verdict == {
        "status": "not converged",
        "evidence": f"line {last_step + 1}: {cited_text(lines[last_step])}: the "
        "last electronic loop ended without 'aborting loop because EDIFF is "
        "reached' (NELM = 100)",
    }


def test_vasprun_relaxation_judged_from_ediffg():
    """vasprun.xml has no "reached required accuracy": EDIFFG decides."""
    verdict = _read("vasp5-Fe2O2-relax-vasprun.xml")[0]["verdicts"]["optimisation"]
    assert verdict["status"] == "converged"
    assert "EDIFFG = 0.002 after 28 ionic step(s)" in verdict["evidence"]


def test_outcar_and_vasprun_of_one_run_agree():
    outcar, _ = _read("vasp5-Fe2O2-relax-OUTCAR")
    vasprun, _ = _read("vasp5-Fe2O2-relax-vasprun.xml")
    assert outcar["formula"] == vasprun["formula"] == "Fe2O2"
    assert outcar["ionic_steps"] == vasprun["ionic_steps"] == 28
    assert outcar["cell"]["volume"] == pytest.approx(
        vasprun["cell"]["volume"], rel=1e-6
    )


def test_single_point_is_not_a_relaxation():
    assert _read("vasp6-CO-OUTCAR")[0]["verdicts"]["optimisation"] is None


@pytest.mark.parametrize(
    "name, program, version, reader",
    [
        ("vasp5-Fe2O2-relax-OUTCAR", "VASP", "5.3.5", "vasp-out"),
        ("vasp5-Fe2O2-relax-vasprun.xml", "VASP", "5.3.5", "vasp-xml"),
        ("vasp6-CO-OUTCAR", "VASP", "6.2.1", "vasp-out"),
        ("qe6-Si2-relax.out", "Quantum ESPRESSO", "6.6", "espresso-out"),
        ("cp2k7-Si2-scf_unconverged.out", "CP2K", "7.1", "cp2k"),
        ("cp2k2024-C2H4-geo_opt.out", "CP2K", "2024.3", "cp2k"),
    ],
)
def test_sniffed_by_content(tmp_path, name, program, version, reader):
    """Renamed to anything, the file is still recognised."""
    renamed = tmp_path / "upload.dat"
    shutil.copy(DATA / name, renamed)
    fmt = sniff(renamed)
    assert (fmt.program, fmt.version, fmt.reader) == (program, version, reader)


def test_other_files_are_not_periodic(tmp_path):
    other = tmp_path / "data.xml"
    other.write_text('<?xml version="1.0"?>\n<modeling><generator/></modeling>\n')
    gaussian = DATA.parent / "gaussian16-water_mp2.log"
    assert sniff(other) is None and sniff(gaussian) is None


def test_cli_writes_schema_valid_summaries_and_extxyz(tmp_path):
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for name in OUTPUTS:
        shutil.copy(DATA / name, inp / name)
    shutil.copy(DATA.parent / "psi4-water_mp2.out", inp)
    assert main([str(inp), str(out), "--timeout", "120"]) == 1
    manifest = json.loads((out / "results.json").read_text())
    assert manifest["processor"]["name"] == "periodic-summary"
    (failed,) = [e for e in manifest["results"] if e["status"] == "failed"]
    assert failed["input"] == "psi4-water_mp2.out" and failed["reason"] == NOT_PERIODIC
    validator = Draft202012Validator(json.loads(SCHEMA.read_text()))
    entries = {e["input"]: e for e in manifest["results"]}
    # The OUTCAR and vasprun.xml of one run give one summary.
    assert entries["vasp5-Fe2O2-relax-vasprun.xml"]["summarised_with"] == (
        "vasp5-Fe2O2-relax-OUTCAR"
    )
    for name in OUTPUTS:
        if "summarised_with" in entries[name]:
            continue
        summary = json.loads((out / f"{name}.summary.json").read_text())
        assert not [e.message for e in validator.iter_errors(summary)], name
        if not summary["final_structure"]["written"]:
            assert not (out / f"{name}.extxyz").exists()
            continue
        extxyz = (out / f"{name}.extxyz").read_text().splitlines()
        assert int(extxyz[0]) == summary["natom"]
        assert extxyz[1].startswith("Lattice=")


def test_cp2k_optimisation_writes_no_starting_structure_as_final():
    """CP2K prints the coordinates before the first step only: no final structure."""
    summary, extxyz = _read("cp2k2024-C2H4-geo_opt.out")
    assert extxyz is None
    assert summary["final_structure"] == {
        "written": False,
        "evidence": "line 984: the run moved the atoms after the last coordinates "
        "it printed (CP2K writes its trajectory to a file of its own)",
    }
    assert "OPT| Step number" in _lines("cp2k2024-C2H4-geo_opt.out")[983]
    assert _read("cp2k8-Si2-bands.out")[0]["final_structure"]["written"] is True


def test_cp2k_without_forces_or_stress_printed():
    path = DATA / "cp2k7-Si2-scf_unconverged.out"
    text = path.read_text()
    assert "ATOMIC FORCES" not in text and "STRESS|" not in text
    summary, _ = read_output(path)
    assert (summary["max_force"], summary["stress"], summary["kpoints"]) == (
        None,
        None,
        None,
    )
