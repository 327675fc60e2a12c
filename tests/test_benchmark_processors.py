# SPDX-License-Identifier: MIT
"""The processor benchmark runs end to end (one round, no large input), so
that a change to it or to the processors cannot leave it broken."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_processor_benchmark_prints_every_overhead():
    done = subprocess.run(
        [sys.executable, "benchmarks/bench_processors.py", "--rounds", "1", "--big-mb", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    overheads = re.findall(
        r"^overhead of (.+?) over the bare parse: [+-]\d+\.\d %", done.stdout, re.M
    )
    assert overheads == [
        "cclib-summary: read",
        "cclib-summary: read + write",
        "periodic-summary: read",
        "periodic-summary: read + write",
    ] + overheads[4:]
    assert len(overheads) > 4  # the files read together
