# SPDX-License-Identifier: MIT
"""The run client's round trips: one request per input's results, throttled progress.

Against the callback API's stand-in on loopback (``tests/fakes/callback_api.py``),
with a processor's output directory as ``cclib-summary`` writes it.
"""

import json

import pytest
from tests.fakes.callback_api import CallbackApiServer

from invenio_compchem_processor.run_client import RunClient
from invenio_compchem_processor.run_steps import (
    RESULTS_MANIFEST,
    TERMINATION_MESSAGE_BYTES,
    download_inputs,
    main,
    report_termination,
    upload_results,
)

CREDENTIAL = "ccr_client-test"
KEYS = ["a.log", "b.log", "c.log"]
ABOUT = {"name": "cclib-summary", "version": "0.1.0"}


@pytest.fixture()
def api():
    """The stand-in, holding three inputs."""
    with CallbackApiServer(CREDENTIAL) as stub:
        stub.files = {key: b"output\n" for key in KEYS}
        yield stub


def _processed(client, work, refused=None):
    """Download the inputs; write what a processor writes for each, or its
    reason for ``refused`` (``{key: reason}``)."""
    names = download_inputs(client, KEYS, str(work))
    out = work / "out" / "cclib-summary"
    out.mkdir(parents=True)
    entries = []
    for local, key in names.items():
        if key in (refused or {}):
            entries.append({"input": local, "status": "failed", "reason": refused[key]})
            continue
        summary = {"processor": {"name": "cclib-summary"}, "formula": "H2O"}
        (out / f"{local}.summary.json").write_text(json.dumps(summary))
        (out / f"{local}.xyz").write_text("3\nwater\n")
        entries.append(
            {
                "input": local,
                "status": "succeeded",
                "outputs": [f"{local}.summary.json", f"{local}.xyz"],
            }
        )
    (out / RESULTS_MANIFEST).write_text(
        json.dumps({"processor": ABOUT, "results": entries})
    )


def _api_calls(stub):
    return [(method, parts[3]) for method, parts, _ in stub.calls if parts[0] == "api"]


def test_a_run_sends_one_request_per_input_and_its_last_report(api, tmp_path):
    client = RunClient(api.url, CREDENTIAL, delay=0.01)
    _processed(client, tmp_path)
    message, failed = upload_results(client, str(tmp_path))
    assert client.end("Succeeded")

    assert (message, failed) == ("3 of 3 files processed", [])
    assert _api_calls(api) == [
        ("GET", "files"),
        ("GET", "files"),
        ("GET", "files"),
        ("POST", "progress"),
        ("POST", "results"),
        ("POST", "results"),
        ("POST", "results"),
        ("POST", "end"),
    ]
    assert api.batches == KEYS
    assert set(api.results) == {
        (key, f"{key}{suffix}") for key in KEYS for suffix in (".summary.json", ".xyz")
    }
    assert set(api.metadata) == set(KEYS)
    assert all(p == ("cclib-summary", "0.1.0") for _, p in api.results.values())
    # Each input's report went with its results; the last is the run's message.
    assert [p["progress"]["done"] for p in api.progress] == [0, 1, 2, 3]
    assert api.progress[-1]["message"] == "3 of 3 files processed"


def test_an_api_without_the_batch_endpoint_gets_one_request_per_file(api, tmp_path):
    api.batch_endpoint = False
    client = RunClient(api.url, CREDENTIAL, delay=0.01, progress_interval=60)
    _processed(client, tmp_path)
    upload_results(client, str(tmp_path))

    calls = _api_calls(api)
    assert calls.count(("POST", "results")) == 1  # asked once, then not again
    assert calls.count(("PUT", "results")) == 6
    assert calls.count(("PUT", "metadata")) == 3
    # Throttled: within the interval only the last report is sent.
    assert [p["progress"]["done"] for p in api.progress] == [0, 3]
    assert api.progress[-1]["message"] == "3 of 3 files processed"


def test_progress_is_sent_when_it_changes_and_not_faster_than_its_interval(api):
    client = RunClient(api.url, CREDENTIAL, progress_interval=60)
    client.progress("parsing", 0, 3)
    client.progress("parsing", 0, 3)  # the same: not sent
    client.progress("parsing", 1, 3)  # within the interval: not sent
    client.progress("done", 3, 3, final=True)  # the last: always sent
    client.progress("done", 3, 3, final=True)  # but not twice
    assert [p["progress"]["done"] for p in api.progress] == [0, 3]

    client.progress_interval = 0
    client.progress("again", 3, 3)
    assert len(api.progress) == 3


def _upload_in_a_container(api, work, termination_log, monkeypatch):
    """``run_client upload`` as the Argo template's write-results runs it."""
    for name, value in {
        "API_URL": api.url,
        "RUN_CREDENTIAL": CREDENTIAL,
        "WORK_DIR": str(work),
        "TERMINATION_LOG": str(termination_log),
        "HTTP_RETRY_DELAY": "0.01",
    }.items():
        monkeypatch.setenv(name, value)
    return main(["upload"])


def test_a_refused_file_s_reason_is_the_container_s_termination_message(
    api, tmp_path, monkeypatch
):
    reason = "the file ends before the calculation finished"
    _processed(RunClient(api.url, CREDENTIAL), tmp_path, {"b.log": reason})
    termination_log = tmp_path / "termination-log"
    termination_log.write_bytes(b"")  # Kubernetes mounts it, empty

    assert _upload_in_a_container(api, tmp_path, termination_log, monkeypatch) == 1
    assert termination_log.read_text() == f"b.log: {reason}"
    assert api.progress[-1]["message"] == f"b.log: {reason}"


def test_a_run_without_refusals_or_kubernetes_leaves_no_termination_message(
    api, tmp_path, monkeypatch
):
    _processed(RunClient(api.url, CREDENTIAL), tmp_path)
    termination_log = tmp_path / "termination-log"
    termination_log.write_bytes(b"")
    assert _upload_in_a_container(api, tmp_path, termination_log, monkeypatch) == 0
    assert termination_log.read_bytes() == b""

    assert not report_termination("a reason", str(tmp_path / "not-mounted"))
    assert not (tmp_path / "not-mounted").exists()


def test_a_long_termination_message_is_cut_to_what_kubernetes_keeps(tmp_path):
    termination_log = tmp_path / "termination-log"
    termination_log.write_bytes(b"")
    assert report_termination("é" * TERMINATION_MESSAGE_BYTES, str(termination_log))
    data = termination_log.read_bytes()
    assert len(data) <= TERMINATION_MESSAGE_BYTES
    assert data.decode("utf-8").endswith("é…")
