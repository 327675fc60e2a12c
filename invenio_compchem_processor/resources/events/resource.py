# SPDX-License-Identifier: MIT
"""REST resource of a draft's run events, served as Server-Sent Events.

The stream URL is asked for with the session or a token; the stream itself
is authorised by its signed token alone, so that ``EventSource`` (which sends
no headers) can open it.
"""

from flask import Response, g, request, stream_with_context, url_for
from flask_resources import resource_requestctx, response_handler
from invenio_records_resources.resources.records.resource import request_view_args

from ...event_bus import EVENT_TYPES
from ..base import ServiceResource, serves


class RunEventsResource(ServiceResource):
    """A stream URL for the user, and the stream."""

    @serves("GET", "url")
    @request_view_args
    @response_handler()
    def stream_url(self):
        """A signed, short-lived URL of the draft's event stream, and its event types."""
        pid = resource_requestctx.view_args["pid_value"]
        token, ttl = self.service.stream_token(g.identity, pid)
        url = url_for(
            f"{self.config.blueprint_name}.stream",
            pid_value=pid,
            token=token,
            _external=True,
        )
        return {"url": url, "expires_in": ttl, "events": list(EVENT_TYPES)}, 200

    @serves("GET", "stream")
    @request_view_args
    def stream(self):
        """The draft's run events, from ``Last-Event-ID`` when reconnecting."""
        events = self.service.open_stream(
            resource_requestctx.view_args["pid_value"],
            request.args.get("token", ""),
            request.headers.get("Last-Event-ID") or request.args.get("lastEventId"),
        )
        return Response(
            stream_with_context(events),
            mimetype="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
