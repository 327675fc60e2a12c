# SPDX-License-Identifier: MIT
"""The workflows a site gets by default (``COMPCHEM_PROCESSOR_WORKFLOWS``).

Quantum-chemistry outputs (cclib-summary, automatic), files read together
(cclib-summary-job, on request), periodic codes (periodic-summary), molecular
dynamics run inputs, topologies and energies (md-summary, automatic) and
trajectories (md-trajectory, on request: they can be gigabytes).
"""

# Run inputs, topologies and energies of MD simulations: small, read at upload.
_MD_SYSTEM_EXTENSIONS = [
    ".tpr",
    ".top",
    ".gro",
    ".mdp",
    ".edr",
    ".prmtop",
    ".parm7",
    ".psf",
    ".data",
]

DEFAULT_WORKFLOWS = {
    "cclib-summary": {
        "title": "Computational chemistry summary",
        "description": (
            "Reads the output of Gaussian, ORCA, NWChem, Psi4 and the other "
            "programs cclib supports and extracts a JSON summary and the final "
            "geometry."
        ),
        "match": {"extensions": [".out", ".log"]},
        "auto": True,
        "engines": {
            "argo": {"template": "compchem-cclib-summary"},
            "local": {"command": ["compchem-cclib-summary"], "timeout": 600},
        },
    },
    "cclib-summary-job": {
        "title": "Computational chemistry job (files read together)",
        "description": (
            "Reads the files of one job together: an ORCA output with its .hess, "
            "a TURBOMOLE job folder (the program outputs with control, coord, "
            "energy, ...); one summary per job, saying which file each field "
            "came from."
        ),
        # On request only: a .hess or a control file means nothing alone.
        "match": {
            "extensions": [".out", ".log", ".hess"],
            "names": [
                "control", "coord", "energy", "basis", "auxbasis", "mos",
                "alpha", "beta", "gradient", "statistics", "job.*",
            ],
        },  # fmt: skip
        "auto": False,
        "engines": {
            "argo": {"template": "compchem-cclib-summary"},
            "local": {"command": ["compchem-cclib-summary"], "timeout": 600},
        },
    },
    "md-summary": {
        "title": "Molecular dynamics summary",
        "description": (
            "Reads GROMACS, AMBER and LAMMPS run inputs, topologies and energies "
            "and extracts the system, run parameters, energy statistics and "
            "quality verdicts."
        ),
        # Not trajectories: they can be gigabytes, so they get a workflow of
        # their own that runs on request (see docs/processors-md.rst).
        "match": {"extensions": _MD_SYSTEM_EXTENSIONS},
        "auto": True,
        "engines": {
            "argo": {"template": "compchem-md-summary"},
            "local": {"command": ["compchem-md-summary"], "timeout": 1800},
        },
    },
    "md-trajectory": {
        "title": "Molecular dynamics trajectory",
        "description": (
            "Reads a GROMACS, AMBER, LAMMPS or CHARMM/NAMD trajectory with its "
            "topology or run input, selected together, and adds frames, time "
            "span, box over time and the last frame as a structure to the "
            "molecular dynamics summary."
        ),
        # On request only: trajectories can be gigabytes. The system files are
        # here too, so that a run input and its trajectory make one run; .dat
        # and .nc are told apart by content (see docs/processors-md.rst).
        "match": {
            "extensions": [
                ".xtc",
                ".trr",
                ".tng",
                ".nc",
                ".ncdf",
                ".dcd",
                ".lammpstrj",
                ".inpcrd",
                ".rst7",
                *_MD_SYSTEM_EXTENSIONS,
                ".dat",
            ]
        },
        "auto": False,
        "engines": {
            "argo": {"template": "compchem-md-summary"},
            # The reader stops first, so that its one-line reason reaches the run.
            "local": {
                "command": ["compchem-md-summary", "--timeout", "3300"],
                "timeout": 3600,
            },
        },
    },
    "periodic-summary": {
        "title": "Periodic calculation summary",
        "description": (
            "Reads VASP (OUTCAR, vasprun.xml), Quantum ESPRESSO (pw.x) and CP2K "
            "outputs, recognised by content, and extracts cell, composition, "
            "final energy, forces, stress, k-points, verdicts and the final "
            "structure."
        ),
        # On request only: .xml and .out files are mostly something else, and
        # OUTCAR (matched by name) has no extension; the processor tells them
        # by content.
        "match": {"extensions": [".xml", ".out", ".pwo"], "names": ["*outcar*"]},
        "auto": False,
        "engines": {
            "argo": {"template": "compchem-periodic-summary"},
            "local": {"command": ["compchem-periodic-summary"], "timeout": 600},
        },
    },
}
