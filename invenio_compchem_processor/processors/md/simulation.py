# SPDX-License-Identifier: MIT
"""One simulation's summary: system, run parameters, trajectory, energies, verdicts.

Runs in the child process of :mod:`.isolation`. Every member file is linked
into a scratch directory first, so that MDAnalysis writes its frame-offset
caches there and never into the input directory, which may be read-only.
A part that cannot be read (run parameters of a ``.tpr`` newer than the
installed GROMACS, say) is left ``null`` with a note; the summary fails only
when nothing of the simulation can be read.
"""

import os
import re
import tempfile
import warnings
from pathlib import Path

from .._isolation import sha256
from . import formats as fmt
from .energies import energies_section
from .gromacs_top import system_and_molecules
from .reasons import ReadFailure, reason_of
from .run_parameters import parse_mdp, read_tpr_parameters, run_section
from .system import residue_kind, system_section
from .trajectory import trajectory_section
from .verdicts import verdicts

SUMMARY_VERSION = 1
"""Bumped when a field of the MD summary changes meaning or disappears."""

KIND = "molecular-dynamics"

_LAMMPS_VERSION = re.compile(r"version\s+([0-9]{1,2} \w{3} [0-9]{4})", re.IGNORECASE)


def _describe(path, format_):
    stat = os.stat(path)
    return {
        "filename": path.name,
        "format": format_.name,
        "role": format_.role,
        "sha256": sha256(path),
        "size": stat.st_size,
    }


def _head(path, size=4096):
    with open(path, "rb") as fp:
        return fp.read(size)


def program_version(path, format_):
    """The version of the program that wrote ``path``, where the file says
    it (a ``.tpr`` header, a LAMMPS data file's first line)."""
    head = _head(path)
    if format_ is fmt.TPR:
        return fmt.gromacs_version_of_tpr(head)
    text = head.decode("latin-1")
    if format_ is fmt.LAMMPS_DATA:
        match = _LAMMPS_VERSION.search(text.splitlines()[0] if text else "")
        return match.group(1) if match else None
    # A prmtop's "%VERSION VERSION_STAMP = V0001.000" stamps the file
    # format, which every AMBER release writes alike: no program version.
    return None


# Columns of the ``Atoms`` section per LAMMPS atom style (the comment
# ``Atoms # style`` that write_data leaves), where MDAnalysis's guess fails.
_LAMMPS_COLUMNS = {
    "atomic": "id type x y z",
    "charge": "id type q x y z",
    "bond": "id resid type x y z",
    "angle": "id resid type x y z",
    "molecular": "id resid type x y z",
    "full": "id resid type q x y z",
}
_LAMMPS_ATOMS_STYLE = re.compile(r"^\s*Atoms\s*#\s*(\w+)", re.MULTILINE)


def lammps_atom_style(path):
    """MDAnalysis's ``atom_style`` for a LAMMPS data file, or ``None`` to guess."""
    with open(path, encoding="latin-1") as fp:
        match = _LAMMPS_ATOMS_STYLE.search(fp.read(1 << 20))
    return _LAMMPS_COLUMNS.get(match.group(1).lower()) if match else None


def _universe(simulation, links):
    """An MDAnalysis Universe of the system file and its trajectories, or ``None``."""
    import MDAnalysis

    primary = simulation.primary
    primary_format = simulation.format_of(primary)
    if primary_format.role != fmt.TOPOLOGY:
        return None
    trajectories = simulation.members(fmt.TRAJECTORY)
    kwargs = {"topology_format": primary_format.mda_format}
    if trajectories:
        kwargs["format"] = simulation.format_of(trajectories[0]).mda_format
    if primary_format is fmt.LAMMPS_DATA and lammps_atom_style(primary):
        kwargs["atom_style"] = lammps_atom_style(primary)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return MDAnalysis.Universe(
            str(links[primary]), *[str(links[t]) for t in trajectories], **kwargs
        )


def _top_system(path):
    """A ``system`` section from a ``.top``'s ``[ molecules ]`` alone."""
    name, molecules = system_and_molecules(path.read_text(errors="replace"))
    counts = {}
    for molecule, count in molecules:
        kind = residue_kind(molecule)
        counts[kind] = counts.get(kind, 0) + count
    return {
        "name": name,
        "atoms": None,
        "residues": None,
        "molecules": counts or None,
        "molecules_counted_by": "topology [ molecules ]",
        "molecule_types": [
            {"name": m, "kind": residue_kind(m), "count": c, "atoms_per_molecule": None}
            for m, c in molecules
        ],
        "charge": None,
        "box": None,
        "periodic": None,
    }


def _run(simulation, notes, versions):
    for path in simulation.members():
        if simulation.format_of(path) is fmt.TPR:
            try:
                values, versions["gmx"] = read_tpr_parameters(path)
                return run_section(values, "gmx dump")
            except ReadFailure as exc:
                notes.append(f"run parameters of {path.name}: {exc}")
    for path in simulation.members(fmt.PARAMETERS):
        return run_section(parse_mdp(path.read_text(errors="replace")), "mdp")
    return None


def read_simulation(simulation):
    """The summary of ``simulation`` and its last-frame PDB text (or ``None``)."""
    import MDAnalysis

    notes, versions = [], {"gmx": None}
    primary = simulation.primary
    primary_format = simulation.format_of(primary)
    summary = {
        "summary_version": SUMMARY_VERSION,
        "kind": KIND,
        "source": None,
        "sources": [
            _describe(p, simulation.format_of(p)) for p in simulation.members()
        ],
        "processor": None,
        "program": primary_format.program,
        "program_version": program_version(primary, primary_format),
    }
    summary["source"] = dict(
        next(s for s in summary["sources"] if s["filename"] == primary.name)
    )
    system = trajectory = pdb = None
    with tempfile.TemporaryDirectory(prefix="md-summary-") as scratch:
        links = {}
        for path in simulation.members():
            links[path] = Path(scratch) / path.name
            os.symlink(os.path.abspath(path), links[path])
        try:
            universe = _universe(simulation, links)
        except Exception as exc:
            # Reasons name the depositor's files, not the scratch directory.
            reason = reason_of(exc).replace(f"{scratch}{os.sep}", "")
            if primary_format is not fmt.GROMACS_TOP:
                raise ReadFailure(reason) from exc
            notes.append(f"{primary.name}: {reason}; molecules from [ molecules ]")
            universe = None
        if universe is not None:
            system = system_section(universe)
            trajectories = simulation.members(fmt.TRAJECTORY)
            if trajectories:
                trajectory, pdb = trajectory_section(
                    universe,
                    [p.name for p in trajectories],
                    simulation.format_of(trajectories[0]).name,
                )
        elif primary_format is fmt.GROMACS_TOP:
            system = _top_system(primary)
    energies = None
    for path in simulation.members(fmt.ENERGIES):
        energies = energies_section(path)
    summary.update(
        natom=system["atoms"] if system else None,
        system=system,
        run=_run(simulation, notes, versions),
        trajectory=trajectory,
        energies=energies,
    )
    summary["verdicts"] = verdicts(summary)
    finished = summary["verdicts"][0]["status"]
    summary["success"] = {"passed": True, "failed": False}.get(finished)
    summary["notes"] = notes
    summary["structure_written"] = pdb is not None
    summary["processor"] = {"mdanalysis_version": MDAnalysis.__version__, **versions}
    return summary, pdb
