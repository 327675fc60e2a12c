# SPDX-License-Identifier: MIT
"""The processors' loop over a run's inputs and their command line.

The inputs are grouped first (:mod:`._grouping`): files that belong together
(an ORCA output with its ``.hess``, a TURBOMOLE job folder, a VASP OUTCAR
with its vasprun.xml) give ONE summary, named after the group's primary
file; every input still gets its entry in ``results.json``, the companions
naming the file they were summarised with (``summarised_with``).
"""

import argparse
import json
import sys
from pathlib import Path

from ._cclib_reasons import ParseFailure
from ._isolation import inputs_of, run_isolated, write_atomic

MANIFEST_NAME = "results.json"
SUMMARY_SUFFIX = ".summary.json"

_SUMMARY_JSON = json.JSONEncoder(indent=2, allow_nan=False)
"""One encoder for every summary (``json.dumps`` builds one per call)."""


def store(primary, value, output_dir, geometry_suffix):
    """Write the summary (and geometry) of one group; return their names."""
    summary, geometry = value
    name = primary.name + SUMMARY_SUFFIX
    text = _SUMMARY_JSON.encode(summary) + "\n"
    write_atomic(output_dir / name, text)
    outputs = [name]
    if geometry is not None:
        write_atomic(output_dir / (primary.name + geometry_suffix), geometry)
        outputs.append(primary.name + geometry_suffix)
    return outputs


def process_groups(
    input_dir, output_dir, timeout, grouper, describe, geometry_suffix, processor
):
    """Summarise every group of ``input_dir``; return the manifest dict.

    ``grouper(inputs)`` gives ``(groups, refused)``: :class:`~._grouping.Group`
    objects, whose ``reader`` and ``args`` run in the child, and
    ``{path: reason}`` of inputs that cannot be read on their own. A reader
    raises :class:`ParseFailure` with the depositor's reason;
    ``describe(exc, args)`` words any other exception (see
    :func:`run_isolated`). ``processor`` is the manifest's ``processor``.
    """
    isolation = {"expected": (ParseFailure,), "describe": describe}
    input_dir, output_dir = Path(input_dir), Path(output_dir)
    inputs = inputs_of(input_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    groups, refused = grouper(inputs)
    entries = refused_entries(refused)
    for number, group in enumerate(groups, start=1):
        entries.update(
            summarise_group(
                (number, len(groups)),
                group.members(),
                group.primary,
                lambda: run_isolated(group.reader, group.args, timeout, **isolation),
                lambda value: store(group.primary, value, output_dir, geometry_suffix),
                lambda path: {"role": group.companions[path]}
                if path in group.companions
                else {},
            )
        )
    return manifest(processor, inputs, entries, refused)


def summarise_group(progress, members, primary, run, write, extra):
    """Read one group and write its results; its manifest entries by path.

    ``run()`` gives ``(status, value)``, ``write(value)`` the names of the
    files written; ``extra(path)`` adds a processor's own fields to an entry
    (see :func:`member_entries`); ``progress`` is ``(number, total)``.
    """
    status, value = run()
    outputs = []
    if status == "ok":
        try:
            outputs = write(value)
        except (OSError, ValueError) as exc:
            status, value = "failed", f"results could not be written ({exc})"
    report(*progress, members, status, value)
    return member_entries(members, primary, (status, value, outputs), extra)


def refused_entries(refused):
    """Manifest entries of the inputs refused before reading, by path."""
    return {
        p: {"input": p.name, "status": "failed", "outputs": [], "reason": r}
        for p, r in refused.items()
    }


def member_entries(members, primary, outcome, extra):
    """Manifest entries of a group's members, by path.

    ``outcome`` is ``(status, value, outputs)`` of the group; the primary
    gets the outputs, the others name it (``summarised_with``); ``extra(path)``
    adds a processor's own fields.
    """
    status, value, outputs = outcome
    entries = {}
    for path in members:
        entry = {"input": path.name, "status": "succeeded", "outputs": []}
        entry.update(extra(path))
        if path == primary:
            entry["outputs"] = outputs
        else:
            entry["summarised_with"] = primary.name
        if status != "ok":
            entry.update(status="failed", reason=value)
        entries[path] = entry
    return entries


def report(number, total, members, status, value):
    """The progress line of one group, for the step log."""
    outcome = "ok" if status == "ok" else f"failed: {value}"
    names = ", ".join(p.name for p in members)
    print(f"[{number}/{total}] {names}: {outcome}", flush=True)


def manifest(processor, inputs, entries, refused):
    """The manifest of a run, its results in input order."""
    for path, reason in refused.items():
        print(f"{path.name}: failed: {reason}", flush=True)
    results = [entries[p] for p in inputs]
    return {
        "processor": processor,
        "succeeded": sum(e["status"] == "succeeded" for e in results),
        "failed": sum(e["status"] == "failed" for e in results),
        "results": results,
    }


def _arguments(prog, description, default_timeout, per):
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("input_dir", type=Path, help="directory of files to read")
    parser.add_argument("output_dir", type=Path, help="directory for the results")
    parser.add_argument(
        "--timeout",
        type=float,
        default=default_timeout,
        help=f"seconds allowed per {per} (default: %(default)s)",
    )
    return parser


def run_command(argv, prog, description, process, default_timeout, per="file"):
    """The command line shared by the processors: arguments, exit codes.

    ``process(input_dir, output_dir, timeout)`` returns the manifest.
    """
    parser = _arguments(prog, description, default_timeout, per)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on usage errors and --help
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
    if not inputs_of(args.input_dir):
        print(f"error: input directory {args.input_dir} has no files", file=sys.stderr)
        return 2
    try:
        manifest = process(args.input_dir, args.output_dir, args.timeout)
        text = json.dumps(manifest, indent=2) + "\n"
        write_atomic(args.output_dir / MANIFEST_NAME, text)
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
