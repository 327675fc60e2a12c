# SPDX-License-Identifier: MIT
"""What cclib-summary costs on top of the bare parse, and its peak memory.

Run with ``python benchmarks/bench_processors.py [--rounds N] [--big-mb MB]``.

1. Files per second over the shipped samples (``tests/data/compchem``), in
   the same run: the bare parser (``cclib.io.ccread``; ``ase.io.read`` for
   the ORCA 6 files) against the processor's reading of a file
   (``read_output``: the parse, the evidence scan with the SHA-256, the
   fields, the verdicts and the geometry text), and against that reading
   followed by the writing of the summary and geometry files, as the
   processor's loop does. Files the processor refuses before parsing are
   left out. The same for periodic-summary over
   ``tests/data/compchem/periodic`` against ``ase.io.read`` of all ionic
   steps. Every file is run by all three back to back, their order rotating
   from file to file and round to round, so that load on the machine falls
   on all three alike; times are CPU seconds of this process
   (``time.process_time``), each call after a garbage collection. The
   overhead is the median over rounds of the processor's CPU over the bare
   parse's for the whole set, printed with its quartiles and range, then
   the files with the largest extra CPU and the median extra per file.
2. Files read together, the same way: a TURBOMOLE job folder
   (``cclib.io.ccread`` of its files against ``read_turbomole``), an ORCA 6
   output with its ``.hess`` (``ase.io.read`` of the output against
   ``read_with_hessian``) and a VASP OUTCAR with its vasprun.xml (ASE on both
   against ``read_vasp_pair``).
3. Peak memory (max RSS of a forked child) reading one large input, built by
   concatenating copies of ``gaussian16-dvb_gopt.out`` into a multi-job
   Gaussian log of about ``--big-mb`` MB, bare parse against processor, and
   the processor's CPU time over the bare parse's.
"""

import argparse
import atexit
import gc
import logging
import multiprocessing
import os
import resource
import shutil
import statistics
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

import ase.io  # noqa: E402
import cclib  # noqa: E402

from invenio_compchem_processor.processors import (  # noqa: E402
    periodic_summary,
)
from invenio_compchem_processor.processors._directory import store  # noqa: E402
from invenio_compchem_processor.processors._grouping import (  # noqa: E402
    qm_groups,
    vasp_groups,
)
from invenio_compchem_processor.processors._periodic_formats import (  # noqa: E402
    sniff,
)
from invenio_compchem_processor.processors._periodic_readers import (  # noqa: E402
    read_cp2k,
)
from invenio_compchem_processor.processors.cclib_summary import (  # noqa: E402
    read_output,
    read_turbomole,
    read_with_hessian,
)

DATA = ROOT / "tests" / "data" / "compchem"
REFUSED = {
    "gamess2018-water_mp2.inp",
    "molpro2012-dvb_gopt.log",
    "gaussian16-header-garbage.out",
}


PERIODIC = DATA / "periodic"


def periodic_samples():
    return sorted(p for p in PERIODIC.iterdir() if sniff(p) is not None)


def bare_periodic(path):
    """ASE's reader alone (CP2K: the processor's own, which ASE lacks)."""
    fmt = sniff(path)
    if fmt.reader == "cp2k":
        return read_cp2k(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ase.io.read(str(path), format=fmt.reader, index=":")


def samples():
    return sorted(
        p
        for p in DATA.iterdir()
        if p.suffix in (".out", ".log", ".fchk") and p.name not in REFUSED
    )


def bare_parse(path):
    """What a caller of the parsing library alone would run."""
    if path.name.startswith("orca6-"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ase.io.read(str(path), format="orca-output", index=-1)
    return cclib.io.ccread(str(path), loglevel=logging.CRITICAL)


OUTPUT = Path(tempfile.mkdtemp(prefix="bench-processors-"))
atexit.register(shutil.rmtree, OUTPUT, ignore_errors=True)


def written(reader, suffix):
    """The processor's whole work on an item: read it, then write its
    summary and geometry as the processor's loop does.

    Each pass over an item writes into a directory of its own (the first
    item of a round makes it, under a directory of this set's own), as a
    run writes its results once into a new output directory: writing over
    the previous round's files would add the freeing of their blocks, which
    no run pays."""
    passes, made, root = {}, set(), Path(tempfile.mkdtemp(dir=OUTPUT))

    def process(item):
        primary = item[0] if isinstance(item, tuple) else item
        passes[item] = passes.get(item, 0) + 1
        directory = root / str(passes[item])
        if directory not in made:
            directory.mkdir()
            made.add(directory)
        return store(primary, reader(item), directory, suffix)

    return process


def cpu_seconds(function, item):
    """CPU seconds of this process running ``function(item)``: the machine's
    other load does not count. A collection first, so that a pending one
    does not land on whichever call comes next."""
    gc.collect()
    started = time.process_time()
    function(item)
    return time.process_time() - started


def _size(item):
    return sum(p.stat().st_size for p in (item if isinstance(item, tuple) else (item,)))


def _quartiles(values):
    if len(values) < 2:
        return values[0], values[0]
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q1, q3


def interleaved(rounds, items, functions):
    """Per round, each item run by every function back to back, the order
    rotating from item to item; returns per function the per-round CPU totals
    and per item its CPU seconds of each round."""
    for item in items:  # warm up: imports, caches, the first reads
        for function in functions:
            function(item)
    totals = [[0.0] * rounds for _ in functions]
    times = {item: [[] for _ in functions] for item in items}
    for round_ in range(rounds):
        for index, item in enumerate(items):
            shift = (round_ + index) % len(functions)
            for k in [*range(shift, len(functions)), *range(shift)]:
                seconds = cpu_seconds(functions[k], item)
                totals[k][round_] += seconds
                times[item][k].append(seconds)
    return totals, times


def _label(item):
    return "+".join(p.name for p in item) if isinstance(item, tuple) else item.name


def _percent(ratio):
    return f"{100 * (ratio - 1):+.1f} %"


def bench_throughput(rounds, paths, bare, reader, suffix, name, unit="files", worst=3):
    """Files per second of the bare parse, of the processor's reading and of
    its reading and writing (summary and geometry files), and the overheads:
    the median over rounds of (processor CPU / bare CPU) over the whole set,
    with quartiles and range, so that no single noisy round decides."""
    size = sum(_size(p) for p in paths) / 1e6
    labels = ("bare parser", f"{name}: read", f"{name}: read + write")
    totals, times = interleaved(rounds, paths, [bare, reader, written(reader, suffix)])
    print(
        f"\n{name} samples: {len(paths)} {unit}, {size:.1f} MB; {rounds} rounds, "
        "each item run by all three back to back; CPU seconds of the median round"
    )
    print(f"{'':36}{'CPU s':>10}{unit + '/s':>10}{'MB/s':>8}")
    for label, total in zip(labels, totals):
        seconds = statistics.median(total)
        print(
            f"{label:<36}{seconds:>10.3f}{len(paths) / seconds:>10.1f}"
            f"{size / seconds:>8.2f}"
        )
    for label, total in zip(labels[1:], totals[1:]):
        ratios = sorted(t / b for t, b in zip(total, totals[0]))
        q1, q3 = _quartiles(ratios)
        print(
            f"overhead of {label} over the bare parse: "
            f"{_percent(statistics.median(ratios))} (median of {rounds} rounds; "
            f"quartiles {_percent(q1)} to {_percent(q3)}, "
            f"range {_percent(ratios[0])} to {_percent(ratios[-1])})"
        )
    extra = sorted(
        (
            (statistics.median(t[2]) - statistics.median(t[0]), item)
            for item, t in times.items()
        ),
        key=lambda pair: pair[0],
        reverse=True,
    )
    shown = ", ".join(f"{_label(i)} {1e3 * e:.2f} ms" for e, i in extra[:worst])
    print(f"largest extra CPU per {unit[:-1]} (read + write, median): {shown}")
    fixed = statistics.median(e for e, _ in extra)
    print(f"median extra CPU per {unit[:-1]}: {1e3 * fixed:.2f} ms")


TURBOMOLE = DATA / "turbomole"


def _qm_summary(files):
    """The processor's way: group by content, then read the one group."""
    (group,), _ = qm_groups(list(files), read_output, read_with_hessian, read_turbomole)
    return group.reader(*group.args)


def _vasp_summary(files):
    formats = {p: sniff(p) for p in files}
    (group,), _ = vasp_groups(
        list(files), formats, None, periodic_summary.read_vasp_pair
    )
    return group.reader(*group.args)


def groups():
    """``(files, bare reader, processor reader)`` of each shipped group."""
    periodic = DATA / "periodic"
    vasp = (
        periodic / "vasp5-Fe2O2-relax-OUTCAR",
        periodic / "vasp5-Fe2O2-relax-vasprun.xml",
    )
    return [
        (
            tuple(sorted((TURBOMOLE / "water_mp2").iterdir())),
            lambda files: cclib.io.ccread(
                [str(p) for p in files], loglevel=logging.CRITICAL
            ),
            _qm_summary,
        ),
        (
            (DATA / "orca6-NH3_freq.out", DATA / "orca6-NH3_freq.hess"),
            lambda files: bare_parse(files[0]),
            _qm_summary,
        ),
        (vasp, lambda files: [bare_periodic(p) for p in files], _vasp_summary),
    ]


def bench_groups(rounds):
    """Files read together: the bare parse of every member against one summary."""
    cases = groups()
    items = [files for files, _, _ in cases]
    bare = {files: b for files, b, _ in cases}
    joined = {files: j for files, _, j in cases}
    bench_throughput(
        rounds,
        items,
        lambda files: bare[files](files),
        lambda files: joined[files](files),
        ".xyz",
        "files read together",
        unit="groups",
    )


def _peak_child(function, path, queue):
    before = resource.getrusage(resource.RUSAGE_SELF)
    function(path)
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    queue.put((after.ru_maxrss / 1024, cpu))


def peak_rss_mb(function, path):
    """Max RSS (MB) of a forked child running ``function(path)``, and its CPU s."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_peak_child, args=(function, path, queue))
    child.start()
    peak, cpu = queue.get()
    child.join()
    return peak, cpu


def _noop(path):
    pass


def bench_memory(big_mb):
    source = (DATA / "gaussian16-dvb_gopt.out").read_bytes()
    copies = max(1, int(big_mb * 1e6 / len(source)))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big-gaussian.log"
        with open(path, "wb") as fp:
            for _ in range(copies):
                fp.write(source)
            # Written back before the measurements: else the first child
            # pays for the kernel flushing 200 MB of dirty pages (measured:
            # the bare parse 8-14 % slower than the processor after it).
            fp.flush()
            os.fsync(fp.fileno())
        size = path.stat().st_size / 1e6
        print(f"\nlarge input: {copies} jobs of gaussian16-dvb_gopt.out, {size:.0f} MB")
        base, _ = peak_rss_mb(_noop, path)
        print(f"{'':24}{'peak RSS MB':>12}{'CPU s':>10}")
        print(f"{'forked child, idle':<24}{base:>12.0f}{'':>10}")
        cpu = []
        for label, function in (
            ("bare parser", bare_parse),
            ("cclib-summary", read_output),
        ):
            peak, seconds = peak_rss_mb(function, path)
            cpu.append(seconds)
            print(f"{label:<24}{peak:>12.0f}{seconds:>10.1f}")
        print(f"processor overhead over the bare parse: {_percent(cpu[1] / cpu[0])}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds", type=int, default=15, help="rounds over all samples (15)"
    )
    parser.add_argument(
        "--big-mb",
        type=float,
        default=200,
        help="size of the large input in MB; 0 leaves the memory part out (200)",
    )
    args = parser.parse_args()
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    bench_throughput(
        args.rounds, samples(), bare_parse, read_output, ".xyz", "cclib-summary"
    )
    bench_throughput(
        args.rounds,
        periodic_samples(),
        bare_periodic,
        periodic_summary.read_output,
        periodic_summary.GEOMETRY_SUFFIX,
        "periodic-summary",
    )
    bench_groups(args.rounds)
    if args.big_mb > 0:
        bench_memory(args.big_mb)


if __name__ == "__main__":
    main()
