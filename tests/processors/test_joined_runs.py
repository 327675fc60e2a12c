# SPDX-License-Identifier: MIT
"""Files that belong together give one summary: ORCA + .hess, a TURBOMOLE job
folder, a VASP OUTCAR with its vasprun.xml.

Inputs are copied under the neutral names the engines give them
(``input-1.out``, ``input-2``, ...), as a run sees them; expected values
are read from the lines the programs printed.
"""

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from invenio_compchem_processor.processors import (
    _grouping,
    _joined,
    cclib_summary,
    periodic_summary,
)

DATA = Path(__file__).parent.parent / "data" / "compchem"
SCHEMAS = Path(__file__).parents[2] / "invenio_compchem_processor" / "schemas"


def _neutral(tmp_path, *files):
    """Copy ``files`` into ``tmp_path/in`` as ``input-N`` with their extension."""
    inp = tmp_path / "in"
    inp.mkdir()
    names = {}
    for number, path in enumerate(files, start=1):
        name = f"input-{number}{path.suffix}"
        shutil.copy(path, inp / name)
        names[path.name] = name
    return inp, tmp_path / "out", names


def _manifest(out):
    manifest = json.loads((out / "results.json").read_text())
    return {entry["input"]: entry for entry in manifest["results"]}


def _printed(path, pattern):
    """The last value ``pattern`` captures in ``path``."""
    return float(re.findall(pattern, path.read_text(errors="replace"))[-1])


def _valid(summary, schema):
    validator = Draft202012Validator(json.loads((SCHEMAS / schema).read_text()))
    assert not list(validator.iter_errors(summary))


def test_turbomole_job_folder_is_one_summary(tmp_path):
    folder = DATA / "turbomole" / "water_mp2"
    files = [folder / n for n in ("dscf.out", "ccsdf12.out", "control", "coord", "energy")]
    inp, out, names = _neutral(tmp_path, *files)
    assert cclib_summary.main([str(inp), str(out)]) == 0
    entries = _manifest(out)
    primary = names["dscf.out"]
    assert entries[primary]["outputs"] == [f"{primary}.summary.json", f"{primary}.xyz"]
    for name in ("ccsdf12.out", "control", "coord", "energy"):
        assert entries[names[name]]["summarised_with"] == primary
        assert entries[names[name]]["outputs"] == []
    assert entries[names["control"]]["role"] == _grouping.TURBOMOLE_CONTROL
    summary = json.loads((out / f"{primary}.summary.json").read_text())
    _valid(summary, "summary-v1.1.0.json")
    scf = _printed(folder / "dscf.out", r"\|  total energy\s+=\s+(\S+)")
    mp2 = _printed(folder / "ccsdf12.out", r"Final MP2 energy\s+:\s+(\S+)")
    assert summary["energies"]["scf"] == pytest.approx(scf, abs=1e-8)
    assert summary["energies"]["mp2"] == pytest.approx(mp2, abs=1e-8)
    assert summary["final_energy"] == {"value": pytest.approx(mp2), "method": "mp2"}
    assert summary["multiplicity"] == 1
    assert summary["sources"]["fields"]["multiplicity"]["file"] == names["control"]
    roles = {f["filename"]: f["role"] for f in summary["sources"]["files"]}
    assert roles[names["ccsdf12.out"]] == _grouping.TURBOMOLE_OUTPUT
    assert roles[names["coord"]] == _grouping.TURBOMOLE_DATA


def test_turbomole_multiplicity_from_the_alpha_and_beta_shells(tmp_path):
    folder = DATA / "turbomole" / "dvb_un_sp"
    control = (folder / "control").read_text()
    assert "$alpha shells\n a       1-35" in control
    assert "$beta shells\n a       1-34" in control
    inp, out, names = _neutral(tmp_path, folder / "dscf.out", folder / "control")
    assert cclib_summary.main([str(inp), str(out)]) == 0
    summary = json.loads((out / "input-1.out.summary.json").read_text())
    assert (summary["charge"], summary["multiplicity"]) == (1, 2)
    assert summary["sources"]["fields"]["multiplicity"]["evidence"] == (
        "$alpha shells: 35 orbitals, $beta shells: 34"
    )
    energy = _printed(folder / "dscf.out", r"\|  total energy\s+=\s+(\S+)")
    assert summary["final_energy"]["value"] == pytest.approx(energy, abs=1e-8)


def test_turbomole_output_alone_has_no_multiplicity(tmp_path):
    inp, out, _ = _neutral(tmp_path, DATA / "turbomole" / "dvb_un_sp" / "dscf.out")
    assert cclib_summary.main([str(inp), str(out)]) == 0
    summary = json.loads((out / "input-1.out.summary.json").read_text())
    assert summary["multiplicity"] is None and "sources" in summary


def test_two_job_folders_in_one_run_are_not_mixed(tmp_path):
    a, b = DATA / "turbomole" / "water_mp2", DATA / "turbomole" / "dvb_un_sp"
    inp, out, names = _neutral(
        tmp_path, a / "dscf.out", a / "control", b / "dscf.out", b / "control"
    )
    assert cclib_summary.main([str(inp), str(out)]) == 1
    entries = _manifest(out)
    for name in ("input-2", "input-4"):
        assert entries[name]["reason"] == _grouping.FOLDERS_MIXED
    assert entries["input-1.out"]["status"] == "succeeded"
    assert entries["input-3.out"]["status"] == "succeeded"


def test_orca_output_with_its_hessian(tmp_path):
    """A real ORCA 6.0 frequency job: its output and the .hess ORCA wrote."""
    output, hess = DATA / "orca6-NH3_freq.out", DATA / "orca6-NH3_freq.hess"
    inp, out, names = _neutral(tmp_path, output, hess)
    assert cclib_summary.main([str(inp), str(out)]) == 0
    entries = _manifest(out)
    assert entries["input-2.hess"]["summarised_with"] == "input-1.out"
    summary = json.loads((out / "input-1.out.summary.json").read_text())
    _valid(summary, "summary-v1.1.0.json")
    assert summary["reader"]["name"] == "ase"  # ORCA 6: no frequencies without .hess
    printed = re.findall(r"^\s+\d+:\s+(-?\d+\.\d+) cm\*\*-1", output.read_text(), re.M)
    real = [float(f) for f in printed if float(f) != 0.0]
    assert real == [1104.17, 1661.92, 1661.92, 3362.35, 3478.42, 3478.42]
    assert summary["vibrations"] == {"count": 6, "imaginary": 0}
    assert summary["verdicts"]["frequencies"] == {
        "status": "minimum",
        "evidence": "input-2.hess: no imaginary frequency; lowest 1104.17 cm-1",
    }
    assert summary["sources"]["fields"]["vibrations"] == {"file": "input-2.hess"}
    # The output prints its thermochemistry: the .hess does not replace it.
    zpve = _printed(output, r"Zero point energy\s+\.\.\.\s+(\S+) Eh")
    assert zpve == 0.03359661
    assert summary["thermochemistry"]["zpve"] == zpve
    assert "thermochemistry.zpve" not in summary["sources"]["fields"]
    assert summary["multiplicity"] == 1


def test_zero_point_energy_of_a_hessian_is_orcas():
    """Without a thermochemistry block in the output, the ZPVE comes from the
    .hess frequencies: half their sum is the value ORCA printed."""
    output, hess = DATA / "orca6-NH3_freq.out", DATA / "orca6-NH3_freq.hess"
    frequencies = _joined.read_hessian(hess)["frequencies"]
    zpve, evidence = _joined.zero_point_energy(frequencies)
    assert zpve == pytest.approx(
        _printed(output, r"Zero point energy\s+\.\.\.\s+(\S+) Eh"), abs=5e-9
    )
    assert evidence == (
        "$vibrational_frequencies: 1/2 sum of 6 real frequencies (harmonic)"
    )


def test_hessian_gives_the_zpve_an_output_lacks(tmp_path):
    """The same job's output cut before its thermochemistry: the .hess fills
    the ZPVE, and ``sources`` says so."""
    text = (DATA / "orca6-NH3_freq.out").read_text()
    cut = text.index("THERMOCHEMISTRY AT")
    output = tmp_path / "nh3.out"
    output.write_text(text[:cut] + text[text.index("****ORCA TERMINATED NORMALLY") :])
    summary, _ = cclib_summary.read_with_hessian(output, DATA / "orca6-NH3_freq.hess")
    assert summary["thermochemistry"]["zpve"] == pytest.approx(0.03359661, abs=5e-9)
    assert summary["sources"]["fields"]["thermochemistry.zpve"] == {
        "file": "orca6-NH3_freq.hess",
        "evidence": (
            "$vibrational_frequencies: 1/2 sum of 6 real frequencies (harmonic)"
        ),
    }


def test_sources_are_checked_by_the_schema(tmp_path):
    """``sources`` is declared: a malformed one does not validate."""
    inp, out, _ = _neutral(
        tmp_path, DATA / "orca6-NH3_freq.out", DATA / "orca6-NH3_freq.hess"
    )
    assert cclib_summary.main([str(inp), str(out)]) == 0
    summary = json.loads((out / "input-1.out.summary.json").read_text())
    validator = Draft202012Validator(
        json.loads((SCHEMAS / "summary-v1.1.0.json").read_text())
    )
    summary["sources"]["fields"]["vibrations"] = {"from": "input-2.hess"}
    del summary["sources"]["files"][0]["role"]
    messages = sorted(e.message for e in validator.iter_errors(summary))
    assert messages == [
        "'file' is a required property",
        "'role' is a required property",
        "Additional properties are not allowed ('from' was unexpected)",
    ]


def test_hessian_alone_or_ambiguous_is_refused(tmp_path):
    inp, out, _ = _neutral(tmp_path, DATA / "orca6-NH3_freq.hess")
    assert cclib_summary.main([str(inp), str(out)]) == 1
    assert _manifest(out)["input-1.hess"]["reason"] == _grouping.HESSIAN_ALONE
    other = tmp_path / "other"
    other.mkdir()
    # Two outputs of the same atoms; ORCA's $act_energy of a frequency job
    # is 0, so the energy cannot tell them apart either.
    assert "$act_energy\n        0.000000" in (DATA / "orca6-NH3_freq.hess").read_text()
    inp, out, _ = _neutral(
        other,
        DATA / "orca6-NH3_freq.out",
        DATA / "orca6-NH3_freq.hess",
        DATA / "orca6-NH3_freq.out",
    )
    assert cclib_summary.main([str(inp), str(out)]) == 1
    reason = _manifest(out)["input-2.hess"]["reason"]
    assert reason.startswith("this ORCA Hessian (.hess) fits several ORCA outputs")
    assert "input-1.out, input-3.out" in reason


def test_outcar_and_vasprun_give_one_summary(tmp_path):
    periodic = DATA / "periodic"
    outcar = periodic / "vasp5-Fe2O2-relax-OUTCAR"
    xml = periodic / "vasp5-Fe2O2-relax-vasprun.xml"
    inp, out, names = _neutral(tmp_path, outcar, xml)
    assert periodic_summary.main([str(inp), str(out)]) == 0
    entries = _manifest(out)
    assert entries["input-1"]["outputs"] == [
        "input-1.summary.json",
        "input-1.extxyz",
    ]
    assert entries["input-2.xml"]["summarised_with"] == "input-1"
    summary = json.loads((out / "input-1.summary.json").read_text())
    _valid(summary, "periodic-summary-v1.0.0.json")
    printed = _printed(outcar, r"energy\(sigma->0\) =\s+(\S+)")
    assert summary["energy"] == pytest.approx(printed, abs=1e-6)
    assert summary["sources"]["fields"]["energy"] == {"file": "input-2.xml"}
    assert summary["sources"]["agreement"]["energy_difference"] < 1e-6
    assert summary["verdicts"]["optimisation"]["evidence"].endswith(
        "reached required accuracy - stopping structural energy minimisation"
    )
    assert [f["role"] for f in summary["sources"]["files"]] == [
        _grouping.VASP_OUTCAR,
        _grouping.VASP_XML,
    ]


def test_several_outcars_each_join_their_own_vasprun(tmp_path):
    """Two OUTCARs and one vasprun.xml: the one of the same ions and energy."""
    periodic = DATA / "periodic"
    xml = periodic / "vasp5-Fe2O2-relax-vasprun.xml"
    outcar = periodic / "vasp5-Fe2O2-relax-OUTCAR"
    assert '<i name="e_wo_entrp">    -28.21851457 </i>' in xml.read_text()
    assert "energy  without entropy=      -28.21851457" in outcar.read_text()
    inp, out, _ = _neutral(tmp_path, periodic / "vasp6-CO-OUTCAR", xml, outcar)
    inp.joinpath("input-3").rename(inp / "input-0")  # the pair is not in name order
    assert periodic_summary.main([str(inp), str(out)]) == 0
    entries = _manifest(out)
    assert entries["input-2.xml"]["summarised_with"] == "input-0"
    assert "summarised_with" not in entries["input-1"]
    pair = json.loads((out / "input-0.summary.json").read_text())
    assert (pair["formula"], pair["sources"]["fields"]["energy"]) == (
        "Fe2O2",
        {"file": "input-2.xml"},
    )
    alone = json.loads((out / "input-1.summary.json").read_text())
    assert alone["formula"] == "CO" and "sources" not in alone


def test_outcar_and_vasprun_of_different_runs_are_refused(tmp_path):
    periodic = DATA / "periodic"
    inp, out, _ = _neutral(
        tmp_path, periodic / "vasp6-CO-OUTCAR", periodic / "vasp5-Fe2O2-relax-vasprun.xml"
    )
    assert periodic_summary.main([str(inp), str(out)]) == 1
    entries = _manifest(out)
    assert entries["input-1"]["reason"].startswith(
        "the OUTCAR (CO) and the vasprun.xml (Fe2O2) are not of the same calculation"
    )
    assert entries["input-2.xml"]["status"] == "failed"


@pytest.mark.parametrize(
    "read, files",
    [
        (
            cclib_summary.read_with_hessian,
            ("orca6-NH3_freq.out", "orca6-NH3_freq.hess"),
        ),
        (
            periodic_summary.read_vasp_pair,
            ("periodic/vasp5-Fe2O2-relax-OUTCAR", "periodic/vasp5-Fe2O2-relax-vasprun.xml"),
        ),
    ],
)
def test_member_hashed_while_read_is_not_hashed_again(monkeypatch, read, files):
    """The SHA-256 of a file read for the summary comes from that read; the
    sources list the digest of every member's bytes all the same."""
    paths = [DATA / name for name in files]
    hashed_again = []
    source_of = _joined.source_of
    monkeypatch.setattr(
        _joined, "source_of", lambda path: hashed_again.append(path) or source_of(path)
    )
    summary, _ = read(*paths)
    listed = {f["filename"]: f["sha256"] for f in summary["sources"]["files"]}
    assert listed == {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths
    }
    read_members = paths if read is periodic_summary.read_vasp_pair else paths[:1]
    assert not set(hashed_again) & set(read_members)
