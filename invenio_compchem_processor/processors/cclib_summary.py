# SPDX-License-Identifier: MIT
"""The ``cclib-summary`` processor: summary and final geometry via cclib.

Usage: ``compchem-cclib-summary INPUT_DIR OUTPUT_DIR [--timeout SECONDS]``.
For each input ``NAME`` it writes ``NAME.summary.json`` and, when the output
holds coordinates, ``NAME.xyz``; ``results.json`` lists every input's status.
The contract shared by all processors is in :mod:`..processors`.

cclib parsers are third-party code that may raise, loop or crash on outputs
they do not know (ORCA 6 with cclib 1.8), so every file is read in a forked
child process that is killed when it exceeds the timeout.
"""

import argparse
import json
import logging
import multiprocessing
import os
import sys
from pathlib import Path

from ._cclib_reasons import ParseFailure, failure_reason
from ._summaries import SUMMARY_VERSION, from_cclib

PROCESSOR_NAME = "cclib-summary"
DEFAULT_TIMEOUT = 300
MANIFEST_NAME = "results.json"
SUMMARY_SUFFIX = ".summary.json"
XYZ_SUFFIX = ".xyz"

__all__ = (
    "SUMMARY_VERSION",
    "ParseFailure",
    "inputs_of",
    "main",
    "process_directory",
    "read_output",
    "run_command",
    "summarize",
)


def processor_version():
    """Version of this package, or ``"unknown"`` when it is not importable."""
    try:
        from invenio_compchem_processor import __version__

        return str(__version__)
    except Exception:  # the script may run without the Invenio stack
        pass
    try:
        from importlib.metadata import version

        return version("invenio-compchem-processor")
    except Exception:
        return "unknown"


def _cclib_version():
    import cclib

    return cclib.__version__


def _processor():
    return {
        "name": PROCESSOR_NAME,
        "version": processor_version(),
        "cclib_version": _cclib_version(),
    }


def read_output(path):
    """Parse ``path`` and return ``(summary, xyz_text_or_None)``.

    cclib reads it; ORCA outputs cclib cannot read (ORCA 6) go to the ASE
    fallback. Raises :class:`ParseFailure` with a depositor-readable reason.
    Runs in the child process of :func:`run_one`.
    """
    return from_cclib(path, _processor())


def inputs_of(input_dir):
    """The regular files of ``input_dir``, sorted; symlinks are not followed,
    so that a run reads only the files it was given."""
    return sorted(
        p for p in Path(input_dir).iterdir() if p.is_file() and not p.is_symlink()
    )


def summarize(path):
    """Summary dict of one output file (see ``docs/processors.rst``).

    Parses in the calling process, without timeout; raises
    :class:`ParseFailure` when the file cannot be read.
    """
    return read_output(path)[0]


def _child(conn, path, reader):
    """Child process body: send ``("ok", result)`` or ``("failed", reason)``."""
    try:
        # Some cclib parsers print(); stdout belongs to the progress lines.
        sys.stdout.flush()
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    logging.getLogger("cclib").setLevel(logging.ERROR)  # no per-byte decode noise
    try:
        result = ("ok", reader(path))
    except ParseFailure as exc:
        result = ("failed", str(exc))
    except BaseException as exc:  # anything else from third-party parsing code
        result = ("failed", failure_reason(Path(path), None, exc))
    conn.send(result)
    conn.close()


def _context():
    # fork: the child needs no re-import of the (heavy) package and any reader
    # callable works; spawn is the fallback on platforms without fork.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def run_one(path, timeout, reader=read_output):
    """Run ``reader(path)`` in a child process; never raises, never hangs.

    Returns ``("ok", reader_result)`` or ``("failed", reason)``.
    """
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(sender, str(path), reader), daemon=True)
    child.start()
    sender.close()
    result = timed_out = None
    try:
        if receiver.poll(timeout):
            result = receiver.recv()
        else:
            timed_out = True
            result = ("failed", f"parsing took longer than {timeout:g} s")
    except (EOFError, OSError):
        pass  # the child died before sending: reported below with its exit code
    finally:
        receiver.close()
        if timed_out:
            child.kill()
        child.join(5)
        if child.is_alive():
            child.kill()
            child.join()
    if result is None:
        result = ("failed", f"the parser crashed (exit code {child.exitcode})")
    return result


def _write(path, text):
    """Write via a temporary name so that readers never see half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def process_directory(
    input_dir,
    output_dir,
    timeout=DEFAULT_TIMEOUT,
    reader=read_output,
    processor=None,
    geometry_suffix=XYZ_SUFFIX,
):
    """Process every regular file of ``input_dir``; return the manifest dict.

    ``reader`` is the function run in the child for each file (tests use a
    blocking one for the timeout); ``processor`` and ``geometry_suffix`` let
    another processor (periodic-summary) share this loop.
    """
    input_dir, output_dir = Path(input_dir), Path(output_dir)
    if processor is None:
        processor = _processor()  # imports cclib once, before the forks
    inputs = inputs_of(input_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    for number, path in enumerate(inputs, start=1):
        status, value = run_one(path, timeout, reader)
        entry = {"input": path.name, "status": "succeeded", "outputs": []}
        if status == "ok":
            summary, xyz = value
            try:
                name = path.name + SUMMARY_SUFFIX
                text = json.dumps(summary, indent=2, allow_nan=False) + "\n"
                _write(output_dir / name, text)
                entry["outputs"].append(name)
                if xyz is not None:
                    _write(output_dir / (path.name + geometry_suffix), xyz)
                    entry["outputs"].append(path.name + geometry_suffix)
            except (OSError, ValueError) as exc:
                status, value = "failed", f"results could not be written ({exc})"
        if status != "ok":
            entry.update(status="failed", reason=value)
        entries.append(entry)
        outcome = "ok" if status == "ok" else f"failed: {value}"
        print(f"[{number}/{len(inputs)}] {path.name}: {outcome}", flush=True)
    return {
        "processor": processor,
        "succeeded": sum(e["status"] == "succeeded" for e in entries),
        "failed": sum(e["status"] == "failed" for e in entries),
        "results": entries,
    }


def _arguments(prog, description):
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("input_dir", type=Path, help="directory of files to read")
    parser.add_argument("output_dir", type=Path, help="directory for the results")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help="seconds allowed per file (default: %(default)s)",
    )
    return parser


def main(argv=None):
    """Console entry point; returns the exit code (0 ok, 1 failures, 2 usage)."""
    return run_command(
        argv,
        "compchem-cclib-summary",
        "Summarise computational chemistry outputs with cclib.",
        lambda input_dir, output_dir, timeout: process_directory(
            input_dir, output_dir, timeout
        ),
    )


def run_command(argv, prog, description, process):
    """The command line shared by the processors: arguments, exit codes."""
    parser = _arguments(prog, description)
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
        _write(args.output_dir / MANIFEST_NAME, json.dumps(manifest, indent=2) + "\n")
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
