# SPDX-License-Identifier: MIT
"""The demo stops cleanly: Ctrl-C or SIGTERM ends every process it started.

A small program drives ``examples/demo_children.py`` as ``examples/demo.py``
does (children in groups of their own, one with a grandchild, one that ends
on its own while the demo waits with ``--keep``); the test signals it as a
terminal would (its whole foreground group) and looks at what is left.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

DRIVER = """
import os, sys, time
from examples.demo_children import Children, Stopped, exit_quietly, stop_on_signals

def main():
    children = Children({log_dir!r})
    try:
        sleeper = children.start("sleeper", [sys.executable, "-c", "import time; time.sleep(120)"])
        # A child whose own child shares its group: both must end.
        parent = children.start("parent", ["sh", "-c", "sleep 120 & echo $! > {log_dir}/grandchild; wait"])
        # Ignores SIGTERM: only SIGKILL after the grace ends it.
        stubborn = children.start("stubborn", [sys.executable, "-c",
            "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(120)"])
        quick = children.start("quick", [sys.executable, "-c", "pass"])
        groups = [p.pid for p in (sleeper, parent, stubborn, quick)]
        print(" ".join(map(str, groups)), flush=True)
        children.wait(report=lambda text: print(text, flush=True), interval=0.1)
    finally:
        children.stop(grace=1.0)

with stop_on_signals():
    try:
        sys.exit(main())
    except Stopped as error:
        sys.exit(exit_quietly(error))
"""


def _group_members(group):
    """Pids of live processes whose process group is ``group``.

    A grandchild whose parent ended first is the init process's to reap; as
    a zombie it no longer runs, so it does not count.
    """
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            members.append((int(entry), fields[0]))
    return members


def _state(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_ends_every_child_without_a_traceback(tmp_path, signum):
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER.format(log_dir=str(tmp_path)))
    demo = subprocess.Popen(
        [sys.executable, str(driver)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own foreground group, as in a terminal
    )
    try:
        groups = [int(pid) for pid in demo.stdout.readline().split()]
        assert len(groups) == 4, demo.stderr.read()
        grandchild_file = tmp_path / "grandchild"
        deadline = time.monotonic() + 10
        while not grandchild_file.exists() or not grandchild_file.read_text().strip():
            assert time.monotonic() < deadline, "the grandchild did not start"
            time.sleep(0.05)
        grandchild = int(grandchild_file.read_text())
        assert demo.stdout.readline().strip() == "quick exited with code 0"
        assert _state(groups[3]) is None  # reaped: not a zombie
        assert _group_members(groups[1]) and _state(grandchild) not in (None, "Z")

        os.killpg(demo.pid, signum)  # what Ctrl-C does to the foreground group
        stdout, stderr = demo.communicate(timeout=30)
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()

    assert demo.returncode == 128 + signum
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert "every process the demo started has ended" in stderr
    for group in groups:
        assert _group_members(group) == [], f"group {group} still has processes"
    assert _state(grandchild) in (None, "Z")
