# SPDX-License-Identifier: MIT
"""A local SMTP sink for the demo: prints every email it receives, sends none.

Run it, then point the instance's mail at it::

    python examples/smtp_sink.py --port 8025
    # invenio.cfg (or INVENIO_ environment variables):
    MAIL_SERVER = "127.0.0.1"
    MAIL_PORT = 8025
    MAIL_SUPPRESS_SEND = False

Digests of ended runs (docs/notifications.rst) then appear on its output:
sender, recipients, subject and the plain-text body.
"""

import argparse
import email
import email.policy
import sys
import threading

from aiosmtpd.controller import Controller


def plain_text(message):
    """The message's text/plain part, or its first text part."""
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""


class PrintingHandler:
    """aiosmtpd handler that writes each message it accepts to ``out``.

    With ``out=None`` it keeps the text in ``printed`` for its owner to show.
    """

    def __init__(self, out=sys.stdout):
        """Constructor."""
        self.out = out
        self.received = []
        self.printed = []

    async def handle_DATA(self, server, session, envelope):
        """Print the message and accept it."""
        message = email.message_from_bytes(
            envelope.content, policy=email.policy.default
        )
        # A subject folded right after "Subject:" keeps the fold's space.
        subject = str(message["Subject"] or "").strip()
        text = (
            f"--- mail from {envelope.mail_from} to {', '.join(envelope.rcpt_tos)}\n"
            f"Subject: {subject}\n\n{plain_text(message).rstrip()}\n\n"
        )
        self.printed.append(text)
        self.received.append(message)
        if self.out is not None:
            self.out.write(text)
            self.out.flush()
        return "250 Message accepted for delivery"


def start_sink(handler, host="127.0.0.1", port=8025):
    """Start a sink with ``handler`` in a background thread; its controller (``.stop()``)."""
    controller = Controller(handler, hostname=host, port=port)
    controller.start()
    return controller


def start(host="127.0.0.1", port=8025, out=sys.stdout):
    """Start a printing sink in a background thread; answers its controller."""
    return start_sink(PrintingHandler(out), host, port)


def main(argv=None):
    """Serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    args = parser.parse_args(argv)
    controller = start(args.host, args.port)
    print(f"SMTP sink listening on {args.host}:{args.port}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
