# SPDX-License-Identifier: MIT
"""The demo's SMTP sink receives a digest over real SMTP and prints it."""

import io
import socket

import pytest

from examples import smtp_sink
from invenio_compchem_processor.notifications.tasks import notify_run_ended
from tests.support.run_endings import end, run_names

KEY = "qchem5-dvb_ir.out"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def sink(app):
    """The sink on a free port, and invenio-mail sending to it."""
    out = io.StringIO()
    port = _free_port()
    controller = smtp_sink.start(port=port, out=out)
    mail = app.extensions["mail"]
    saved = (mail.server, mail.port, mail.suppress)
    mail.server, mail.port, mail.suppress = "127.0.0.1", port, False
    yield out
    mail.server, mail.port, mail.suppress = saved
    controller.stop()


def test_the_sink_prints_the_digest_it_received(
    app, users, draft_factory, fake_argo_server, run_client, sink
):
    record_id = draft_factory([KEY], share=False)
    (name,) = run_names(record_id)
    end(run_client, fake_argo_server, name, "Succeeded")
    notify_run_ended.delay(name)

    printed = sink.getvalue()
    assert "to owner@example.org\n" in printed
    assert (
        "Subject: Processing of 1 file of 'Computational chemistry outputs'"
        in printed
    )
    assert f"- {KEY} (cclib-summary): succeeded" in printed.splitlines()
    assert f"https://127.0.0.1:5000/uploads/{record_id}" in printed
