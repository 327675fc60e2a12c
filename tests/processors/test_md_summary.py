# SPDX-License-Identifier: MIT
"""The md-summary command on real GROMACS, AMBER and LAMMPS files.

Expected numbers are the ones the files print: ``gmx dump``, ``gmx check``
and ``gmx energy`` output kept beside the samples (reference-*.txt,
*.gmx-dump.txt), mdrun's logs, and the headers of the text files.
"""

import json
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from test_md_samples import MDA, entry, needs_gmx, run_processor, summary


def _schema():
    text = (
        resources.files("invenio_compchem_processor")
        .joinpath("schemas/md-summary-v1.0.0.json")
        .read_text()
    )
    return Draft202012Validator(json.loads(text))


@pytest.fixture(scope="module")
def lysozyme(tmp_path_factory):
    """aux_edr.tpr + .xtc + its energies, as one run over three files."""
    files = {
        "aux_edr.tpr": MDA / "aux_edr.tpr",
        "aux_edr.xtc": MDA / "aux_edr.xtc",
        "aux_edr.edr": MDA / "test.edr",
    }
    return run_processor(tmp_path_factory.mktemp("lysozyme"), files)


def test_tpr_xtc_edr_give_one_summary_and_last_frame(lysozyme):
    rc, manifest, out = lysozyme
    assert rc == 0 and manifest["succeeded"] == 3 and manifest["failed"] == 0
    assert entry(manifest, "aux_edr.tpr")["outputs"] == [
        "aux_edr.tpr.md.json",
        "aux_edr.tpr.last-frame.pdb",
    ]
    for member in ("aux_edr.xtc", "aux_edr.edr"):
        assert entry(manifest, member)["summarised_with"] == "aux_edr.tpr"
        assert entry(manifest, member)["outputs"] == []
    assert sorted(p.name for p in out.iterdir()) == [
        "aux_edr.tpr.last-frame.pdb",
        "aux_edr.tpr.md.json",
        "results.json",
    ]


def test_summary_is_valid_against_its_schema(lysozyme):
    _, _, out = lysozyme
    errors = list(_schema().iter_errors(summary(out, "aux_edr.tpr")))
    assert errors == []


def test_system_matches_the_run_input(lysozyme):
    system = summary(lysozyme[2], "aux_edr.tpr")["system"]
    # gmx dump: "natoms = 33876"; molblocks Protein_chain_A x1, SOL x10636, CL x8.
    assert system["atoms"] == 33876
    assert system["residues"] == 129 + 10636 + 8  # lysozyme has 129 residues
    assert system["molecules"] == {
        "protein": 1,
        "nucleic": 0,
        "lipid": 0,
        "water": 10636,
        "ion": 8,
        "other": 0,
    }
    types = {
        t["name"]: (t["kind"], t["count"], t["atoms_per_molecule"])
        for t in system["molecule_types"]
    }
    assert types == {
        "Protein_chain_A": ("protein", 1, 1960),
        "SOL": ("water", 10636, 3),
        "CL": ("ion", 8, 1),
    }
    # gmx dump: box[0]={ 6.94690e+00, ...}, cubic
    assert system["box"]["lengths_nm"] == pytest.approx([6.9469] * 3, abs=1e-4)
    assert system["box"]["shape"] == "cubic" and system["periodic"] is True
    assert system["charge"]["neutral"] is True


def test_program_version_from_the_tpr_header(lysozyme):
    document = summary(lysozyme[2], "aux_edr.tpr")
    # gmx dump: "Reading file aux_edr.tpr, VERSION 2021.5 (single precision)"
    assert document["program"] == "GROMACS" and document["program_version"] == "2021.5"
    assert [s["filename"] for s in document["sources"]] == [
        "aux_edr.edr",
        "aux_edr.tpr",
        "aux_edr.xtc",
    ]


@needs_gmx
def test_run_parameters_match_gmx_dump(lysozyme):
    run = summary(lysozyme[2], "aux_edr.tpr")["run"]
    # aux_edr.tpr.gmx-dump.txt: integrator = md, dt = 0.002, nsteps = 30,
    # tcoupl = V-rescale, ref-t: 300 300, tau-t: 0.1 0.1,
    # pcoupl = Parrinello-Rahman, ref-p diagonal 1, tau-p = 2,
    # coulombtype = PME, rcoulomb = 1, rvdw = 1, constraint-algorithm = Lincs
    assert run["source"] == "gmx dump"
    assert run["integrator"] == "md"
    assert run["time_step_ps"] == 0.002 and run["steps"] == 30
    assert run["simulated_time_ps"] == pytest.approx(0.06)
    assert run["thermostat"] == {
        "algorithm": "V-rescale",
        "reference_temperature_K": [300.0, 300.0],
        "time_constant_ps": [0.1, 0.1],
    }
    assert run["barostat"]["algorithm"] == "Parrinello-Rahman"
    assert run["barostat"]["reference_pressure_bar"] == [1.0, 1.0, 1.0]
    assert run["barostat"]["time_constant_ps"] == 2.0
    assert run["electrostatics"] == "PME"
    assert (
        run["cutoffs"]["coulomb_nm"] == 1.0
        and run["cutoffs"]["van_der_waals_nm"] == 1.0
    )
    assert run["constraints"]["algorithm"] == "Lincs"
    assert run["output_interval_steps"]["compressed_coordinates"] == 10


def test_trajectory_matches_gmx_check(lysozyme):
    trajectory = summary(lysozyme[2], "aux_edr.tpr")["trajectory"]
    # gmx check -f aux_edr.xtc: 4 frames, timestep 0.02 ps, last frame time 0.060
    assert trajectory["frames"] == 4 and trajectory["frame_stride"] == 1
    assert trajectory["frame_interval_ps"] == pytest.approx(0.02)
    assert trajectory["first_time_ps"] == 0.0
    assert trajectory["last_time_ps"] == pytest.approx(0.06)
    assert (
        trajectory["box_min_nm"][0]
        <= 6.9469 + 1e-4
        <= trajectory["box_max_nm"][0] + 2e-4
    )


def test_last_frame_is_a_pdb_of_every_atom(lysozyme):
    pdb = (lysozyme[2] / "aux_edr.tpr.last-frame.pdb").read_text()
    atoms = [line for line in pdb.splitlines() if line.startswith(("ATOM", "HETATM"))]
    assert len(atoms) == 33876
    assert pdb.startswith(("TITLE", "REMARK", "CRYST1", "HEADER"))
    assert "CRYST1   69.4" in pdb  # the last frame's box, in Å


def test_energies_match_gmx_energy(lysozyme):
    energies = summary(lysozyme[2], "aux_edr.tpr")["energies"]
    terms = energies["terms"]
    # reference-gmx-2022.5.txt (gmx energy): Temperature 301.863 (RMSD 0.859063),
    # Pressure 115.289 (RMSD 47.357); aux_edr_raw.txt: first Temperature 303.0224609375
    assert energies["frames"] == 4
    assert terms["Temperature"]["unit"] == "K"
    assert terms["Temperature"]["mean"] == pytest.approx(301.863, abs=1e-3)
    assert terms["Temperature"]["std"] == pytest.approx(0.859063, abs=1e-5)
    assert terms["Temperature"]["first"] == pytest.approx(303.0224609375)
    assert terms["Pressure"]["mean"] == pytest.approx(115.289, abs=1e-3)
    assert terms["Pressure"]["unit"] == "bar"
    assert terms["Coul. recip."]["first"] == pytest.approx(3080.209716796875)
    assert set(energies["series"]) == {"Temperature", "Pressure", "Potential"}
    assert energies["series"]["Temperature"]["time_ps"] == pytest.approx(
        [0, 0.02, 0.04, 0.06]
    )


def test_amber_prmtop_with_netcdf(tmp_path):
    files = {
        "ace_tip3p.parm7": MDA / "ace_tip3p.parm7",
        "ace_tip3p.nc": MDA / "ace_tip3p.nc",
    }
    rc, manifest, out = run_processor(tmp_path, files)
    assert (
        rc == 0
        and entry(manifest, "ace_tip3p.nc")["summarised_with"] == "ace_tip3p.parm7"
    )
    document = summary(out, "ace_tip3p.parm7")
    assert document["program"] == "AMBER"
    # "%VERSION  VERSION_STAMP = V0001.000" (the file's first line) is the
    # prmtop format's stamp, the same for every AMBER release: no version.
    assert "VERSION_STAMP = V0001.000" in (MDA / "ace_tip3p.parm7").read_text().splitlines()[0]
    assert document["program_version"] is None
    system = document["system"]
    assert system["atoms"] == 1398 and system["residues"] == 465
    # residues: one ACE (an acetyl cap, counted with proteins) and 464 WAT
    assert system["molecules"]["water"] == 464 and system["molecules"]["protein"] == 1
    assert system["charge"]["neutral"] is True
    trajectory = document["trajectory"]
    # the NetCDF's own "time" variable: 1, 2, ..., 10 (ps)
    assert trajectory["frames"] == 10 and trajectory["frame_interval_ps"] == 1.0
    assert (trajectory["first_time_ps"], trajectory["last_time_ps"]) == (1.0, 10.0)
    assert document["run"] is None and document["energies"] is None
    assert (out / "ace_tip3p.parm7.last-frame.pdb").exists()


def test_lammps_data_with_dump(tmp_path):
    files = {
        "image_vf.data": MDA / "image_vf.data",
        "image_vf.lammpstrj": MDA / "image_vf.lammpstrj",
    }
    rc, manifest, out = run_processor(tmp_path, files)
    assert rc == 0
    document = summary(out, "image_vf.data")
    # "LAMMPS data file via write_data, version 30 Jul 2021": 7 atoms, box 0 10
    assert (
        document["program"] == "LAMMPS" and document["program_version"] == "30 Jul 2021"
    )
    assert document["system"]["atoms"] == 7
    assert document["system"]["box"]["lengths_nm"] == [1.0, 1.0, 1.0]
    assert document["trajectory"]["format"] == "lammps-dump"
    # a dump holds timesteps, not times: none are made up
    assert document["trajectory"]["frames"] == 3
    assert document["trajectory"]["last_time_ps"] is None


def test_gromacs_top_without_its_includes(tmp_path):
    rc, manifest, out = run_processor(
        tmp_path, {"ala10.top": MDA / "gromacs_ala10.top"}
    )
    assert rc == 0
    system = summary(out, "ala10.top")["system"]
    # [ system ] Protein; [ molecules ] Protein 2, SOL 3
    assert system["name"] == "Protein"
    assert [(t["name"], t["count"]) for t in system["molecule_types"]] == [
        ("Protein", 2),
        ("SOL", 3),
    ]
    assert system["molecules"]["water"] == 3
    assert any("[ molecules ]" in note for note in summary(out, "ala10.top")["notes"])


def test_gro_alone(tmp_path):
    rc, _, out = run_processor(tmp_path, {"w.gro": MDA / "two_water_gro.gro"})
    system = summary(out, "w.gro")["system"]
    assert rc == 0 and system["atoms"] == 6 and system["molecules"]["water"] == 2
    assert system["box"]["lengths_nm"] == [
        10.0,
        10.0,
        10.0,
    ]  # last line: 10.0 10.0 10.0


@needs_gmx
def test_tpr_newer_than_gmx_keeps_the_system_and_says_why(tmp_path):
    rc, manifest, out = run_processor(
        tmp_path, {"new.tpr": MDA / "ala_nnpot_gmx_2025_0.tpr"}
    )
    document = summary(out, "new.tpr")
    assert rc == 0 and document["system"]["atoms"] == 23
    assert document["program_version"].startswith("2025.0-dev")
    assert document["run"] is None
    (note,) = document["notes"]
    assert note.startswith(
        "run parameters of new.tpr: gmx dump could not read the run input"
    )
    assert "version 137 with version 127" in note


def test_trajectory_without_topology_and_foreign_files_fail_with_a_reason(tmp_path):
    files = {"lonely.xtc": MDA / "aux_edr.xtc", "table.dat": MDA / "aux_edr_raw.txt"}
    rc, manifest, out = run_processor(tmp_path, files)
    assert rc == 1 and manifest["failed"] == 2
    assert entry(manifest, "lonely.xtc")["reason"] == (
        "a trajectory needs its topology or run input in the same run"
    )
    assert entry(manifest, "table.dat")["reason"].startswith(
        "not a molecular dynamics file"
    )


def test_corrupt_trajectory_fails_in_one_line(tmp_path):
    inp = tmp_path / "src"
    inp.mkdir()
    data = (MDA / "aux_edr.xtc").read_bytes()
    (inp / "broken.xtc").write_bytes(data[: len(data) // 3] + b"\0" * 1000)
    files = {"broken.tpr": MDA / "aux_edr.tpr", "broken.xtc": inp / "broken.xtc"}
    rc, manifest, _ = run_processor(tmp_path, files, args=("--timeout", "60"))
    reason = entry(manifest, "broken.tpr")["reason"]
    assert rc == 1 and "\n" not in reason and reason
    assert entry(manifest, "broken.xtc")["status"] == "failed"


def test_console_script_runs_as_the_engines_run_it(tmp_path):
    """The engines run ``compchem-md-summary IN OUT``: stdout is the step log."""
    script = Path(sys.executable).with_name("compchem-md-summary")
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(MDA / "two_water_gro.gro", inp / "w.gro")
    (inp / "notes.dat").write_text("not a simulation\n")
    done = subprocess.run(
        [str(script), str(inp), str(out), "--timeout", "120"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "[1/1] w.gro: ok",
        "notes.dat: failed: not a molecular dynamics file this processor reads"
        " (GROMACS, AMBER, LAMMPS, CHARMM/NAMD)",
        "1 of 2 inputs succeeded; manifest: results.json",
    ]
    assert (
        subprocess.run([str(script), str(tmp_path / "missing"), str(out)]).returncode
        == 2
    )


@needs_gmx
def test_a_gromacs_4_run_input(tmp_path):
    rc, _, out = run_processor(tmp_path, {"old.tpr": MDA / "2lyz_gmx_4.0.tpr"})
    document = summary(out, "old.tpr")
    # 2lyz_gmx_4.0.tpr.gmx-dump.txt: VERSION 4.0, natoms = 2263, Protein_A x1,
    # SOL x101; dt = 0.002, nsteps = 100000000, Nose-Hoover with ref-t 300 300
    # and tau-t 2 2, Parrinello-Rahman, PME, rcoulomb = 0.9, rvdw = 1.4
    assert rc == 0 and document["program_version"] == "4.0"
    assert document["system"]["atoms"] == 2263
    assert document["system"]["molecules"]["water"] == 101
    assert document["system"]["molecules"]["protein"] == 1
    run = document["run"]
    assert (run["time_step_ps"], run["steps"]) == (0.002, 100000000)
    assert run["simulated_time_ps"] == pytest.approx(200000.0)
    assert run["thermostat"] == {
        "algorithm": "Nose-Hoover",
        "reference_temperature_K": [300.0, 300.0],
        "time_constant_ps": [2.0, 2.0],
    }
    assert run["barostat"]["algorithm"] == "Parrinello-Rahman"
    assert (run["cutoffs"]["coulomb_nm"], run["cutoffs"]["van_der_waals_nm"]) == (
        0.9,
        1.4,
    )
    assert [v["status"] for v in document["verdicts"]][:1] == ["not_checked"]


def test_charmm_psf_with_dcd_in_a_triclinic_box(tmp_path):
    files = {
        "tip125.psf": MDA / "tip125_tric_C36.psf",
        "tip125.dcd": MDA / "tip125_tric_C36.dcd",
    }
    rc, manifest, out = run_processor(tmp_path, files)
    document = summary(out, "tip125.psf")
    system = document["system"]
    # the PSF: "375 !NATOM", residues "SOLV n TIP3" with charges -0.834/0.417/0.417
    assert rc == 0 and document["program"] == "CHARMM/NAMD"
    assert (system["atoms"], system["residues"]) == (375, 125)
    assert system["molecules"]["water"] == 125
    assert system["molecules_counted_by"] == "bonded fragments"
    assert system["charge"] == {"total_e": 0.0, "neutral": True}
    assert system["box"]["shape"] == "triclinic"
    assert document["trajectory"]["format"] == "dcd"
    assert document["trajectory"]["frames"] == 10


def test_lammps_atom_style_from_the_atoms_comment(tmp_path):
    files = {"albite.data": MDA / "albite_triclinic.data"}
    rc, _, out = run_processor(tmp_path, files)
    system = summary(out, "albite.data")["system"]
    # "17 atoms"; "-0.32115478301032807 16.831069399898624 xlo xhi";
    # tilts "1.506743915478767 -6.266414551929444 -0.42179319547892025 xy xz yz"
    assert rc == 0 and system["atoms"] == 17
    assert system["box"]["lengths_nm"][0] == pytest.approx(
        (16.831069399898624 + 0.32115478301032807) / 10, abs=1e-6
    )
    assert system["box"]["shape"] == "triclinic"
