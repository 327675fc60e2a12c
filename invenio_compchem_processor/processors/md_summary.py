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

import argparse
import importlib
import json
import os
import sys
from pathlib import Path

from .md.formats import recognise
from .md.grouping import group
from .md.isolation import run_isolated
from .md.reasons import NO_TOPOLOGY, NOT_MD, reason_of
from .md.simulation import read_simulation

PROCESSOR_NAME = "md-summary"
DEFAULT_TIMEOUT = 900
MANIFEST_NAME = "results.json"
SUMMARY_SUFFIX = ".md.json"
"""Not ``.summary.json``: that suffix is the QM summary's, validated by its schema."""
STRUCTURE_SUFFIX = ".last-frame.pdb"

MEMORY_LIMIT = 4 * 1024**3
"""Address space of a reading child, in bytes, on top of the files it maps."""


def processor_version():
    """Version of this package, or ``"unknown"`` when it is not importable."""
    try:
        from importlib.metadata import version

        return version("invenio-compchem-processor")
    except Exception:
        return "unknown"


def _write(path, text):
    """Write via a temporary name so that readers never see half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


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
    inputs = sorted(p for p in input_dir.iterdir() if p.is_file())
    output_dir.mkdir(parents=True, exist_ok=True)
    recognised, failed = _recognise_all(inputs)
    simulations, orphans = group(recognised)
    failed.update({path: NO_TOPOLOGY for path in orphans})
    entries = {
        p: {"input": p.name, "status": "failed", "outputs": [], "reason": r}
        for p, r in failed.items()
    }
    for number, simulation in enumerate(simulations, start=1):
        size = sum(p.stat().st_size for p in simulation.members())
        status, value = run_isolated(
            reader, (simulation,), timeout, MEMORY_LIMIT + size
        )
        outputs = []
        if status == "ok":
            try:
                outputs = _store(simulation, value, output_dir)
            except (OSError, ValueError) as exc:
                status, value = "failed", f"results could not be written ({exc})"
        for path in simulation.members():
            entry = {"input": path.name, "status": "succeeded", "outputs": []}
            entry["format"] = simulation.format_of(path).name
            if path == simulation.primary:
                entry["outputs"] = outputs
            else:
                entry["summarised_with"] = simulation.primary.name
            if status != "ok":
                entry.update(status="failed", reason=value)
            entries[path] = entry
        outcome = "ok" if status == "ok" else f"failed: {value}"
        names = ", ".join(p.name for p in simulation.members())
        print(f"[{number}/{len(simulations)}] {names}: {outcome}", flush=True)
    for path, reason in failed.items():
        print(f"{path.name}: failed: {reason}", flush=True)
    results = [entries[p] for p in inputs]
    return {
        "processor": {"name": PROCESSOR_NAME, "version": processor_version()},
        "succeeded": sum(e["status"] == "succeeded" for e in results),
        "failed": sum(e["status"] == "failed" for e in results),
        "results": results,
    }


def _arguments():
    parser = argparse.ArgumentParser(
        prog="compchem-md-summary",
        description="Summarise and check molecular dynamics runs (GROMACS, AMBER, LAMMPS).",
    )
    parser.add_argument("input_dir", type=Path, help="directory of files to read")
    parser.add_argument("output_dir", type=Path, help="directory for the results")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="seconds allowed per simulation (default: %(default)s)",
    )
    return parser


def main(argv=None):
    """Console entry point; returns the exit code (0 ok, 1 failures, 2 usage)."""
    parser = _arguments()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    if not 0 < args.timeout < float("inf"):
        parser.print_usage(sys.stderr)
        print("error: --timeout must be a positive number", file=sys.stderr)
        return 2
    if not args.input_dir.is_dir():
        print(
            f"error: input directory {args.input_dir} does not exist", file=sys.stderr
        )
        return 2
    if not any(p.is_file() for p in args.input_dir.iterdir()):
        print(f"error: input directory {args.input_dir} has no files", file=sys.stderr)
        return 2
    try:
        manifest = process_directory(args.input_dir, args.output_dir, args.timeout)
        _write(args.output_dir / MANIFEST_NAME, json.dumps(manifest, indent=2) + "\n")
    except ImportError as exc:
        print(f"error: a reader library is not installed ({exc})", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"{manifest['succeeded']} of {len(manifest['results'])} inputs succeeded;"
        f" manifest: {MANIFEST_NAME}",
        flush=True,
    )
    return 0 if manifest["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
