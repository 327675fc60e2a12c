# SPDX-License-Identifier: MIT
"""The test application served over real HTTP on 127.0.0.1."""

import threading

from werkzeug.serving import make_server


class LiveServer:
    """A threaded WSGI server whose application is set once it exists.

    It listens before the application is created, so that the application's
    configuration can hold the URL runs call back to.
    """

    def __init__(self):
        """Bind a free port on 127.0.0.1."""
        self.app = None
        self.server = make_server("127.0.0.1", 0, self._dispatch, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _dispatch(self, environ, start_response):
        if self.app is None:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"not ready"]
        return self.app(environ, start_response)

    def start(self):
        """Serve in a daemon thread."""
        self.thread.start()
        return self

    def stop(self):
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()
