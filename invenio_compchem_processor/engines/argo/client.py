# SPDX-License-Identifier: MIT
"""The Argo Server's HTTP transport: session, token, timeouts, typed errors.

Plain ``requests`` rather than hera: every call gets an explicit (connect,
read) timeout, streams are parsed the way the real server sends them (see
``stream_format``), and the dependency tree stays small. The session's
adapter carries urllib3's ``Retry`` policy: no call is repeated here (the
services decide when to try again), but the policy is what reads a refusal's
``Retry-After`` in either of its forms.
"""

import logging
import math
import time
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import InvalidHeader
from urllib3.util.retry import Retry

from ..errors import EngineAuthError, EngineUnavailableError, error_for_status

logger = logging.getLogger(__name__)

JSON = "application/json"

NO_RETRIES = Retry(total=0, read=False, status=False, raise_on_status=False)
"""Never repeat a call (Argo's create is not idempotent); read ``Retry-After``."""


def retry_after(response):
    """A response's ``Retry-After`` in whole seconds, or ``None``."""
    try:
        seconds = NO_RETRIES.get_retry_after(response.raw)
    except (InvalidHeader, AttributeError):
        return None
    return None if seconds is None else math.ceil(seconds)


def verify_setting(value):
    """``VERIFY`` may come from the environment as a string."""
    if isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
        return value.lower() in ("true", "1")
    return value


class ArgoClient:
    """Calls to one Argo Server namespace, each answered or mapped to an error."""

    def __init__(
        self,
        url,
        namespace,
        token=None,
        token_file=None,
        verify=True,
        connect_timeout=3.05,
        read_timeout=30,
        session=None,
    ):
        """Configure the client; nothing is sent until the first call.

        ``token_file`` is re-read on every call, so a rotated service-account
        token is picked up without a restart.
        """
        if token and token_file:
            raise ValueError("Give the Argo token or a token file, not both.")
        self.url = url.rstrip("/")
        self.namespace = namespace
        self._token_value = token
        self.token_file = token_file
        self.verify = verify
        self.timeout = (float(connect_timeout), float(read_timeout))
        self.session = session or requests.Session()
        adapter = HTTPAdapter(max_retries=NO_RETRIES)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def __repr__(self):
        """Never shows the token."""
        return f"<ArgoClient {self.url} namespace={self.namespace}>"

    def _token(self):
        if not self.token_file:
            return self._token_value
        try:
            with open(self.token_file, encoding="utf-8") as handle:
                return handle.read().strip()
        except OSError as error:
            raise EngineAuthError(
                f"Cannot read the Argo token file {self.token_file}: {error.strerror}"
            ) from None

    def path(self, collection, *parts):
        """``/api/v1/{collection}/{namespace}/{parts...}``, each part quoted."""
        segments = (self.namespace, *parts)
        return f"/api/v1/{collection}/" + "/".join(quote(s, safe="") for s in segments)

    def request(self, method, path, params=None, body=None, stream=False, accept=JSON):
        """Send one call; answer the response or raise the typed error."""
        headers = {"Accept": accept}
        token = self._token()
        if token:
            headers["Authorization"] = (
                token if token.startswith("Bearer ") else f"Bearer {token}"
            )
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                self.url + path,
                params=params,
                json=body,
                headers=headers,
                timeout=self.timeout,
                verify=self.verify,
                stream=stream,
            )
        except requests.Timeout:
            raise EngineUnavailableError(
                f"Argo Server did not answer {method} {path} in time."
            ) from None
        except requests.RequestException as error:
            raise EngineUnavailableError(
                f"Argo Server unreachable for {method} {path} ({type(error).__name__})."
            ) from None
        logger.debug(
            "Argo %s %s -> %s in %.3f s",
            method,
            path,
            response.status_code,
            time.monotonic() - started,
        )
        if response.status_code >= 400:
            raise self._error(response)
        return response

    @staticmethod
    def _error(response):
        try:
            message = response.json().get("message")
        except (ValueError, AttributeError):
            message = None
        finally:
            response.close()
        message = message or f"HTTP {response.status_code} {response.reason}"
        return error_for_status(response.status_code, message, retry_after(response))

    def json(self, method, path, params=None, body=None):
        """The JSON answer of one call."""
        response = self.request(method, path, params=params, body=body)
        try:
            return response.json()
        except ValueError:
            raise EngineUnavailableError(
                f"Argo Server answered {method} {path} with invalid JSON."
            ) from None
