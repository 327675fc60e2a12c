# SPDX-License-Identifier: MIT
"""Which inputs of a run belong to one simulation.

A run may take a run input and its trajectory and energies together; they
give ONE summary, named after the file that describes the system. Files join
the system file that shares their stem (``md.tpr``, ``md.xtc``, ``md.edr``),
or the only full system file of the run (a ``.top`` or ``.gro`` beside a
single ``.tpr`` is its source and joins it too). A trajectory with no system file cannot
be read (its atoms have no names); energies or an ``.mdp`` alone are
summarised on their own.
"""

from dataclasses import dataclass, field
from pathlib import Path

from .formats import (
    ENERGIES,
    GRO,
    GROMACS_TOP,
    LAMMPS_DATA,
    PARAMETERS,
    PRMTOP,
    PSF,
    TOPOLOGY,
    TPR,
    TRAJECTORY,
)

# Which system file describes a simulation best, when several share a stem.
_SYSTEM_RANK = (TPR, PRMTOP, PSF, LAMMPS_DATA, GROMACS_TOP, GRO)
_FULL_SYSTEMS = (TPR, PRMTOP, PSF, LAMMPS_DATA)


@dataclass
class Simulation:
    """One simulation: the file that names it and every file that joins it."""

    primary: Path
    formats: dict = field(default_factory=dict)
    """Format of every member file (the primary included), by path."""

    def members(self, role=None):
        """Member paths of ``role`` (all when ``None``), in name order."""
        return sorted(p for p, f in self.formats.items() if role in (None, f.role))

    def format_of(self, path):
        """The :class:`~.formats.Format` of a member."""
        return self.formats[path]


def _stem(path):
    return path.name.split(".", 1)[0]


def _rank(item):
    path, fmt = item
    return (
        _SYSTEM_RANK.index(fmt) if fmt in _SYSTEM_RANK else len(_SYSTEM_RANK),
        path.name,
    )


def _companion_owner(simulations):
    """The one simulation with a full system file, which loose files then join."""
    full = [s for s in simulations if s.format_of(s.primary) in _FULL_SYSTEMS]
    if len(full) == 1:
        return full[0]
    return simulations[0] if len(simulations) == 1 else None


def group(recognised):
    """``(simulations, orphans)`` of ``{path: Format}``.

    ``orphans`` are trajectories that no system file in the run describes.
    """
    systems = sorted(
        ((p, f) for p, f in recognised.items() if f.role == TOPOLOGY), key=_rank
    )
    simulations, by_stem = [], {}
    for path, fmt in systems:
        owner = by_stem.get(_stem(path))
        if owner is None:
            owner = Simulation(primary=path)
            simulations.append(owner)
            by_stem[_stem(path)] = owner
        owner.formats[path] = fmt
    # A .top or .gro beside one .tpr is its source, not a second system.
    lead = _companion_owner(simulations)
    if lead is not None:
        for simulation in list(simulations):
            partial = simulation.format_of(simulation.primary) in (GROMACS_TOP, GRO)
            if simulation is not lead and partial and len(simulation.formats) == 1:
                lead.formats.update(simulation.formats)
                simulations.remove(simulation)
                by_stem[_stem(simulation.primary)] = lead
    only = _companion_owner(simulations)
    orphans = []
    others = sorted(
        (p, f)
        for p, f in recognised.items()
        if f.role in (TRAJECTORY, ENERGIES, PARAMETERS)
    )
    for path, fmt in others:
        owner = by_stem.get(_stem(path)) or only
        if owner is None and fmt.role == TRAJECTORY:
            orphans.append(path)
            continue
        if owner is None:
            owner = Simulation(primary=path)
            simulations.append(owner)
            by_stem[_stem(path)] = owner
        owner.formats[path] = fmt
    return simulations, orphans
