# SPDX-License-Identifier: MIT
"""md-summary on growing trajectories: throughput and peak memory.

    python benchmarks/bench_md.py [--sizes 2,200,2000] [--workdir DIR]

Each size (MB) is a trajectory made from a small real one by repetition:
tests/data/md/mdanalysis/aux_edr.xtc (lysozyme in water, 33,876 atoms,
about 124 kB a frame) written N times end to end, which is a valid XTC
file because every XTC frame is a self-contained record. It is summarised
with its run input (aux_edr.tpr) by ``process_directory``, in a fresh
Python process per size, and the script prints:

* wall time and MB/s (trajectory bytes / wall time, everything included:
  content recognition, SHA-256 of every input, frame offsets, strided box
  statistics, the last frame written as PDB, ``gmx dump`` of the run input);
* peak resident memory of the process that read the files (the child that
  ``md.isolation`` forks), from ``getrusage(RUSAGE_CHILDREN)``;
* the same for a bare full decode of every frame with MDAnalysis, as the
  reference of what reading the trajectory costs at all.

The goal is flat memory: the peak must not grow with the trajectory.

    python benchmarks/bench_md.py --sweep DIR

runs the processor on every file under ``DIR`` alone (for example the
``MDAnalysisTests/data`` folder of the ``mdanalysistests`` sdist) and counts
the outcomes: summarised, not an MD file, trajectory without its topology,
read failures (each printed with its reason), and the slowest file.
"""

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).parents[1] / "tests" / "data" / "md" / "mdanalysis"

_PROCESSOR = """
import json, resource, sys, time
from invenio_compchem_processor.processors.md_summary import process_directory
start = time.perf_counter()
manifest = process_directory(sys.argv[1], sys.argv[2], timeout=3600)
wall = time.perf_counter() - start
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"wall": wall, "child_kb": child, "self_kb": own,
                  "failed": manifest["failed"],
                  "reasons": [e.get("reason") for e in manifest["results"]]}))
"""

_BARE = """
import json, resource, sys, time, warnings
warnings.simplefilter("ignore")
import MDAnalysis
start = time.perf_counter()
universe = MDAnalysis.Universe(sys.argv[1], sys.argv[2])
frames = sum(1 for _ in universe.trajectory)
wall = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"wall": wall, "self_kb": own, "frames": frames}))
"""


def build_trajectory(path, megabytes):
    """Write ``aux_edr.xtc`` end to end until the file reaches ``megabytes``."""
    unit = (DATA / "aux_edr.xtc").read_bytes()
    copies = max(1, round(megabytes * 1024**2 / len(unit)))
    with open(path, "wb") as fp:
        for _ in range(copies):
            fp.write(unit)
    return path.stat().st_size


def _python(code, *args):
    output = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure(workdir, megabytes):
    """One size: the processor's and the bare decode's figures."""
    case = Path(tempfile.mkdtemp(dir=workdir))
    inputs = case / "in"
    inputs.mkdir()
    shutil.copy(DATA / "aux_edr.tpr", inputs / "big.tpr")
    size = build_trajectory(inputs / "big.xtc", megabytes)
    bare_dir = case / "bare"  # MDAnalysis leaves its offsets cache beside the file
    bare_dir.mkdir()
    for name in ("big.tpr", "big.xtc"):
        os.symlink(inputs / name, bare_dir / name)
    try:
        # Page cache warm for both, so that they compare reading, not the disk.
        _python(_BARE, bare_dir / "big.tpr", bare_dir / "big.xtc")
        bare = _python(_BARE, bare_dir / "big.tpr", bare_dir / "big.xtc")
        run = _python(_PROCESSOR, inputs, case / "out")
        summary = json.loads((case / "out" / "big.tpr.md.json").read_text())
    finally:
        shutil.rmtree(case)
    return size, run, bare, summary["trajectory"]


def sweep(directory, workdir):
    """Every file under ``directory`` alone through the processor; print outcomes."""
    from invenio_compchem_processor.processors.md_summary import process_directory

    counts, slowest = {}, (0.0, None)
    files = sorted(p for p in Path(directory).rglob("*") if p.is_file())
    for path in files:
        case = Path(tempfile.mkdtemp(dir=workdir))
        (case / "in").mkdir()
        shutil.copy(path, case / "in" / path.name)
        start = time.perf_counter()
        with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
            (entry,) = process_directory(case / "in", case / "out", 60)["results"]
        slowest = max(slowest, (time.perf_counter() - start, path.name))
        shutil.rmtree(case)
        reason = entry.get("reason", "")
        if entry["status"] == "succeeded":
            outcome = "summarised"
        elif reason.startswith("not a molecular dynamics file"):
            outcome = "not an MD file"
        elif reason.startswith("a trajectory needs"):
            outcome = "trajectory without its topology"
        else:
            outcome = "read failure"
            print(f"{path.relative_to(directory)}: {reason}")
        counts[outcome] = counts.get(outcome, 0) + 1
    print(f"{len(files)} files: {counts}; slowest {slowest[1]} {slowest[0]:.1f} s")


def main(argv=None):
    """Measure every size and print one line each (or sweep a directory)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2,200,2000", help="MB, comma-separated")
    parser.add_argument("--workdir", default=None, help="where the files are built")
    parser.add_argument("--sweep", default=None, help="directory of MD files")
    args = parser.parse_args(argv)
    workdir = args.workdir or tempfile.gettempdir()
    if args.sweep:
        sweep(Path(args.sweep), workdir)
        return 0
    print(
        f"{'size MB':>8} {'frames':>7} {'read':>5} {'wall s':>7} {'MB/s':>7}"
        f" {'peak MB':>8} | {'bare s':>7} {'MB/s':>7} {'peak MB':>8}"
    )
    for megabytes in (float(s) for s in args.sizes.split(",")):
        size, run, bare, trajectory = measure(workdir, megabytes)
        assert run["failed"] == 0, run
        mb = size / 1024**2
        print(
            f"{mb:8.0f} {trajectory['frames']:7d} {trajectory['sampled_frames']:5d}"
            f" {run['wall']:7.2f} {mb / run['wall']:7.1f} {run['child_kb'] / 1024:8.0f}"
            f" | {bare['wall']:7.2f} {mb / bare['wall']:7.1f}"
            f" {bare['self_kb'] / 1024:8.0f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    sys.exit(main())
