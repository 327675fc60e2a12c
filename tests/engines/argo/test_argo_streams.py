# SPDX-License-Identifier: MIT
"""Log and watch streams of the Argo engine: NDJSON, SSE, faults, resuming."""

import itertools
import threading

import pytest
from tests.fakes.argo_controller import fnv32a

from invenio_compchem_processor.engines.base import Phase
from invenio_compchem_processor.engines.errors import (
    EngineAuthError,
    EngineRunNotFoundError,
    EngineUnavailableError,
)

READ_TIMEOUT = 1.0
RUN = "cclib-summary-abcde-12345-1"
STEP_A, STEP_B = (f"{RUN}-{fnv32a(f'{RUN}.{step}')}" for step in "ab")
"""Node ids of two steps of the ``end-run`` template, one container each."""
POD_A, POD_B = (step.replace(f"{RUN}-", f"{RUN}-end-run-") for step in (STEP_A, STEP_B))
"""Their pods, named as Argo names pods (v2)."""


@pytest.fixture()
def run(fake_argo, argo_engine, make_request):
    """A running run with two steps' logs."""
    argo_engine.submit(make_request())
    fake_argo.set_phase(RUN, "Running")
    for step in "ab":
        fake_argo.add_node(RUN, step, "Running", template_name="end-run")
    fake_argo.add_log(RUN, POD_A, ["SCF converged", "E = -76.02"])
    fake_argo.add_log(RUN, POD_B, ["parsing water.out", "done"])
    return RUN


def later(seconds, action, *args, **kw):
    """Do something on the server side while the test reads a stream."""
    timer = threading.Timer(seconds, action, args, kw)
    timer.daemon = True
    timer.start()
    return timer


@pytest.mark.parametrize("stream_format", [None, "sse"])
def test_logs_of_all_steps_in_ndjson_and_sse(
    fake_argo, argo_engine, run, stream_format
):
    fake_argo.stream_format = stream_format
    lines = list(argo_engine.logs(run))
    assert [(line.step, line.content) for line in lines] == [
        (STEP_A, "SCF converged"),
        (STEP_A, "E = -76.02"),
        (STEP_B, "parsing water.out"),
        (STEP_B, "done"),
    ]
    assert all(line.timestamp is not None for line in lines)
    assert lines[0].timestamp < lines[-1].timestamp
    query = fake_argo.requests[-1]["query"]
    assert query["logOptions.container"] == ["main"]
    assert query["logOptions.timestamps"] == ["true"]
    assert fake_argo.requests[-1]["accept"] == "application/json"


def test_logs_of_one_step_use_the_pod_endpoint(fake_argo, argo_engine, run):
    lines = list(argo_engine.logs(run, step=STEP_B, tail_lines=1))
    assert [(line.step, line.content) for line in lines] == [(STEP_B, "done")]
    request = fake_argo.requests[-1]
    assert request["path"] == f"/api/v1/workflows/argo/{RUN}/{POD_B}/log"
    assert request["query"]["logOptions.tailLines"] == ["1"]


def test_logs_grep_and_since_seconds(fake_argo, argo_engine, run):
    assert [line.content for line in argo_engine.logs(run, grep="SCF|done")] == [
        "SCF converged",
        "done",
    ]
    assert list(argo_engine.logs(run, since_seconds=0)) == []
    assert fake_argo.requests[-1]["query"]["logOptions.sinceSeconds"] == ["0"]


def test_logs_of_an_unknown_run_or_pod_are_not_found(argo_engine, run):
    with pytest.raises(EngineRunNotFoundError):
        list(argo_engine.logs("nope-abcde-12345-1"))
    with pytest.raises(EngineRunNotFoundError, match="no step"):
        list(argo_engine.logs(run, step="no-such-step"))


def test_follow_asks_for_sse_whose_keepalives_outlast_the_read_timeout(
    fake_argo, argo_engine, run
):
    later(0.3, fake_argo.add_log, run, POD_A, ["step 2"])
    later(READ_TIMEOUT + 0.8, fake_argo.add_log, run, POD_A, ["step 3"])
    later(READ_TIMEOUT + 1.0, fake_argo.set_phase, run, "Succeeded")

    lines = [line.content for line in argo_engine.logs(run, follow=True)]

    assert lines[-2:] == ["step 2", "step 3"] and len(lines) == 6
    assert fake_argo.requests[-1]["accept"] == "text/event-stream"
    assert fake_argo.counts["keep-alives"] > 0  # what bridged the quiet gap


def test_a_quiet_ndjson_follow_stream_reads_as_stalled(fake_argo, argo_engine, run):
    fake_argo.stream_format = "ndjson"  # e.g. a proxy that drops the Accept header
    stream = argo_engine.logs(run, follow=True)
    assert [next(stream).content for _ in range(4)][-1] == "done"
    with pytest.raises(EngineUnavailableError, match="stalled"):
        next(stream)


@pytest.mark.parametrize("stream_format", ["ndjson", "sse"])
@pytest.mark.parametrize(
    "status, error", [(503, EngineUnavailableError), (403, EngineAuthError)]
)
def test_a_mid_stream_error_raises_its_typed_error(
    fake_argo, argo_engine, run, stream_format, status, error
):
    fake_argo.stream_format = stream_format
    fake_argo.inject("stream_error", after=1, status=status, message="pod gone")
    stream = argo_engine.logs(run)
    assert next(stream).content == "SCF converged"
    with pytest.raises(error, match="pod gone"):
        next(stream)


def test_a_stalled_stream_raises_unavailable_after_the_read_timeout(
    fake_argo, argo_engine, run
):
    fake_argo.inject("stall", after=2, seconds=10)
    stream = argo_engine.logs(run)
    assert [next(stream).content for _ in range(2)] == ["SCF converged", "E = -76.02"]
    with pytest.raises(EngineUnavailableError, match="stalled"):
        next(stream)


def test_logs_of_a_container_set_come_from_each_of_its_containers(
    fake_argo, argo_engine, make_request
):
    argo_engine.submit(make_request())
    fake_argo.set_phase(RUN, "Running")
    pod_step = fake_argo.add_node(RUN, RUN, "Running", template_name="main")
    fake_argo.add_node(RUN, "onExit", "Running", template_name="end-run")
    nodes = fake_argo.state.get_workflow(RUN)["status"]["nodes"]
    containers = {
        n["displayName"]: i for i, n in nodes.items() if n["type"] == "Container"
    }
    exit_pod = f"{RUN}-end-run-{fnv32a(f'{RUN}.onExit')}"
    for container, line in [
        ("read-inputs", "downloaded 1 file"),
        ("cclib-summary", "[1/1] water.out: ok"),
        ("write-results", "uploaded 2 results"),
    ]:
        fake_argo.add_log(RUN, RUN, [line], container=container)  # the root pod
    fake_argo.add_log(RUN, exit_pod, ["run ended"])

    lines = [(line.step, line.content) for line in argo_engine.logs(RUN)]

    assert lines == [
        (containers["read-inputs"], "downloaded 1 file"),
        (containers["cclib-summary"], "[1/1] water.out: ok"),
        (containers["write-results"], "uploaded 2 results"),
        (f"{RUN}-{fnv32a(f'{RUN}.onExit')}", "run ended"),
    ]
    one = list(argo_engine.logs(RUN, step=containers["cclib-summary"]))
    assert [line.content for line in one] == ["[1/1] water.out: ok"]
    assert fake_argo.requests[-1]["path"] == f"/api/v1/workflows/argo/{RUN}/{RUN}/log"
    assert fake_argo.requests[-1]["query"]["logOptions.container"] == ["cclib-summary"]
    pod = [line.content for line in argo_engine.logs(RUN, step=pod_step)]
    assert pod == ["downloaded 1 file", "[1/1] water.out: ok", "uploaded 2 results"]


def _watch_calls(fake_argo):
    return [
        r for r in fake_argo.requests if r["path"] == "/api/v1/workflow-events/argo"
    ]


@pytest.mark.parametrize("stream_format", ["ndjson", "sse"])
def test_watch_reports_changes_of_the_records_runs(
    fake_argo, argo_engine, make_request, stream_format
):
    fake_argo.stream_format = stream_format
    argo_engine.submit(make_request(sequence=1))
    argo_engine.submit(make_request(record_id="zzzzz-99999"))
    events = argo_engine.watch("abcde-12345")
    first = next(events)
    assert (first.type, first.run.name, first.run.phase) == (
        "ADDED",
        RUN,
        Phase.PENDING,
    )

    later(0.1, fake_argo.set_phase, "cclib-summary-zzzzz-99999-1", "Running")
    later(0.2, fake_argo.set_phase, RUN, "Running", progress="0/1")
    later(0.3, fake_argo.state.delete_workflow, RUN)
    changes = [(e.type, e.run.name, e.run.phase) for e in itertools.islice(events, 2)]
    events.close()

    assert changes == [
        ("MODIFIED", RUN, Phase.RUNNING),
        ("DELETED", RUN, Phase.RUNNING),
    ]
    selector = _watch_calls(fake_argo)[0]["query"]["listOptions.labelSelector"]
    assert selector == ["compchem.inveniordm.org/record=abcde-12345"]


def test_watch_resumes_from_the_last_resource_version_after_a_drop(
    fake_argo, argo_engine, make_request
):
    start = fake_argo.state.version
    argo_engine.submit(make_request())
    fake_argo.set_phase(RUN, "Running")
    fake_argo.set_phase(RUN, "Succeeded")
    fake_argo.inject("drop", after=2, path="/workflow-events")

    events = list(itertools.islice(argo_engine.watch(version=start), 3))

    assert [(e.type, e.run.phase) for e in events] == [
        ("ADDED", Phase.PENDING),
        ("MODIFIED", Phase.RUNNING),
        ("MODIFIED", Phase.SUCCEEDED),
    ]
    first, second = _watch_calls(fake_argo)
    assert first["query"]["listOptions.resourceVersion"] == [start]
    assert second["query"]["listOptions.resourceVersion"] == [events[1].run.version]
    assert first["query"]["listOptions.labelSelector"] == [
        "compchem.inveniordm.org/record"
    ]


def test_watch_reconnects_after_a_stall(fake_argo, argo_engine, make_request):
    argo_engine.submit(make_request())
    fake_argo.inject("stall", path="/workflow-events", seconds=10)
    [event] = itertools.islice(argo_engine.watch("abcde-12345"), 1)
    assert event.run.name == RUN and len(_watch_calls(fake_argo)) == 2


def test_watch_gives_up_after_bounded_attempts(fake_argo, argo_engine):
    fake_argo.inject(503, count=10, path="/workflow-events")
    with pytest.raises(EngineUnavailableError, match="lost 3 times"):
        next(argo_engine.watch("abcde-12345"))
    assert len(_watch_calls(fake_argo)) == 3  # watch_attempts=2 reopenings


def test_watch_resumes_from_now_when_its_version_was_compacted(
    fake_argo, argo_engine, make_request
):
    start = fake_argo.state.version
    argo_engine.submit(make_request())
    fake_argo.set_phase(RUN, "Running")
    fake_argo.state.compact()  # etcd forgot the versions a resumed watch asks for

    events = argo_engine.watch(version=start)
    first = next(events)
    later(0.1, fake_argo.set_phase, RUN, "Succeeded")
    second = next(events)
    events.close()

    assert (first.type, first.run.name, first.run.phase) == (
        "ADDED",
        RUN,
        Phase.RUNNING,
    )
    assert (second.type, second.run.phase) == ("MODIFIED", Phase.SUCCEEDED)
    expired, fresh = (call["query"] for call in _watch_calls(fake_argo))
    assert expired["listOptions.resourceVersion"] == [start]
    assert "listOptions.resourceVersion" not in fresh
