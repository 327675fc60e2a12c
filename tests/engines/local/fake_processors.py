# SPDX-License-Identifier: MIT
"""Processors that misbehave, run as ``python -m`` (so the local engine forks them warm).

``python -m tests.engines.local.fake_processors BEHAVIOUR INPUT_DIR OUTPUT_DIR``
"""

import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time


def exit_hard():
    """Leave without any cleanup, as a crashing extension would."""
    print("leaving with os._exit(7)", flush=True)
    os._exit(7)


def segfault():
    """Die of SIGSEGV, as a broken parser in C would."""
    print("about to crash", flush=True)
    os.kill(os.getpid(), signal.SIGSEGV)


def sleep_with_a_child():
    """Start a grandchild, say both pids, and sleep: a stop must kill both."""
    child = subprocess.Popen(["sleep", "120"])
    print(f"pids {os.getpid()} {child.pid}", flush=True)
    time.sleep(120)


def describe():
    """What the processor was given: environment, limits, threads, session."""
    output_dir = sys.argv[3]
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    facts = {
        "env": dict(os.environ),
        "memory_limit": None if soft == resource.RLIM_INFINITY else soft,
        "threads": threading.active_count(),
        "session_leader": os.getsid(0) == os.getpid(),
        "group_leader": os.getpgid(0) == os.getpid(),
        "cwd": os.getcwd(),
        "argv": sys.argv[1:],
    }
    with open(os.path.join(output_dir, "facts.json"), "w") as fp:
        json.dump(facts, fp)
    print("described", flush=True)
    print("to stderr", file=sys.stderr, flush=True)


def allocate():
    """Ask for 2 GiB: refused under the engine's memory limit."""
    try:
        block = bytearray(2 << 30)
    except MemoryError:
        print("MemoryError", flush=True)
        sys.exit(3)
    print(f"allocated {len(block)}", flush=True)


BEHAVIOURS = {
    "exit": exit_hard,
    "segfault": segfault,
    "sleep": sleep_with_a_child,
    "describe": describe,
    "allocate": allocate,
}

if __name__ == "__main__":
    BEHAVIOURS[sys.argv[1]]()
