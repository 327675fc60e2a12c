# SPDX-License-Identifier: MIT
"""Starting a step's processor: forked warm from the zygote, or as a subprocess.

Real processes throughout: the worker's zygote, its forked children, the
shipped ``compchem-cclib-summary`` and the misbehaving processors of
:mod:`.fake_processors`.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from invenio_compchem_processor.engines.local import forkserver, processes
from invenio_compchem_processor.engines.local.forkserver import (
    ForkServer,
    WarmProcess,
    warm_target,
)
from invenio_compchem_processor.engines.local.processes import Subprocess
from invenio_compchem_processor.engines.local.supervision import kill_group
from tests.support.drafts import SAMPLES

SAMPLE = "psi4-water_mp2.out"
CCLIB_SUMMARY = os.path.join(os.path.dirname(sys.executable), "compchem-cclib-summary")
FAKE = [sys.executable, "-m", "tests.engines.local.fake_processors"]
ROOT = str(SAMPLES.parents[2])
"""On ``PYTHONPATH``, so that a subprocess finds :mod:`.fake_processors` too."""


@pytest.fixture(scope="module")
def zygote():
    """This process's zygote, as a worker process has one; stopped at the end."""
    server = forkserver.shared(["numpy"])
    server.ping()
    yield server
    server.stop()


@pytest.fixture()
def work(tmp_path):
    """A step's scratch directory: ``in/`` with one sample, ``out/``."""
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    shutil.copy(SAMPLES / SAMPLE, tmp_path / "in" / SAMPLE)
    return tmp_path


def _start(argv, work, warm=True, memory=None, env=None):
    return processes.start(
        [*argv, str(work / "in"), str(work / "out")],
        cwd=str(work),
        env={"PATH": os.environ["PATH"], "PYTHONPATH": ROOT, **(env or {})},
        memory=memory,
        warm=warm,
    )


def _finish(process, timeout=60):
    output = process.stdout.read().decode()
    return process.wait(timeout), output


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie of this process is dead too
        with open(f"/proc/{pid}/stat") as fp:
            return fp.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def _gone(pids, timeout=10):
    deadline = time.monotonic() + timeout
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(_alive(pid) for pid in pids)


def test_only_our_python_entry_points_are_started_warm():
    assert warm_target(["compchem-cclib-summary"]) == {
        "entry": "invenio_compchem_processor.processors.cclib_summary:main"
    }
    assert warm_target([CCLIB_SUMMARY]) == warm_target(["compchem-cclib-summary"])
    assert warm_target([sys.executable, "-m", "some.module", "x"]) == {
        "module": "some.module"
    }
    assert warm_target([sys.executable, "-c", "print(1)"]) is None
    assert warm_target(["sleep", "1"]) is None
    assert warm_target(["/bin/sh", "-c", "true"]) is None


def test_warm_results_are_the_cold_results(zygote, work, tmp_path_factory):
    warm = _start([CCLIB_SUMMARY], work)
    assert isinstance(warm, WarmProcess)
    assert _finish(warm) == (
        0,
        f"[1/1] {SAMPLE}: ok\n1 of 1 inputs succeeded; manifest: results.json\n",
    )
    warm_files = {p.name: p.read_bytes() for p in (work / "out").iterdir()}
    shutil.rmtree(work / "out")
    (work / "out").mkdir()

    cold = _start([CCLIB_SUMMARY], work, warm=False)
    assert isinstance(cold, Subprocess)
    assert _finish(cold)[0] == 0
    cold_files = {p.name: p.read_bytes() for p in (work / "out").iterdir()}

    assert set(warm_files) == {
        f"{SAMPLE}.summary.json",
        f"{SAMPLE}.xyz",
        "results.json",
    }
    assert warm_files == cold_files


@pytest.mark.parametrize("warm", [True, False], ids=["warm", "cold"])
def test_the_processor_gets_its_session_environment_and_limit(zygote, work, warm):
    process = _start(
        [*FAKE, "describe"], work, warm=warm, memory=3 << 30, env={"EXTRA": "yes"}
    )
    assert isinstance(process, WarmProcess if warm else Subprocess)
    code, output = _finish(process)
    assert (code, output) == (0, "described\nto stderr\n")
    facts = json.loads((work / "out" / "facts.json").read_text())
    facts["env"].pop("LC_CTYPE", None)  # Python's own C locale coercion (PEP 538)
    assert facts["env"] == {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": ROOT,
        "EXTRA": "yes",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    assert facts["memory_limit"] == 3 << 30
    assert facts["session_leader"] and facts["group_leader"]
    assert facts["threads"] == 1
    assert facts["cwd"] == str(work)
    assert facts["argv"] == ["describe", str(work / "in"), str(work / "out")]


def test_the_memory_limit_refuses_a_large_allocation(zygote, work):
    assert _finish(_start([*FAKE, "allocate"], work, memory=1 << 30)) == (
        3,
        "MemoryError\n",
    )


@pytest.mark.parametrize(
    "behaviour, code, output",
    [
        ("exit", 7, "leaving with os._exit(7)\n"),
        ("segfault", -signal.SIGSEGV, "about to crash\n"),
    ],
)
def test_a_crashing_child_is_an_exit_status_and_the_zygote_serves_on(
    zygote, work, behaviour, code, output
):
    zygote_pid = zygote.ping()["pid"]
    process = _start([*FAKE, behaviour], work)
    assert isinstance(process, WarmProcess)
    assert _finish(process) == (code, output)

    assert zygote.ping()["pid"] == zygote_pid
    assert _finish(_start([CCLIB_SUMMARY], work))[0] == 0


def _pids(process):
    line = process.stdout.readline().decode()
    assert line.startswith("pids "), line
    return [int(pid) for pid in line.split()[1:]]


@pytest.mark.parametrize("warm", [True, False], ids=["warm", "cold"])
def test_killing_the_group_ends_the_child_and_its_children(zygote, work, warm):
    process = _start([*FAKE, "sleep"], work, warm=warm)
    pids = _pids(process)
    with pytest.raises(subprocess.TimeoutExpired):
        process.wait(0.2)

    kill_group(process, 2)

    assert process.returncode == -signal.SIGTERM
    assert _gone(pids)


def test_wait_returns_when_the_child_exits_not_at_the_timeout(zygote, work):
    process = _start([*FAKE, "exit"], work)
    started = time.monotonic()
    assert process.wait(30) == 7
    assert time.monotonic() - started < 10


def test_a_zygote_that_dies_fails_the_step_and_is_started_again(work):
    server = ForkServer(["numpy"]).start()
    try:
        process = server.run(
            warm_target([*FAKE, "sleep"]),
            [*FAKE, "sleep", str(work / "in"), str(work / "out")],
            str(work),
            {"PATH": os.environ["PATH"]},
        )
        pids = _pids(process)
        old = server.process.pid
        os.kill(old, signal.SIGKILL)

        assert process.wait(10) == -signal.SIGKILL
        assert _gone(pids)
        assert server.ping()["pid"] != old
    finally:
        server.stop()


def test_a_module_the_zygote_cannot_import_runs_as_a_subprocess(zygote, work):
    process = _start([sys.executable, "-m", "tests.engines.local.no_such_module"], work)
    assert isinstance(process, Subprocess)
    code, output = _finish(process)
    assert code == 1 and "No module named" in output
