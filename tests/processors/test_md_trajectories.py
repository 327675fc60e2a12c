# SPDX-License-Identifier: MIT
"""Trajectories: the on-request workflow of the defaults, and TNG files.

Expected numbers are GROMACS's: ``gmx check`` and ``gmx dump`` of the
samples, kept in mdanalysis/reference-gmx-2022.5.txt.
"""

import shutil
import subprocess

import numpy
import pytest
from scipy.io import netcdf_file
from test_md_samples import MDA, entry, run_processor, summary

from invenio_compchem_processor import config
from invenio_compchem_processor.processors.md import formats
from invenio_compchem_processor.workflows import load_workflows

TRAJECTORIES = ("md.xtc", "md.trr", "md.tng", "md.nc", "md.dcd", "md.lammpstrj")
SYSTEMS = ("md.tpr", "topol.top", "conf.gro", "md.prmtop", "md.psf", "md.data")


@pytest.fixture(scope="module")
def workflows():
    return load_workflows(
        {
            "COMPCHEM_PROCESSOR_ENGINE": "local",
            "COMPCHEM_PROCESSOR_WORKFLOWS": config.COMPCHEM_PROCESSOR_WORKFLOWS,
        }
    )


def test_trajectories_are_processed_on_request_only(workflows):
    automatic = [w for w in workflows.values() if w.auto]
    for name in TRAJECTORIES:
        assert not any(w.matches(name) for w in automatic), name
    assert workflows["md-summary"].auto
    for name in SYSTEMS + ("md.edr", "md.mdp"):
        assert workflows["md-summary"].matches(name), name


def test_the_trajectory_workflow_takes_a_run_input_with_its_trajectory(workflows):
    trajectory = workflows["md-trajectory"]
    assert trajectory.auto is False
    for name in TRAJECTORIES + SYSTEMS + ("md.edr", "lammps.dat"):
        assert trajectory.matches(name), name
    assert not trajectory.matches("water.log")
    # The same processor and Argo template as the automatic summary.
    assert trajectory.engines["argo"] == workflows["md-summary"].engines["argo"]
    local = trajectory.engines["local"]
    assert local["command"][0] == "compchem-md-summary"
    # The reader's own limit comes first, so its reason reaches the run.
    assert int(local["command"][local["command"].index("--timeout") + 1]) < (
        local["timeout"]
    )


def test_a_manual_run_over_tpr_and_xtc_with_the_configured_command(tmp_path):
    """The local engine runs ``command + [in, out]``; so does this test."""
    command = config.COMPCHEM_PROCESSOR_WORKFLOWS["md-trajectory"]["engines"]["local"]
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(MDA / "aux_edr.tpr", inp / "md.tpr")
    shutil.copy(MDA / "aux_edr.xtc", inp / "md.xtc")
    executable = shutil.which(command["command"][0])
    assert executable, "the package's console script is installed"
    done = subprocess.run(
        [executable, *command["command"][1:], str(inp), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[1/1] md.tpr, md.xtc: ok" in done.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "md.tpr.last-frame.pdb",
        "md.tpr.md.json",
        "results.json",
    ]
    document = summary(out, "md.tpr")
    # gmx check -f aux_edr.xtc: 4 frames, 0.02 ps apart
    assert document["trajectory"]["frames"] == 4
    assert document["trajectory"]["last_time_ps"] == pytest.approx(0.06)
    assert document["system"]["atoms"] == 33876
    pdb = (out / "md.tpr.last-frame.pdb").read_text()
    assert sum(line.startswith(("ATOM", "HETATM")) for line in pdb.splitlines()) == (
        33876
    )


def test_dat_and_nc_of_a_trajectory_run_are_told_apart_by_content(tmp_path):
    """What the workflow offers by extension, the processor decides by content."""
    with netcdf_file(tmp_path / "climate.nc", "w") as nc:
        nc.createDimension("t", 3)
        nc.createVariable("temperature", "f", ("t",))[:] = numpy.arange(3.0)
    files = {
        "run.dat": MDA / "image_vf.data",
        "run.lammpstrj": MDA / "image_vf.lammpstrj",
        "climate.nc": tmp_path / "climate.nc",
    }
    rc, manifest, out = run_processor(tmp_path, files)
    assert rc == 1 and (manifest["succeeded"], manifest["failed"]) == (2, 1)
    assert entry(manifest, "climate.nc")["reason"].startswith(
        "not a molecular dynamics file this processor reads"
    )
    document = summary(out, "run.dat")
    assert document["sources"][0]["format"] == "lammps-data"
    # image_vf.data: "7 atoms"; image_vf.lammpstrj: three ITEM: TIMESTEP blocks
    assert document["system"]["atoms"] == 7
    assert document["trajectory"]["frames"] == 3


def test_tng_is_recognised_by_content(tmp_path):
    assert formats.recognise(MDA / "argon_npt_compressed.tng") is formats.TNG
    # Renamed, it is still a TNG file; an XTC renamed .tng is still an XTC.
    shutil.copy(MDA / "argon_npt_compressed.tng", tmp_path / "run.trj")
    shutil.copy(MDA / "aux_edr.xtc", tmp_path / "run.tng")
    assert formats.recognise(tmp_path / "run.trj") is formats.TNG
    assert formats.recognise(tmp_path / "run.tng") is formats.XTC


@pytest.fixture(scope="module")
def argon(tmp_path_factory):
    """1,000 argon atoms at constant pressure: .gro and mdrun's TNG, one run."""
    files = {
        "argon.gro": MDA / "argon_npt_compressed.gro",
        "argon.tng": MDA / "argon_npt_compressed.tng",
    }
    return run_processor(tmp_path_factory.mktemp("argon"), files)


def test_tng_trajectory_matches_gmx_check(argon):
    rc, manifest, out = argon
    assert rc == 0 and manifest["succeeded"] == 2
    assert entry(manifest, "argon.tng")["summarised_with"] == "argon.gro"
    document = summary(out, "argon.gro")
    assert document["system"]["atoms"] == 1000
    trajectory = document["trajectory"]
    assert trajectory["format"] == "gromacs-tng"
    # gmx check: Coords 101 frames, timestep 10 ps; last frame at 1000 ps
    assert trajectory["frames"] == 101
    assert trajectory["frame_interval_ps"] == pytest.approx(10.0)
    assert (trajectory["first_time_ps"], trajectory["last_time_ps"]) == (0.0, 1000.0)
    assert trajectory["time_span_ps"] == pytest.approx(1000.0)
    # gmx dump: the cubic box edge goes from 3.56107 to 3.60140 nm
    assert trajectory["box_min_nm"] == pytest.approx([3.56107] * 3, abs=1e-5)
    assert trajectory["box_max_nm"] == pytest.approx([3.6014] * 3, abs=1e-5)


def test_tng_last_frame_is_mdruns_last_frame(argon):
    pdb = (argon[2] / "argon.gro.last-frame.pdb").read_text()
    atoms = [line for line in pdb.splitlines() if line.startswith(("ATOM", "HETATM"))]
    assert len(atoms) == 1000
    # gmx dump, frame 100: POSITIONS[0] = {0.440, 0.389, 1.374} nm; box 3.58965 nm
    assert [float(atoms[0][30 + 8 * i : 38 + 8 * i]) for i in range(3)] == (
        pytest.approx([4.40, 3.89, 13.74], abs=1e-2)
    )
    assert "CRYST1   35.89" in pdb
