# SPDX-License-Identifier: MIT
"""Live events: latency from publish to SSE client, and memory per open stream.

Run: ``python -m pytest benchmarks/bench_events.py -s -q --no-cov -p no:cacheprovider``

The API is served over HTTP on loopback by a threaded WSGI server (one
thread per stream), Redis is the bus. Streams are opened one after another
(each open reads the database once; PostgreSQL's default allows 100
connections), then events are published to all at once. For 1, 50 and 200 concurrent stream
clients of one draft, 20 events are published one by one and each client
records when it received each; latency is publish -> receive, p50 and p95
over every (client, event) pair. The same run prints the process's resident
memory before and after opening the streams.
"""

import resource
import statistics
import threading
import time
from urllib.parse import urlsplit

import requests

from invenio_compchem_processor import event_bus
from tests.support.live_server import LiveServer

EVENTS = 20


def _rss_mb():
    with open("/proc/self/statm") as fp:
        pages = int(fp.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _client(url, received, ready, done, errors):
    try:
        with requests.get(url, stream=True, timeout=120) as response:
            if response.status_code != 200:
                errors.append(f"HTTP {response.status_code}")
                return
            ready.release()
            for line in response.iter_lines(decode_unicode=True):
                if line.startswith("data:") and '"bench"' in line:
                    value = line.split('"bench": ', 1)[1].split(",")[0].rstrip("}")
                    received.append((int(value), time.perf_counter()))
                    if int(value) == EVENTS - 1:
                        break
    except requests.RequestException as error:
        errors.append(type(error).__name__)
    finally:
        ready.release()
        done.release()


def test_event_latency_and_memory(app, users, client, draft_factory, fake_argo_server):
    for key, value in (("MAX_STREAMS_PER_USER", 1000), ("HEARTBEAT", 5)):
        app.config[f"COMPCHEM_PROCESSOR_EVENTS_{key}"] = value
    server = LiveServer().start()
    server.app = app
    owner_client = users["owner"].login(client)
    record_id = draft_factory()
    res = owner_client.get(f"/records/{record_id}/draft/compchem/events")
    parts = urlsplit(res.json["url"])
    url = f"{server.url}{parts.path}?{parts.query}"
    print("\nclients  p50 ms  p95 ms  max ms  RSS before MB  after MB  per stream KB")
    for count in (1, 50, 200):
        ready, done = threading.Semaphore(0), threading.Semaphore(0)
        inboxes, errors = [[] for _ in range(count)], []
        before = _rss_mb()
        threads = [
            threading.Thread(
                target=_client, args=(url, inbox, ready, done, errors), daemon=True
            )
            for inbox in inboxes
        ]
        for thread in threads:  # one at a time: each open checks permissions in the DB
            thread.start()
            assert ready.acquire(timeout=60)
        time.sleep(1)  # every stream is past its first read
        after = _rss_mb()
        sent = {}
        for number in range(EVENTS):
            sent[number] = time.perf_counter()
            event_bus.publish(record_id, "run.progress", "bench-run", bench=number)
            time.sleep(0.05)
        for _ in range(count):
            done.acquire(timeout=120)
        latencies = sorted(
            (at - sent[number]) * 1000 for inbox in inboxes for number, at in inbox
        )
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(
            f"{count:7d}  {statistics.median(latencies):6.1f}  {p95:6.1f}"
            f"  {latencies[-1]:6.1f}  {before:13.1f}  {after:8.1f}"
            f"  {(after - before) * 1024 / count:13.1f}"
        )
        assert errors == [] and len(latencies) == count * EVENTS, errors[:5]
    server.stop()
