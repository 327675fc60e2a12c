# SPDX-License-Identifier: MIT
"""The limits that protect the repository: memory, time, frames, sizes."""

import resource

import MDAnalysis
import pytest
from test_md_samples import MDA

from invenio_compchem_processor.processors.md import energies, trajectory
from invenio_compchem_processor.processors.md.isolation import run_isolated
from invenio_compchem_processor.processors.md.reasons import ReadFailure


def _cap(extra=512 * 1024**2):
    """A cap above what this process already maps: the child starts as its copy."""
    with open("/proc/self/statm") as fp:
        mapped = int(fp.read().split()[0]) * resource.getpagesize()
    return mapped + extra


def _allocates(megabytes):
    return bytearray(megabytes * 1024**2)


def _fails(message):
    raise ReadFailure(message)


def test_a_reader_over_its_memory_cap_fails_in_one_line():
    status, reason = run_isolated(_allocates, (2048,), timeout=60, max_bytes=_cap())
    assert (status, reason) == (
        "failed",
        "reading needed more memory than the processor allows",
    )


def test_a_reader_under_its_memory_cap_answers():
    status, value = run_isolated(_allocates, (64,), timeout=60, max_bytes=_cap())
    assert status == "ok" and len(value) == 64 * 1024**2


def test_a_read_failure_is_its_reason():
    assert run_isolated(_fails, ("broken box",), timeout=60) == ("failed", "broken box")


@pytest.mark.parametrize(
    "frames, stride, decoded",
    [(1, 1, 1), (1000, 1, 1000), (1001, 2, 501), (16900, 17, 995), (10**6, 1000, 1000)],
)
def test_at_most_a_thousand_frames_are_decoded(frames, stride, decoded):
    assert trajectory.frame_stride(frames) == stride
    assert len(range(0, frames, stride)) == decoded <= trajectory.MAX_SAMPLED_FRAMES


def test_large_systems_are_thinned_for_the_previewer(monkeypatch):
    universe = MDAnalysis.Universe(str(MDA / "aux_edr.tpr"), str(MDA / "aux_edr.xtc"))
    monkeypatch.setattr(trajectory, "MAX_PREVIEW_ATOMS", 5000)
    pdb, atoms, selection = trajectory.last_frame_pdb(universe)
    # 33,876 atoms: 10,636 waters (31,908 atoms) and 8 Cl- leave the protein's 1,960
    assert (atoms, selection) == (1960, "without water and ions")
    assert sum(line.startswith("ATOM") for line in pdb.splitlines()) == 1960
    monkeypatch.setattr(trajectory, "MAX_PREVIEW_ATOMS", 1500)
    _, heavy, selection = trajectory.last_frame_pdb(universe)
    assert selection == "heavy atoms without water and ions" and heavy < 1500
    monkeypatch.setattr(trajectory, "MAX_PREVIEW_ATOMS", 200)
    # lysozyme has 129 residues: one CA each
    assert trajectory.last_frame_pdb(universe)[1:] == (
        129,
        "protein and nucleic backbone",
    )


def test_energy_files_over_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(energies, "MAX_EDR_BYTES", 1024)
    with pytest.raises(
        ReadFailure, match="^the energy file is 0 MB, more than the 0 MB"
    ):
        energies.energies_section(MDA / "test.edr")
