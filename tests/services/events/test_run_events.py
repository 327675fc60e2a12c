# SPDX-License-Identifier: MIT
"""Live run events: signed stream URLs, Server-Sent Events over real HTTP, resume."""

import threading
import time
from urllib.parse import urlsplit

import pytest
import requests
from invenio_access.permissions import system_identity
from invenio_rdm_records.proxies import current_rdm_records_service

from tests.support.drafts import post
from tests.support.live_server import LiveServer
from invenio_compchem_processor import event_bus

KEY = "psi4-water_mp2.out"


@pytest.fixture(autouse=True)
def _fast_streams(app, monkeypatch):
    for name, value in (("HEARTBEAT", 1), ("RECHECK", 1)):
        monkeypatch.setitem(app.config, f"COMPCHEM_PROCESSOR_EVENTS_{name}", value)


@pytest.fixture()
def live_server(app):
    server = LiveServer().start()
    server.app = app
    yield server
    server.stop()


def _stream_path(client, record_id):
    res = client.get(f"/records/{record_id}/draft/compchem/events")
    assert res.status_code == 200, res.json
    assert res.json["expires_in"] > 0
    assert res.json["events"] == list(event_bus.EVENT_TYPES)
    parts = urlsplit(res.json["url"])
    return f"{parts.path}?{parts.query}"


class Listener:
    """An SSE client on a thread: the events it received, as (id, type, data)."""

    def __init__(self, url, last_event_id=None):
        # What a browser's EventSource sends.
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        self.response = requests.get(url, stream=True, headers=headers, timeout=30)
        self.events, self.closed = [], threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        event = {}
        try:
            for line in self.response.iter_lines(decode_unicode=True):
                if line == "":
                    if "event" in event:
                        self.events.append(event)
                    event = {}
                elif not line.startswith(":") and ":" in line:
                    field, _, value = line.partition(":")
                    event[field] = value.strip()
        except requests.RequestException:
            pass
        finally:
            self.closed.set()

    def wait_for(self, condition, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [e for e in self.events if condition(e)]
            if found:
                return found[0]
            time.sleep(0.05)
        raise AssertionError(f"no such event; got {self.events}")

    def close(self):
        self.response.close()


def test_events_reach_a_stream_over_http_and_resume_without_gaps(
    app, users, client, draft_factory, fake_argo_server, live_server
):
    owner_client = users["owner"].login(client)
    record_id = draft_factory([KEY])
    path = _stream_path(owner_client, record_id)
    listener = Listener(live_server.url + path)
    assert listener.response.status_code == 200
    assert listener.response.headers["Content-Type"].startswith("text/event-stream")

    # A start, committed, is an event on the stream.
    fake_argo_server.set_phase(f"cclib-summary-{record_id}-1", "Succeeded")
    res = post(
        owner_client,
        f"/records/{record_id}/draft/compchem/runs",
        {"workflow": "cclib-summary", "files": [KEY]},
    )
    assert res.status_code == 201
    created = listener.wait_for(lambda e: e["event"] == "run.created")
    assert res.json["name"] in created["data"] and KEY in created["data"]
    listener.close()

    # Events published while nobody listened are delivered on reconnection.
    for number in range(3):
        event_bus.publish(record_id, "run.progress", res.json["name"], n=number)
    again = Listener(live_server.url + path, last_event_id=created["id"])
    progress = [
        again.wait_for(lambda e, n=n: e["event"] == "run.progress" and f'"n": {n}' in e["data"])
        for n in range(3)
    ]
    assert [p["id"] for p in progress] == sorted(p["id"] for p in progress)
    again.close()


def test_stream_urls_are_scoped_signed_and_short_lived(
    app, users, client, draft_factory, fake_argo_server, monkeypatch
):
    owner_client = users["owner"].login(client)
    record_id = draft_factory()
    other_id = draft_factory()
    path = _stream_path(owner_client, record_id)
    token = path.split("token=", 1)[1]
    anonymous = app.test_client()

    forged = anonymous.get(path[:-3] + "abc")
    assert forged.status_code == 401
    other = anonymous.get(f"/records/{other_id}/draft/compchem/events/stream?token={token}")
    assert other.status_code == 403
    monkeypatch.setitem(app.config, "COMPCHEM_PROCESSOR_EVENTS_URL_TTL", 1)
    time.sleep(2.1)
    expired = anonymous.get(path)
    assert expired.status_code == 401 and "expired" in expired.json["message"]
    assert "ccr_" not in expired.get_data(as_text=True)


def test_only_readers_get_stream_urls(app, users, client, draft_factory, fake_argo_server):
    record_id = draft_factory()
    stranger = users["stranger"].login(client)
    assert stranger.get(f"/records/{record_id}/draft/compchem/events").status_code == 403
    anonymous = app.test_client()
    assert anonymous.get(f"/records/{record_id}/draft/compchem/events").status_code == 403


def test_a_stream_closes_when_access_is_revoked(
    app, users, draft_factory, fake_argo_server, live_server
):
    record_id = draft_factory()
    previewer = users["previewer"].login(app.test_client())
    listener = Listener(live_server.url + _stream_path(previewer, record_id))
    assert listener.response.status_code == 200
    grants = current_rdm_records_service.access.read_all_grants(
        system_identity, record_id
    ).to_dict()["hits"]["hits"]
    for grant in grants:
        if grant["permission"] == "preview":
            current_rdm_records_service.access.delete_grant(
                system_identity, record_id, grant["id"]
            )
    closed = listener.wait_for(lambda e: e["event"] == "closed")
    assert "access" in closed["data"]
    assert listener.closed.wait(10)


def test_open_streams_per_user_are_capped(
    app, users, client, draft_factory, fake_argo_server, live_server, monkeypatch
):
    monkeypatch.setitem(app.config, "COMPCHEM_PROCESSOR_EVENTS_MAX_STREAMS_PER_USER", 1)
    owner_client = users["owner"].login(client)
    record_id = draft_factory()
    path = _stream_path(owner_client, record_id)
    first = Listener(live_server.url + path)
    assert first.response.status_code == 200
    second = requests.get(live_server.url + path, timeout=10)
    assert second.status_code == 429 and second.headers["Retry-After"]
    first.close()
