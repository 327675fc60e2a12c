# SPDX-License-Identifier: MIT
"""MD files are told apart by content, and a run's files grouped into simulations."""

import shutil

import numpy
import pytest
from scipy.io import netcdf_file
from test_md_samples import GENERATED, MDA, run_processor

from invenio_compchem_processor.processors.md import formats
from invenio_compchem_processor.processors.md.grouping import group


@pytest.mark.parametrize(
    "path, expected",
    [
        (MDA / "aux_edr.tpr", formats.TPR),
        (MDA / "ala_nnpot_gmx_2025_0.tpr", formats.TPR),
        (MDA / "aux_edr.xtc", formats.XTC),
        (MDA / "test.edr", formats.EDR),
        (MDA / "two_water_gro.gro", formats.GRO),
        (MDA / "gromacs_ala10.top", formats.GROMACS_TOP),
        (GENERATED / "md.mdp", formats.MDP),
        (MDA / "ace_tip3p.parm7", formats.PRMTOP),
        (MDA / "ace_tip3p.nc", formats.AMBER_NETCDF),
        (MDA / "image_vf.data", formats.LAMMPS_DATA),
        (MDA / "image_vf.lammpstrj", formats.LAMMPS_DUMP),
        (MDA / "aux_edr_raw.txt", None),
        (GENERATED / "nacl.log", None),
    ],
    ids=lambda v: getattr(v, "name", None) or str(v),
)
def test_samples_are_recognised(path, expected):
    assert formats.recognise(path) is expected


def test_tpr_header_names_the_gromacs_version():
    head = (MDA / "aux_edr.tpr").read_bytes()[:64]
    assert formats.gromacs_version_of_tpr(head) == "2021.5"  # "VERSION 2021.5"


def test_ambiguous_extensions_are_decided_by_content(tmp_path):
    # An AMBER parameter file named .top, a GROMACS .top: both are ".top".
    shutil.copy(MDA / "ace_tip3p.parm7", tmp_path / "amber.top")
    shutil.copy(MDA / "gromacs_ala10.top", tmp_path / "gromacs.top")
    # LAMMPS data named .dat, and a .dat that is a table.
    shutil.copy(MDA / "image_vf.data", tmp_path / "lammps.dat")
    shutil.copy(MDA / "aux_edr_raw.txt", tmp_path / "table.dat")
    # A NetCDF file that is not an AMBER trajectory.
    with netcdf_file(tmp_path / "climate.nc", "w") as nc:
        nc.createDimension("t", 3)
        nc.createVariable("temperature", "f", ("t",))[:] = numpy.arange(3.0)
    assert formats.recognise(tmp_path / "amber.top") is formats.PRMTOP
    assert formats.recognise(tmp_path / "gromacs.top") is formats.GROMACS_TOP
    assert formats.recognise(tmp_path / "lammps.dat") is formats.LAMMPS_DATA
    assert formats.recognise(tmp_path / "table.dat") is None
    assert formats.recognise(tmp_path / "climate.nc") is None
    assert formats.recognise(MDA / "ace_tip3p.nc") is formats.AMBER_NETCDF


def test_grouping_by_stem_and_by_the_only_system_file(tmp_path):
    names = {
        "md.tpr": formats.TPR,
        "md.xtc": formats.XTC,
        "energy.edr": formats.EDR,
        "topol.top": formats.GROMACS_TOP,
        "run.mdp": formats.MDP,
    }
    recognised = {tmp_path / n: f for n, f in names.items()}
    simulations, orphans = group(recognised)
    assert orphans == []
    (simulation,) = simulations
    assert simulation.primary.name == "md.tpr"
    assert [p.name for p in simulation.members()] == sorted(names)


def test_two_systems_keep_their_own_files(tmp_path):
    names = {
        "a.tpr": formats.TPR,
        "a.xtc": formats.XTC,
        "b.parm7": formats.PRMTOP,
        "b.nc": formats.AMBER_NETCDF,
        "c.xtc": formats.XTC,
    }
    simulations, orphans = group({tmp_path / n: f for n, f in names.items()})
    members = {s.primary.name: [p.name for p in s.members()] for s in simulations}
    assert members == {"a.tpr": ["a.tpr", "a.xtc"], "b.parm7": ["b.nc", "b.parm7"]}
    assert [p.name for p in orphans] == ["c.xtc"]


def test_a_run_over_two_simulations_gives_two_summaries(tmp_path):
    files = {
        "lys.tpr": MDA / "aux_edr.tpr",
        "lys.xtc": MDA / "aux_edr.xtc",
        "ace.parm7": MDA / "ace_tip3p.parm7",
        "ace.nc": MDA / "ace_tip3p.nc",
    }
    rc, manifest, out = run_processor(tmp_path, files)
    assert rc == 0 and manifest["succeeded"] == 4
    assert sorted(p.name for p in out.glob("*.md.json")) == [
        "ace.parm7.md.json",
        "lys.tpr.md.json",
    ]
