# SPDX-License-Identifier: MIT
"""What the Argo engine costs on top of the HTTP call it makes.

Run from the repository's root with
``python -m benchmarks.bench_argo_client [--rounds N]``. It starts
the fake Argo server of the tests on loopback with zero latency and its
contract checks switched off (so the figures measure the client, not the
fake's validation), then times, interleaved, ``ArgoEngine.submit`` against a
bare ``session.post`` of the same request, and ``ArgoEngine.list_runs`` over
100 runs against a bare ``session.get`` of the same URL followed by
``.json()``. Both sides use their own pooled ``requests.Session``, so the
ratio is the engine's own overhead: building the manifest, reading the token,
mapping errors and turning JSON into ``RunStatus`` objects.
"""

import argparse
import statistics
import time

import requests

from invenio_compchem_processor.engines.argo import ArgoEngine
from invenio_compchem_processor.engines.argo.manifests import (
    LABEL_RECORD,
    build_workflow,
)
from invenio_compchem_processor.engines.argo.runs import LIST_FIELDS
from invenio_compchem_processor.engines.base import RunRequest
from tests.fakes.argo_server import FakeArgoServer, example_template

TOKEN = "bench-token"
TEMPLATE = "compchem-cclib-summary"


def request_for(record_id, sequence):
    """A submit request like the runs service makes."""
    name = f"cclib-summary-{record_id}-{sequence}"
    return RunRequest(
        name=name,
        workflow="cclib-summary",
        record_id=record_id,
        sequence=sequence,
        file_keys=("water.out",),
        parameters={
            "api-url": "https://rdm.test/api",
            "run-name": name,
            "credential": "c" * 40,
        },
        engine_options={"template": TEMPLATE},
    )


def timed(call):
    """Milliseconds one call takes."""
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def bench_submit(engine, bare, url, rounds):
    """Interleaved: the engine's submit, then a bare POST of the same body."""
    ours, theirs = [], []
    headers = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}
    for sequence in range(1, rounds + 1):
        ours.append(timed(lambda: engine.submit(request_for("subma-00001", sequence))))
        body = {
            "namespace": "argo",
            "workflow": build_workflow(request_for("submb-00001", sequence), "argo"),
        }

        def post():
            response = bare.post(
                f"{url}/api/v1/workflows/argo", json=body, headers=headers
            )
            response.raise_for_status()
            response.json()

        theirs.append(timed(post))
    return ours, theirs


def bench_list(engine, bare, url, rounds):
    """Interleaved: list_runs over 100 runs, then a bare GET of the same URL."""
    params = {
        "listOptions.labelSelector": f"{LABEL_RECORD}=lista-00001",
        "listOptions.limit": str(engine.page_size),
        "fields": LIST_FIELDS,
    }
    headers = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}
    ours, theirs = [], []
    for _ in range(rounds):
        ours.append(timed(lambda: engine.list_runs("lista-00001")))

        def get():
            response = bare.get(
                f"{url}/api/v1/workflows/argo", params=params, headers=headers
            )
            response.raise_for_status()
            assert len(response.json()["items"]) == 100

        theirs.append(timed(get))
    return ours, theirs


def report(label, ours, theirs):
    """One line: medians and their ratio."""
    mine, bare = statistics.median(ours), statistics.median(theirs)
    print(f"{label:<28} {mine:9.3f} ms {bare:9.3f} ms {mine / bare:7.2f}x")


def main():
    """Start the fake, fill it, time both pairs, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    rounds = parser.parse_args().rounds
    with FakeArgoServer(validate=False) as fake:
        fake.add_template(example_template(TEMPLATE))
        fake.require_token(TOKEN)
        engine = ArgoEngine(fake.url, "argo", token=TOKEN)
        bare = requests.Session()
        for sequence in range(1, 101):
            engine.submit(request_for("lista-00001", sequence))
        engine.list_runs("lista-00001")  # warm both pools
        bare.get(f"{fake.url}/api/v1/version")
        print(f"fake Argo at {fake.url}, zero latency, validation off, {rounds} rounds")
        print(f"{'call':<28} {'engine':>12} {'bare requests':>13} {'ratio':>8}")
        report("submit", *bench_submit(engine, bare, fake.url, rounds))
        report("list_runs (100 runs)", *bench_list(engine, bare, fake.url, rounds))


if __name__ == "__main__":
    main()
