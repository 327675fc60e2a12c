# SPDX-License-Identifier: MIT
"""The ``md-summary`` processor: summaries and verdicts of MD simulations.

Usage: ``compchem-md-summary INPUT_DIR OUTPUT_DIR [--timeout SECONDS]``.
The inputs are recognised by content (:mod:`.md.formats`) and grouped into
simulations (:mod:`.md.grouping`): a ``md.tpr`` with its ``md.xtc`` and
``md.edr`` gives ONE ``md.tpr.md.json`` summary and, with a trajectory,
``md.tpr.last-frame.pdb``. Every input gets an entry in ``results.json``;
the members of a simulation name the file it was summarised with
(``summarised_with``). The contract shared by all processors is in
:mod:`..processors`.

Each simulation is read in a child process that is killed at the timeout
and whose address space is capped, so a hostile or huge file ends as one
line in the manifest.
"""

import importlib
import json
import sys
from pathlib import Path

from ._directory import manifest, refused_entries, run_command, summarise_group
from ._isolation import inputs_of, processor_version
from ._isolation import write_atomic as _write
from .md.formats import recognise
from .md.grouping import group
from .md.isolation import run_isolated
from .md.reasons import NO_TOPOLOGY, NOT_MD, reason_of
from .md.simulation import read_simulation

PROCESSOR_NAME = "md-summary"
DEFAULT_TIMEOUT = 900
SUMMARY_SUFFIX = ".md.json"
"""Not ``.summary.json``: that suffix is the QM summary's, validated by its schema."""
STRUCTURE_SUFFIX = ".last-frame.pdb"

MEMORY_LIMIT = 4 * 1024**3
"""Address space of a reading child, in bytes, on top of the files it maps."""


def _recognise_all(inputs):
    recognised, failed = {}, {}
    for path in inputs:
        try:
            found = recognise(path)
        except OSError as exc:
            failed[path] = reason_of(exc)
            continue
        if found is None:
            failed[path] = NOT_MD
        else:
            recognised[path] = found
    return recognised, failed


def _store(simulation, value, output_dir):
    summary, pdb = value
    summary["processor"] = {
        "name": PROCESSOR_NAME,
        "version": processor_version(),
        **summary["processor"],
    }
    outputs = []
    name = simulation.primary.name + SUMMARY_SUFFIX
    _write(output_dir / name, json.dumps(summary, indent=2, allow_nan=False) + "\n")
    outputs.append(name)
    if pdb is not None:
        _write(output_dir / (simulation.primary.name + STRUCTURE_SUFFIX), pdb)
        outputs.append(simulation.primary.name + STRUCTURE_SUFFIX)
    return outputs


def _preload():
    """Import the readers once, before the forks, so that each child starts fast."""
    for name in ("MDAnalysis", "pyedr"):
        importlib.import_module(name)


def process_directory(
    input_dir, output_dir, timeout=DEFAULT_TIMEOUT, reader=read_simulation
):
    """Summarise every simulation in ``input_dir``; return the manifest dict.

    ``reader`` runs in the child for each simulation; tests replace it to
    exercise the timeout.
    """
    input_dir, output_dir = Path(input_dir), Path(output_dir)
    _preload()
    inputs = inputs_of(input_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    recognised, failed = _recognise_all(inputs)
    simulations, orphans = group(recognised)
    failed.update({path: NO_TOPOLOGY for path in orphans})
    entries = refused_entries(failed)
    for number, simulation in enumerate(simulations, start=1):
        size = sum(p.stat().st_size for p in simulation.members())
        entries.update(
            summarise_group(
                (number, len(simulations)),
                simulation.members(),
                simulation.primary,
                lambda: run_isolated(
                    reader, (simulation,), timeout, MEMORY_LIMIT + size
                ),
                lambda value: _store(simulation, value, output_dir),
                lambda path: {"format": simulation.format_of(path).name},
            )
        )
    about = {"name": PROCESSOR_NAME, "version": processor_version()}
    return manifest(about, inputs, entries, failed)


def main(argv=None):
    """Console entry point; returns the exit code (0 ok, 1 failures, 2 usage)."""
    return run_command(
        argv,
        "compchem-md-summary",
        "Summarise and check molecular dynamics runs (GROMACS, AMBER, LAMMPS).",
        process_directory,
        DEFAULT_TIMEOUT,
        per="simulation",
    )


if __name__ == "__main__":
    sys.exit(main())
